/* The program's modes, one function each (tui/main.c dispatches). Each returns the exit status. */
#ifndef VMATOP_TUI_COMMANDS_H
#define VMATOP_TUI_COMMANDS_H

#include "vmatop/options.h"
#include "vmatop/scan.h"

int vt_cmd_batch(const vt_opts *o);   /* batch.c:     -b, --json, --openmetrics */
int vt_cmd_demo_batch(const vt_opts *o); /* demo_batch.c: -b --demo */
int vt_cmd_maps(const vt_opts *o);    /* cmd_maps.c:  --maps PID */
int vt_cmd_check(const vt_opts *o);   /* cmd_check.c: --check */
int vt_cmd_advise(const vt_opts *o);  /* cmd_advise.c: --advise */
int vt_cmd_events(const vt_opts *o); /* cmd_events.c: vmatop events */
int vt_cmd_record(const vt_opts *o); /* cmd_record.c: vmatop record */
int vt_cmd_history(const vt_opts *o); /* cmd_history.c: --db with -b --at/--since, --export */
int vt_tui_main(const vt_opts *o);    /* tui.c:       the interactive screen */

/* The scan filter of -p, -u, --kernel-threads (batch.c; also used by --check). */
void vt_filter_from_opts(vt_filter *f, const vt_opts *o);
/* Say on stderr which -p pids are not (or no longer) in s.  Returns how many. */
int vt_report_missing_pids(const vt_opts *o, const vt_snapshot *s);

/* "vmatop: " + message on stderr. */
void vt_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
