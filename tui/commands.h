/* The program's modes, one function each (tui/main.c dispatches), each in
 * tui/cmd_NAME.c.  Each returns the exit status. */
#ifndef VMATOP_TUI_COMMANDS_H
#define VMATOP_TUI_COMMANDS_H

#include "vmatop/options.h"
#include "vmatop/scan.h"

int vt_cmd_batch(const vt_opts *o);   /* cmd_batch.c: -b, --json, --openmetrics */
int vt_cmd_demo(const vt_opts *o);    /* cmd_demo.c:  -b --demo */
int vt_cmd_maps(const vt_opts *o);    /* cmd_maps.c:  --maps PID */
int vt_cmd_check(const vt_opts *o);   /* cmd_check.c: --check */
int vt_cmd_advise(const vt_opts *o);  /* cmd_advise.c: --advise */
int vt_cmd_events(const vt_opts *o); /* cmd_events.c: vmatop events */
int vt_cmd_record(const vt_opts *o); /* cmd_record.c: vmatop record */
int vt_cmd_history(const vt_opts *o); /* cmd_history.c: --db with -b --at/--since, --export */
int vt_tui_main(const vt_opts *o);    /* loop.c:      the interactive screen */

#endif
