/* The advisor view's content without the screen (view_advise.c): the advice
 * `vmatop --advise` prints, for the TUI's snapshots.  Private to the TUI and
 * its tests. */
#ifndef VMATOP_TUI_VIEW_ADVISE_H
#define VMATOP_TUI_VIEW_ADVISE_H

#include <stdbool.h>

#include "vmatop/advise.h"
#include "vmatop/history.h"
#include "vmatop/options.h"
#include "vmatop/proc.h"

/* The history's machine-wide peak (the highest count seen while vmatop ran,
 * kept after that process exits) as the advisor's peak; its time is moved
 * from s's monotonic clock to s's wall clock.  h NULL or no peak yet: an
 * empty peak (the advice then uses the snapshot's highest). */
void vt_advise_view_peak(vt_advise_peak *pk, const vt_history *h, const vt_snapshot *s);

/* The advice lines for snap (what the screen shows: the scanner's -p/-u
 * selection), with the peak from h, o->headroom and o->round_to, and the
 * machine-wide totals from all when it is non-NULL (an unfiltered scan).
 * utf8 = false: printable ASCII only.  env NULL: the real /proc and /.
 * 0, or -1 on ENOMEM (out is then empty). */
int vt_advise_view_lines(vt_advise_lines *out, const vt_snapshot *snap, const vt_snapshot *all,
			 const vt_history *h, const vt_opts *o, bool utf8,
			 const vt_advise_env *env);

#endif
