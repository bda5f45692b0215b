/* vmatop core: one ENOMEM event, as the catcher (src/events.c, BPF ring buffer)
 * delivers it and the recorder (src/store.c) keeps it.  This header is the
 * contract between the two: plain data, no functions.
 *
 * cause is decided by the catcher with vt_event_cause_of() (src/events.c):
 * VT_EVENT_MAX_MAP_COUNT when map_count was at or within a few VMAs of the
 * limit (a split fails at map_count >= limit, a new map at > limit, mremap
 * needs room for up to 3), otherwise VT_EVENT_MEMORY. */
#ifndef VMATOP_EVENT_H
#define VMATOP_EVENT_H

#include <stdint.h>
#include <sys/types.h>

typedef enum vt_event_cause {
	VT_EVENT_MEMORY = 0,        /* "memory": RLIMIT_AS, overcommit, address space */
	VT_EVENT_MAX_MAP_COUNT = 1, /* "max_map_count": the VMA limit */
} vt_event_cause;

#define VT_EVENT_COMM_LEN 16
#define VT_EVENT_SYSCALL_LEN 16
#define VT_EVENT_CGROUP_LEN 256

typedef struct vt_event {
	int64_t time_ns;                     /* CLOCK_REALTIME, nanoseconds since the epoch */
	pid_t pid;                           /* thread-group id, as /proc shows it */
	pid_t tid;
	uint64_t start_time;                 /* the process's start time (clock ticks since boot, as in /proc/PID/stat), 0 unknown */
	char comm[VT_EVENT_COMM_LEN];        /* raw bytes from the kernel: sanitize to show */
	char syscall[VT_EVENT_SYSCALL_LEN];  /* "mmap", "mprotect", "munmap", "mremap", "brk", "madvise" */
	uint64_t len;                        /* requested length in bytes */
	int64_t map_count;                   /* mm->map_count at the failure */
	int64_t max_map_count;               /* the limit at the failure */
	vt_event_cause cause;
	char cgroup[VT_EVENT_CGROUP_LEN];    /* cgroup v2 path, "" unknown; raw bytes */
} vt_event;

#endif
