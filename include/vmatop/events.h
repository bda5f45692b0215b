/* vmatop core: the ENOMEM catcher (src/events.c, src/events_bpf.c).
 *
 * A BPF program on the syscall-exit tracepoint (src/bpf/vmaenomem.bpf.c)
 * keeps the failures of mmap, mprotect, munmap, mremap, brk and madvise and
 * sends them through a ring buffer; vt_events_poll turns each into a
 * vt_event (vmatop/event.h) with its cause.  Needs root or
 * CAP_BPF+CAP_PERFMON and a kernel with BTF; the live system only.
 *
 * The cause rule (vt_event_cause_of), the kernel's own checks behind it:
 *   a split (mprotect or madvise of part of a VMA, munmap of a middle range,
 *   mmap over part of a mapping) fails at map_count >= limit, a new mapping
 *   (mmap, brk) at map_count > limit, and mremap wants room for up to 3
 *   more (map_count >= limit - 3).  A range that needs two splits can fail
 *   at the second one, one below the limit.  So an event is
 *   "max_map_count" when map_count >= limit - 3 for mremap and
 *   map_count >= limit - 1 for the others; anything else (RLIMIT_AS,
 *   RLIMIT_DATA, overcommit, no address space left) is "memory", and so is
 *   an event whose map_count or limit is unknown (< 0).
 */
#ifndef VMATOP_EVENTS_H
#define VMATOP_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmatop/event.h"

/* How far below the limit a failure still counts as the limit's (see above). */
#define VT_EVENT_MARGIN 1
#define VT_EVENT_MARGIN_MREMAP 3

/* The cause of an ENOMEM from syscall with map_count VMAs under limit. */
vt_event_cause vt_event_cause_of(const char *syscall, int64_t map_count, int64_t limit);
/* "max_map_count" or "memory". */
const char *vt_event_cause_name(vt_event_cause c);
/* The inverse; -1 for an unknown name. */
int vt_event_cause_parse(const char *name);

/* Which events a reader wants (the catcher sees the whole machine). */
typedef struct vt_events_filter {
	const pid_t *pids;     /* only these thread-group ids (NULL: all) */
	size_t npids;
	bool by_uid;           /* only this effective uid */
	uid_t uid;
} vt_events_filter;

/* Whether an event of pid, run by euid, passes f (NULL passes all). */
bool vt_events_filter_match(const vt_events_filter *f, pid_t pid, uid_t euid);

/* vt_events_open flags. */
#define VT_EVENTS_CGROUP 0x1u   /* resolve the cgroup path (a little file I/O per event) */

typedef struct vt_events vt_events;
typedef void (*vt_event_fn)(const vt_event *ev, void *arg);

/* Load and attach the catcher.  NULL and *cause (one line, malloc'd) when
 * BPF is not built in, not permitted ("not permitted (needs root or
 * CAP_BPF+CAP_PERFMON)") or cannot load.  f is copied (NULL: everything). */
vt_events *vt_events_open(const vt_events_filter *f, unsigned flags, char **cause);
/* A file descriptor that polls readable when events wait. */
int vt_events_fd(const vt_events *e);
/* Wait up to timeout_ms (0: do not wait, -1: forever) and hand every waiting
 * event that passes the filter to fn, oldest first.  Returns how many were
 * handed over, or -1 with errno (EINTR when a signal interrupted the wait). */
int vt_events_poll(vt_events *e, int timeout_ms, vt_event_fn fn, void *arg);
/* Use this limit for the events' max_map_count instead of reading
 * /proc/sys/vm/max_map_count at every poll (the screen knows it from its
 * scan and does no file I/O on its thread); < 0 reads it again. */
void vt_events_set_limit(vt_events *e, long limit);
/* Events the kernel could not queue (the ring buffer was full). */
uint64_t vt_events_dropped(const vt_events *e);
/* Detach and free.  NULL is fine. */
void vt_events_close(vt_events *e);

/* The last events, kept in memory for the screen: a ring of cap entries
 * (the oldest is overwritten) and a count of all ever added. */
typedef struct vt_event_log {
	vt_event *ev;
	size_t cap, n, head;     /* n valid entries; head = index of the oldest */
	uint64_t total;
} vt_event_log;

/* 0, or -1 on ENOMEM. */
int vt_event_log_init(vt_event_log *l, size_t cap);
void vt_event_log_free(vt_event_log *l);
void vt_event_log_add(vt_event_log *l, const vt_event *ev);
/* The i-th newest (0 = the latest), NULL past the end. */
const vt_event *vt_event_log_get(const vt_event_log *l, size_t i);
/* How many kept events are of this process (start_time 0: any with that
 * pid); *limit_hits (may be NULL) gets how many of those had cause
 * max_map_count. */
size_t vt_event_log_count(const vt_event_log *l, pid_t pid, uint64_t start_time,
			  size_t *limit_hits);

#endif
