/* vmatop core: counting VMAs.
 *
 * count = lines of /proc/PID/maps, minus the x86-64 [vsyscall] gate line when it
 * is the last line: that equals the kernel's mm->map_count.
 */
#ifndef VMATOP_COUNT_H
#define VMATOP_COUNT_H

#include <stddef.h>
#include <sys/types.h>

/* Count the VMAs in an open maps file, reading it in big chunks with buf as
 * scratch.  Returns the count, or -1 with *err set to errno. */
long vt_count_maps_fd(int fd, char *buf, size_t bufsz, int *err);

/* Count in a memory buffer (same rules; a last line without '\n' counts). */
long vt_count_maps_mem(const char *data, size_t len);

/* True when the line (without '\n') is the [vsyscall] gate line. */
int vt_is_vsyscall_line(const char *line, size_t len);

/* A counting backend: "text" reads maps, "bpf" reads mm->map_count through a
 * BPF task iterator (when built and loadable). */
typedef enum vt_backend_kind {
	VT_BACKEND_AUTO,
	VT_BACKEND_TEXT,
	VT_BACKEND_BPF
} vt_backend_kind;

typedef struct vt_backend vt_backend;

struct vt_backend_ops {
	const char *name;
	/* Called once at the start of every scan. 0, or -1 and *cause. */
	int (*begin)(vt_backend *b, char **cause);
	/* The count of pid (a thread-group leader), or -1 with *err (ENOENT: gone,
	 * EACCES: not permitted). */
	long (*count)(vt_backend *b, pid_t pid, int *err);
	void (*destroy)(vt_backend *b);
};

struct vt_backend {
	const struct vt_backend_ops *ops;
	char *proc_root;
	void *priv;
	const char *note;      /* why auto did not pick BPF when the user should know, or NULL */
};

/* Parse "auto", "bpf", "text"; -1 when unknown. */
int vt_backend_parse(const char *name);
/* Open a backend; AUTO falls back to text silently.  NULL and *cause on failure
 * (only when BPF was asked for explicitly and cannot be used). */
vt_backend *vt_backend_open(vt_backend_kind kind, const char *proc_root, char **cause);
void vt_backend_close(vt_backend *b);
const char *vt_backend_name(const vt_backend *b);

/* True when proc_root shows another pid namespace than this process's
 * (its "self" is not getpid()): BPF's pids would be the wrong ones there. */
int vt_pidns_differs(const char *proc_root);
#define VT_PIDNS_NOTE "BPF backend: /proc shows another pid namespace than vmatop's: counting with text"

/* The backends this build can use: "text bpf" or "text". */
const char *vt_backends_compiled(void);

/* The text backend's pieces, shared with other backends. */
vt_backend *vt_backend_text_open(const char *proc_root, char **cause);

#endif
