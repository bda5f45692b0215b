/* Hand-built snapshots for the writers' unit tests. */
#ifndef VMATOP_TEST_SNAPFIX_H
#define VMATOP_TEST_SNAPFIX_H

#include "vmatop/proc.h"

/* A comm with ESC, newline, double quote, backslash and an invalid byte. */
#define SNAPFIX_HOSTILE_COMM "e\x1b[31m\n\"q\\b\xff"
/* ... and what it must become: sanitized (U+FFFD), before any escaping. */
#define SNAPFIX_R "\xEF\xBF\xBD"
#define SNAPFIX_HOSTILE_CLEAN "e" SNAPFIX_R "[31m" SNAPFIX_R "\"q\\b" SNAPFIX_R

/* Add one process (strings duplicated); aborts the test on ENOMEM. */
vt_proc *snapfix_add(vt_snapshot *s, pid_t pid, const char *comm, const char *cmdline,
		     long vmas);
/* A snapshot with limit 65530 and three processes in this order:
 *   pid 100 "java"   65531 VMAs (over the limit), rate 12.5
 *   pid 200 hostile  1000 VMAs, cmdline hostile too
 *   pid 300 "secret" unknown count
 * Totals filled as a scan would. */
void snapfix_build(vt_snapshot *s);

#endif
