/* The backend registry: which counting backend a run gets (text always;
 * bpf when built, permitted and in /proc's pid namespace).  Depends on
 * count.c and count_bpf.c; neither depends on it. */
#include <stdlib.h>
#include <string.h>

#include "vmatop/count.h"
#include "backend-private.h"

int vt_backend_parse(const char *name)
{
	if (strcmp(name, "auto") == 0)
		return VT_BACKEND_AUTO;
	if (strcmp(name, "text") == 0)
		return VT_BACKEND_TEXT;
	if (strcmp(name, "bpf") == 0)
		return VT_BACKEND_BPF;
	return -1;
}

vt_backend *vt_backend_open(vt_backend_kind kind, const char *proc_root, char **cause)
{
	if (kind == VT_BACKEND_TEXT)
		return vt_backend_text_open(proc_root, cause);
	if (kind == VT_BACKEND_AUTO && (!proc_root || strcmp(proc_root, "/proc") == 0) &&
	    strcmp(vt_backends_compiled(), "text") != 0 && vt_pidns_differs(proc_root)) {
		vt_backend *b = vt_backend_text_open(proc_root, cause);
		if (b)
			b->note = VT_PIDNS_NOTE;
		return b;
	}
	char *bpf_cause = NULL;
	vt_backend *b = vt_backend_bpf_open(proc_root, &bpf_cause);
	if (b)
		return b;
	if (kind == VT_BACKEND_BPF) {
		*cause = bpf_cause;
		return NULL;
	}
	free(bpf_cause);
	return vt_backend_text_open(proc_root, cause);
}
