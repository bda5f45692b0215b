/* vmatop: parse the command line, dispatch to one mode. */
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "commands.h"

void vt_errorf(const char *fmt, ...)
{
	va_list ap;
	fputs("vmatop: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
		fputs(vt_usage(), stdout);
		return 0;
	case VT_MODE_VERSION:
		printf("vmatop %s\ncounting backends: %s\n", VMATOP_VERSION, vt_backends_compiled());
		return 0;
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
