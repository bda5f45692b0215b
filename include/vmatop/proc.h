/* vmatop core: one process and one snapshot of the machine.
 *
 * A snapshot is what every view consumes: the batch writers, the JSON and
 * OpenMetrics writers and the TUI.  Strings inside are raw bytes from the
 * kernel (attacker-controlled): sanitize them where they are drawn/written.
 */
#ifndef VMATOP_PROC_H
#define VMATOP_PROC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "vmatop/cgroup.h"

/* A count that could not be read (maps of another user without privilege). */
#define VT_UNKNOWN (-1L)
/* A delta that has no previous sample. */
#define VT_NO_DELTA LONG_MIN

typedef struct vt_proc {
	pid_t pid;
	pid_t ppid;
	uid_t uid;                     /* effective uid */
	char user[33];                 /* effective user name, or the uid as text */
	char *comm;                    /* owned, never NULL, raw bytes */
	char *cmdline;                 /* owned, never NULL ("" when none), raw bytes */
	char state;                    /* R, S, D, Z, T, ... */
	unsigned long long start_time; /* clock ticks after boot; (pid, start_time) is the identity */
	int threads;
	unsigned long rss_kb;
	unsigned long vsz_kb;
	bool kthread;                  /* PF_KTHREAD: no mm, no maps */
	long vmas;                     /* mm->map_count, or VT_UNKNOWN */
	long subtree_vmas;             /* vmas plus the descendants' (vt_snapshot_subtree) */
	/* Filled by the history module (vt_history_apply); defaults below. */
	long delta;                    /* VT_NO_DELTA when there is no previous sample */
	double rate;                   /* VMAs per second, NAN when unknown */
	double eta;                    /* seconds until the limit at that rate, NAN unless growing */
	unsigned flags;                /* VT_PROC_* marks */
	vt_cgroup cg;                  /* owned; every field NULL when unknown (cgroup.h) */
	double exited;                 /* recorded (VT_PROC_EXITED): time last seen, else 0 */
} vt_proc;

/* Marks kept by the history module: the process crossed these while watched. */
#define VT_PROC_CROSSED_WARN  0x1u   /* >= 80% of the limit */
#define VT_PROC_CROSSED_LIMIT 0x2u   /* >= 100% of the limit */
#define VT_PROC_EXITED        0x4u   /* from the recorder: exited, its last count */
#define VT_PROC_LEADER_EXITED 0x8u   /* the leader exited, threads run: counted through a live thread */

typedef struct vt_snapshot {
	double time;           /* CLOCK_REALTIME, seconds */
	double mono;           /* CLOCK_MONOTONIC, seconds */
	char host[256];
	char kernel[128];      /* uname release */
	long max_map_count;    /* VT_UNKNOWN when unreadable */
	const char *backend;   /* name of the counting backend: "text", "bpf" */
	vt_proc *procs;
	size_t nprocs;
	size_t cap;
	long total_vmas;       /* sum over processes whose count is known */
	int scanned;           /* processes examined (after filters) */
	int unreadable;        /* processes whose count is VT_UNKNOWN */
	/* ENOMEM events the recorder has stored, per vt_event_cause (index 0
	 * memory, 1 max_map_count): a counter; -1 when not known (no recorder). */
	long long enomem_events[2];
	const char *unreadable_why; /* static: vt_access_hint_self() when unreadable > 0, else NULL */
} vt_snapshot;

void vt_snapshot_init(vt_snapshot *s);
void vt_snapshot_clear(vt_snapshot *s);          /* frees the processes, keeps the header */
void vt_snapshot_free(vt_snapshot *s);           /* frees everything, re-inits */
vt_proc *vt_snapshot_add(vt_snapshot *s);        /* zeroed new process slot, NULL on ENOMEM */
const vt_proc *vt_snapshot_find(const vt_snapshot *s, pid_t pid);
/* The process with the highest count, NULL if none is known. */
const vt_proc *vt_snapshot_worst(const vt_snapshot *s);
/* Deep copy (strings duplicated). 0 or -1 on ENOMEM. */
int vt_snapshot_copy(vt_snapshot *dst, const vt_snapshot *src);

/* What a zombie row is: "<defunct>" (a zombie with no live thread: no mm,
 * 0 VMAs), "<leader exited>" (the thread-group leader exited while its
 * threads run: counted through a live thread), NULL for any other state. */
const char *vt_proc_mark(const vt_proc *p);

/* Percent of the limit; NAN when either is unknown.  May exceed 100. */
double vt_percent(long vmas, long limit);

/* Field 22 (starttime) of PID/stat under proc_root (NULL: "/proc"), read
 * now: clock ticks after boot, 0 when the process is gone. */
unsigned long long vt_proc_start_time(const char *proc_root, pid_t pid);
/* Send sig to pid only if it is still the process that started at
 * start_time: a pidfd is opened first, the start time checked, the signal
 * sent through the pidfd (kill(2) where pidfds do not exist).  0, or -1 with
 * errno (ESRCH: gone, or the pid names another process now). */
int vt_proc_signal_checked(pid_t pid, unsigned long long start_time, int sig);

#endif
