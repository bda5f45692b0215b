/* The BPF backend when vmatop is built without it (-Dbpf=disabled or no libbpf). */
#include <errno.h>
#include <string.h>

#include "backend-private.h"

const char *vt_backends_compiled(void)
{
	return "text";
}

vt_backend *vt_backend_bpf_open(const char *proc_root, char **cause)
{
	(void)proc_root;
	*cause = strdup("this vmatop was built without BPF support (meson option -Dbpf)");
	return NULL;
}

long vt_backend_bpf_recorded(vt_backend *b, pid_t pid, int *err)
{
	(void)b;
	(void)pid;
	*err = EINVAL;
	return -1;
}

const struct vmacount_record *vt_backend_bpf_records(vt_backend *b, size_t *n)
{
	(void)b;
	*n = 0;
	return NULL;
}
