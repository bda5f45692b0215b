/* A background scan: the scanner runs in a worker thread, so that reading a
 * huge maps file (a process near a 1,000,000 limit, with the text backend)
 * never stalls keys and drawing.  The main thread requests a scan, keeps
 * polling its fd, and collects the snapshot when it is readable.
 *
 * Only the worker uses the scanner while a scan runs; anyone else who needs
 * it (the advisor's full scan) holds it with vt_scanjob_hold/release.  The
 * worker blocks every signal: they all go to the main thread's handlers. */
#ifndef VMATOP_TUI_SCANJOB_H
#define VMATOP_TUI_SCANJOB_H

#include <stdbool.h>

#include "vmatop/scan.h"

typedef struct vt_scanjob vt_scanjob;

/* Start the worker for this scanner (not owned).  NULL and errno on failure. */
vt_scanjob *vt_scanjob_new(vt_scanner *sc);
/* Stop the worker (after the scan in progress, if any) and free.  NULL is fine. */
void vt_scanjob_free(vt_scanjob *j);
/* Readable when a finished scan waits to be collected. */
int vt_scanjob_fd(const vt_scanjob *j);
/* A scan was requested and not collected yet. */
bool vt_scanjob_busy(const vt_scanjob *j);
/* Ask for a scan with this filter (copied).  0, or -1 when one is in progress. */
int vt_scanjob_request(vt_scanjob *j, const vt_filter *f);
/* Another source of snapshots behind the same type (the recorder's
 * database, tui/replay.c): fn runs in the worker thread instead of the
 * scanner, filling *out (0) or *cause (-1); arg is the worker's until the
 * result is collected.  0, or -1 when a scan is in progress. */
typedef int (*vt_scanjob_source)(void *arg, const vt_filter *f, vt_snapshot *out, char **cause);
int vt_scanjob_request_from(vt_scanjob *j, const vt_filter *f, vt_scanjob_source fn, void *arg);
/* Collect a finished scan: its snapshot is swapped into *snap (the old one is
 * reused for the next scan).  1 collected, 0 nothing finished yet, -1 the scan
 * failed (*cause, malloc'd; *snap untouched). */
int vt_scanjob_collect(vt_scanjob *j, vt_snapshot *snap, char **cause);
/* Use the scanner outside the worker: waits for a scan in progress. NULL is fine. */
void vt_scanjob_hold(vt_scanjob *j);
void vt_scanjob_release(vt_scanjob *j);

#endif
