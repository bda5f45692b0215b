/* What every command shares: the one error line, the scan filter from the
 * options, the report of -p pids that are not there. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vmatop/sanitize.h"

/* One line on stderr; bytes from arguments or processes (control bytes,
 * invalid UTF-8, invisible characters) go through the sanitizer first. */
void vt_errorf(const char *fmt, ...)
{
	char raw[1024], clean[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(raw) ? (size_t)n : sizeof(raw) - 1;
	vt_sanitize(clean, sizeof(clean), raw, len, vt_locale_is_utf8() ? 0 : VT_SAN_ASCII);
	fprintf(stderr, "vmatop: %s\n", clean);
}

void vt_filter_from_opts(vt_filter *f, const vt_opts *o)
{
	memset(f, 0, sizeof(*f));
	f->pids = o->npids ? o->pids : NULL;
	f->npids = (size_t)o->npids;
	f->by_uid = o->by_uid;
	f->uid = o->uid;
	f->show_kthreads = o->show_kthreads || o->npids > 0;
	f->cgroup = o->cgroup;
}

int vt_report_missing_pids(const vt_opts *o, const vt_snapshot *s)
{
	int missing = 0;
	for (int i = 0; i < o->npids; i++) {
		if (!vt_snapshot_find(s, o->pids[i])) {
			if (missing < 10)
				vt_errorf("no process with pid %d", (int)o->pids[i]);
			missing++;
		}
	}
	if (missing > 10)
		vt_errorf("... and %d more -p pids with no process", missing - 10);
	return missing;
}
