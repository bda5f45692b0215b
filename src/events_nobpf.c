/* The ENOMEM catcher when vmatop is built without BPF (-Dbpf=disabled or no libbpf). */
#include <errno.h>
#include <string.h>

#include "vmatop/events.h"

vt_events *vt_events_open(const vt_events_filter *f, unsigned flags, char **cause)
{
	(void)f;
	(void)flags;
	*cause = strdup("ENOMEM catcher: this vmatop was built without BPF support (meson option -Dbpf)");
	return NULL;
}

int vt_events_fd(const vt_events *e)
{
	(void)e;
	return -1;
}

int vt_events_poll(vt_events *e, int timeout_ms, vt_event_fn fn, void *arg)
{
	(void)e;
	(void)timeout_ms;
	(void)fn;
	(void)arg;
	errno = ENOSYS;
	return -1;
}

void vt_events_set_limit(vt_events *e, long limit)
{
	(void)e;
	(void)limit;
}

uint64_t vt_events_dropped(const vt_events *e)
{
	(void)e;
	return 0;
}

void vt_events_close(vt_events *e)
{
	(void)e;
}
