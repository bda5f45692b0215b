/* --advise: scan once, print what vm.max_map_count this machine needs, what
 * it costs and how to set it.  vmatop never changes the setting itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/privs.h"
#include "vmatop/advise.h"
#include "vmatop/sanitize.h"
#include "vmatop/scan.h"

/* One scan into snap (the -p/-u selection) and, when there is a selection,
 * one of every process into all for the machine-wide figures.  0, or -1
 * after reporting the error. */
static int advise_scan(const vt_opts *o, vt_snapshot *snap, vt_snapshot *all)
{
	char *cause = NULL;
	vt_filter f, every;
	vt_filter_from_opts(&f, o);
	memset(&every, 0, sizeof(every));
	vt_scanner *sc = vt_scanner_new(NULL, o->backend, &cause);
	if (!sc) {
		vt_errorf("%s", cause ? cause : "cannot start the scanner");
		free(cause);
		return -1;
	}
	int rc = vt_privs_keep(vt_privs_for_backend(vt_scanner_backend(sc)), &cause);
	if (rc == 0)
		rc = vt_scanner_scan(sc, &f, snap, &cause);
	if (rc == 0 && (o->npids > 0 || o->by_uid))
		rc = vt_scanner_scan(sc, &every, all, &cause);
	if (rc < 0) {
		vt_errorf("%s", cause ? cause : "scan failed");
		free(cause);
	}
	vt_scanner_free(sc);
	return rc;
}

/* Headings flush left, their lines under them, commands further in. */
static const char *advise_indent(vt_advise_line_kind kind)
{
	switch (kind) {
	case VT_ADVISE_LINE_TITLE:
	case VT_ADVISE_LINE_BLANK:
		return "";
	case VT_ADVISE_LINE_COMMAND:
		return "    ";
	default:
		return "  ";
	}
}

static int advise_print(const vt_advise_lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *indent = advise_indent(l->v[i].kind);
		if (printf("%s%s\n", indent, l->v[i].text) < 0)
			return -1;
	}
	return fflush(stdout) == EOF ? -1 : 0;
}

int vt_cmd_advise(const vt_opts *o)
{
	vt_snapshot snap, all;
	vt_advise_peak peak;
	vt_advice a;
	vt_advise_lines l;
	int status = 0;

	vt_snapshot_init(&snap);
	vt_snapshot_init(&all);
	if (advise_scan(o, &snap, &all) < 0) {
		vt_snapshot_free(&snap);
		vt_snapshot_free(&all);
		return 1;
	}
	vt_advise_peak_init(&peak);
	vt_advise_peak_update(&peak, &snap);
	vt_advise_compute(&a, &snap, &peak, o->headroom, o->round_to, NULL);
	if (all.nprocs > 0)
		vt_advise_set_totals(&a, &all);
	if (vt_advise_render(&a, vt_locale_is_utf8() ? 0 : VT_ADVISE_ASCII, &l) < 0) {
		vt_errorf("out of memory");
		status = 1;
	} else {
		if (advise_print(&l) < 0) {
			if (errno != EPIPE)
				vt_errorf("write error: %s", strerror(errno));
			status = 1;
		}
		vt_advise_lines_free(&l);
	}
	if (status == 0 && vt_report_missing_pids(o, &snap) > 0)
		status = 1;
	vt_snapshot_free(&snap);
	vt_snapshot_free(&all);
	return status;
}
