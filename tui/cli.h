/* What every command shares (tui/cli.c).  Commands and the screen use it;
 * it uses only the core. */
#ifndef VMATOP_TUI_CLI_H
#define VMATOP_TUI_CLI_H

#include "vmatop/options.h"
#include "vmatop/scan.h"

/* "vmatop: " + message on stderr, its bytes through the sanitizer. */
void vt_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The scan filter of -p, -u, --kernel-threads, --cgroup. */
void vt_filter_from_opts(vt_filter *f, const vt_opts *o);

/* Say on stderr which -p pids are not (or no longer) in s.  Returns how many. */
int vt_report_missing_pids(const vt_opts *o, const vt_snapshot *s);

#endif
