/* --check [WARN,CRIT]: one scan, one monitoring-plugin line, the plugin's
 * exit status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).  -p / -u narrow what
 * is checked; the wording and the decision are vt_write_check's. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/export.h"
#include "vmatop/privs.h"
#include "vmatop/sanitize.h"
#include "vmatop/scan.h"

/* Fill snap with one scan; on failure print the UNKNOWN line. 0 or -1. */
static int check_scan(const vt_opts *o, vt_snapshot *snap)
{
	char *cause = NULL;
	vt_filter f;
	int rc = -1;
	vt_filter_from_opts(&f, o);
	vt_scanner *sc = vt_scanner_new(NULL, o->backend, &cause);
	if (sc && vt_scanner_backend_note(sc))
		vt_errorf("%s", vt_scanner_backend_note(sc));
	if (sc && vt_privs_keep(vt_privs_for_backend(vt_scanner_backend(sc)), &cause) < 0) {
		vt_scanner_free(sc);
		sc = NULL;
	}
	if (sc && vt_scanner_scan(sc, &f, snap, &cause) == 0)
		rc = 0;
	if (rc < 0)
		printf("VMATOP UNKNOWN - cannot scan: %s\n", cause ? cause : "scanner failed");
	free(cause);
	vt_scanner_free(sc);
	return rc;
}

int vt_cmd_check(const vt_opts *o)
{
	vt_snapshot snap;
	int status = VT_CHECK_UNKNOWN;
	vt_snapshot_init(&snap);
	if (check_scan(o, &snap) == 0) {
		vt_check_opts co = {
			.warn = o->warn,
			.crit = o->crit,
			.pids = o->pids,
			.npids = o->npids,
			.ascii = !vt_locale_is_utf8(),
		};
		status = vt_write_check(stdout, &snap, &co);
	}
	vt_snapshot_free(&snap);
	if (fflush(stdout) == EOF)
		return VT_CHECK_UNKNOWN;
	return status;
}
