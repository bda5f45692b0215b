/* The ENOMEM catcher's core: the cause rule, the reader's filter and the
 * in-memory log of the last events.  Loading the BPF program and reading its
 * ring buffer is events_bpf.c (events_nobpf.c without BPF). */
#include <stdlib.h>
#include <string.h>

#include "vmatop/events.h"

vt_event_cause vt_event_cause_of(const char *syscall, int64_t map_count, int64_t limit)
{
	int64_t margin = VT_EVENT_MARGIN;
	if (map_count < 0 || limit < 0)
		return VT_EVENT_MEMORY;
	if (syscall && strcmp(syscall, "mremap") == 0)
		margin = VT_EVENT_MARGIN_MREMAP;
	return map_count >= limit - margin ? VT_EVENT_MAX_MAP_COUNT : VT_EVENT_MEMORY;
}

static const char *const cause_names[] = {
	[VT_EVENT_MEMORY] = "memory",
	[VT_EVENT_MAX_MAP_COUNT] = "max_map_count",
};

const char *vt_event_cause_name(vt_event_cause c)
{
	return c == VT_EVENT_MAX_MAP_COUNT ? cause_names[c] : cause_names[VT_EVENT_MEMORY];
}

int vt_event_cause_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(cause_names) / sizeof(cause_names[0]); i++)
		if (name && strcmp(name, cause_names[i]) == 0)
			return (int)i;
	return -1;
}

bool vt_events_filter_match(const vt_events_filter *f, pid_t pid, uid_t euid)
{
	if (!f)
		return true;
	if (f->by_uid && euid != f->uid)
		return false;
	if (!f->pids || f->npids == 0)
		return true;
	for (size_t i = 0; i < f->npids; i++)
		if (f->pids[i] == pid)
			return true;
	return false;
}

int vt_event_log_init(vt_event_log *l, size_t cap)
{
	memset(l, 0, sizeof(*l));
	if (cap == 0 || !(l->ev = calloc(cap, sizeof(*l->ev))))
		return -1;
	l->cap = cap;
	return 0;
}

void vt_event_log_free(vt_event_log *l)
{
	free(l->ev);
	memset(l, 0, sizeof(*l));
}

void vt_event_log_add(vt_event_log *l, const vt_event *ev)
{
	if (!l->cap)
		return;
	if (l->n < l->cap) {
		l->ev[(l->head + l->n) % l->cap] = *ev;
		l->n++;
	} else {
		l->ev[l->head] = *ev;
		l->head = (l->head + 1) % l->cap;
	}
	l->total++;
}

const vt_event *vt_event_log_get(const vt_event_log *l, size_t i)
{
	if (i >= l->n)
		return NULL;
	return &l->ev[(l->head + l->n - 1 - i) % l->cap];
}

size_t vt_event_log_count(const vt_event_log *l, pid_t pid, uint64_t start_time,
			  size_t *limit_hits)
{
	size_t n = 0, hits = 0;
	for (size_t i = 0; i < l->n; i++) {
		const vt_event *e = &l->ev[i];
		if (e->pid != pid || (start_time && e->start_time && e->start_time != start_time))
			continue;
		n++;
		if (e->cause == VT_EVENT_MAX_MAP_COUNT)
			hits++;
	}
	if (limit_hits)
		*limit_hits = hits;
	return n;
}
