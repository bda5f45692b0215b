/* vmatop core: per-process history of VMA counts, and what follows from it.
 *
 * One vt_history lives as long as the program.  After every scan, call
 * vt_history_apply() on the fresh snapshot: it records one sample (the
 * snapshot's CLOCK_MONOTONIC time, the count) per process and fills each
 * vt_proc's delta, rate, eta and flags.  Processes are identified by pid AND
 * start_time, so a reused pid starts a new history.  A process absent from a
 * snapshot loses its history (mark and sweep), so the history only follows
 * the processes the scan shows: apply every snapshot of one filter to one
 * history.  Memory is bounded and grows on demand: 48 bytes per process plus
 * 8 bytes per sample slot (the ring is allocated with the first sample and
 * doubles from 4 slots up to the ring size), so a full ring of 120
 * samples costs 1008 bytes.  Sample times are kept to the millisecond
 * (relative to the oldest held), counts as 32-bit offsets from the first.
 *
 * Derived figures, per process:
 *   delta  count minus the previous sample's count (VT_NO_DELTA: none yet)
 *   rate   VMAs per second over the rate window: (newest - oldest) / dt, where
 *          oldest is the oldest sample not older than the window (at least the
 *          previous sample).  NAN with a single sample.
 *   eta    seconds until the count reaches max_map_count at that rate:
 *          (limit - vmas) / rate, 0 when already at or above the limit.  NAN
 *          unless the rate is > 0 and the limit is known.
 *   flags  VT_PROC_CROSSED_WARN when a sample was >= 80% of the limit,
 *          VT_PROC_CROSSED_LIMIT when >= 100%; sticky for the life of the
 *          history entry (they stay after the count falls back).
 * A sample whose time is not after the process's newest sample (a repeated
 * or stepped-back clock) is not recorded; the figures are then computed from
 * the samples already held (applying the same snapshot twice gives the same
 * figures twice).  Unknown counts (VT_UNKNOWN) are not recorded and
 * get no figures, but keep the history alive.
 */
#ifndef VMATOP_HISTORY_H
#define VMATOP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "vmatop/proc.h"

#define VT_HISTORY_SAMPLES 120      /* default ring size per process */
#define VT_HISTORY_WINDOW  10.0     /* default rate window, seconds */
#define VT_HISTORY_WARN_PCT 80      /* VT_PROC_CROSSED_WARN threshold, percent */

typedef struct vt_sample {
	double mono;   /* CLOCK_MONOTONIC seconds (vt_snapshot.mono) */
	long vmas;
} vt_sample;

/* The highest count seen since the history was created. */
typedef struct vt_history_peak {
	long vmas;                     /* VT_UNKNOWN when nothing was seen yet */
	pid_t pid;
	unsigned long long start_time;
	char comm[64];                 /* raw bytes (sanitize to display) */
	double mono;                   /* when it was seen */
} vt_history_peak;

typedef struct vt_history vt_history;

/* samples: ring size per process (0: VT_HISTORY_SAMPLES, at least 2);
 * window: rate window in seconds (<= 0: VT_HISTORY_WINDOW).  NULL on ENOMEM. */
vt_history *vt_history_new(size_t samples, double window);
void vt_history_free(vt_history *h);

/* Record the snapshot, prune processes it no longer holds, fill the derived
 * fields of every process in s.  0, or -1 on ENOMEM (the figures of processes
 * that could not be tracked keep their defaults; the rest is consistent). */
int vt_history_apply(vt_history *h, vt_snapshot *s);
/* The figures vt_history_apply gives a snapshot seen first (no delta, rate
 * or ETA; the crossing flags of its counts), without tracking anything:
 * for a one-shot scan, which needs no history. */
void vt_history_first(vt_snapshot *s);

/* The samples of one process, oldest first, at most max (the newest max).
 * Returns how many were copied (0: unknown process). */
size_t vt_history_samples(const vt_history *h, pid_t pid, unsigned long long start_time,
			  vt_sample *out, size_t max);
/* Same, counts only (the input of vt_sparkline). */
size_t vt_history_counts(const vt_history *h, pid_t pid, unsigned long long start_time,
			 long *out, size_t max);
/* The highest count recorded for one process while watched; VT_UNKNOWN when
 * the process has no sample. */
long vt_history_proc_peak(const vt_history *h, pid_t pid, unsigned long long start_time);
/* Machine-wide: the highest single-process count seen since start (the
 * advisor's "highest seen while vmatop ran"), kept after that process exits. */
const vt_history_peak *vt_history_peak_proc(const vt_history *h);
/* Forget that peak (the advisor's reset key): the next snapshot's worst
 * process becomes the highest seen. */
void vt_history_reset_peak(vt_history *h);
/* Machine-wide: the highest snapshot total_vmas seen; VT_UNKNOWN if none. */
long vt_history_peak_total(const vt_history *h);
/* Processes currently tracked. */
size_t vt_history_tracked(const vt_history *h);
/* The ring size and window in use. */
size_t vt_history_capacity(const vt_history *h);
/* Bytes the history holds (itself, its hash buckets, every process's entry
 * and ring), malloc's own overhead not included. */
size_t vt_history_bytes(const vt_history *h);
double vt_history_window(const vt_history *h);

/* Pure ETA math: seconds until vmas reaches limit at rate (VMAs/s).
 * NAN unless rate > 0 and limit > 0; 0 when vmas >= limit. */
double vt_history_eta(long vmas, double rate, long limit);

/* Render the last `width` values as a sparkline into buf: one cell per value,
 * most recent on the right, left-padded with spaces to exactly `width` cells
 * when n < width.  Scaled between the min and max of the values shown (all
 * equal: the lowest level).  Negative values (VT_UNKNOWN) are a space.
 * utf8: the eight blocks U+2581..U+2588 (3 bytes per cell); else ASCII
 * "_.-=#" (1 byte).  buf is always NUL-terminated when sz > 0 and truncated on
 * a cell boundary.  Returns the bytes written (without the NUL).  No ncurses. */
size_t vt_sparkline(char *buf, size_t sz, const long *vals, size_t n, int width, bool utf8);
/* Same with a fixed scale: lo maps to the lowest level, hi to the highest
 * (values outside are clamped).  For a graph of the count against the limit:
 * lo = 0, hi = max_map_count. */
size_t vt_sparkline_scaled(char *buf, size_t sz, const long *vals, size_t n, int width,
			   bool utf8, long lo, long hi);
/* The level (0..levels-1) of v on the scale lo..hi, for drawing taller graphs
 * (a column of cells per sample).  lo >= hi: 0. */
int vt_spark_level(long v, long lo, long hi, int levels);

#endif
