/* vmatop: parse the command line, dispatch to one mode. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "commands.h"
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

/* --help and -V: a write error (stdout on /dev/full, closed) is an error. */
static int put_stdout(const char *text)
{
	if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		vt_errorf("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	vt_opts o;
	char *cause = NULL;

	setlocale(LC_ALL, "");
	vt_opts_defaults(&o);
	if (vt_opts_parse(&o, argc, argv, &cause) < 0) {
		bool check = vt_args_want_check(argc, argv);
		vt_errorf("%s", cause ? cause : "bad arguments");
		fputs("Try 'vmatop --help' for more information.\n", stderr);
		if (check)   /* a monitoring plugin: UNKNOWN, never CRITICAL */
			printf("VMATOP UNKNOWN - bad arguments: %s\n", cause ? cause : "see --help");
		free(cause);
		return check ? 3 : 2;
	}
	switch (o.mode) {
	case VT_MODE_HELP:
		return put_stdout(vt_usage());
	case VT_MODE_VERSION: {
		char v[256];
		snprintf(v, sizeof(v), "vmatop %s\ncounting backends: %s\n", VMATOP_VERSION,
			 vt_backends_compiled());
		return put_stdout(v);
	}
	case VT_MODE_BATCH:
		return vt_cmd_batch(&o);
	case VT_MODE_MAPS:
		return vt_cmd_maps(&o);
	case VT_MODE_CHECK:
		return vt_cmd_check(&o);
	case VT_MODE_ADVISE:
		return vt_cmd_advise(&o);
	case VT_MODE_EVENTS:
		return vt_cmd_events(&o);
	case VT_MODE_RECORD:
		return vt_cmd_record(&o);
	case VT_MODE_HISTORY:
		return vt_cmd_history(&o);
	case VT_MODE_TUI:
		break;
	}
	return vt_tui_main(&o);
}
