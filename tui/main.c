/* vmatop: parse the command line, dispatch to one mode. */
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "commands.h"

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
		return o.demo ? vt_cmd_demo(&o) : vt_cmd_batch(&o);
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
