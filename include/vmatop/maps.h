/* vmatop core: parsing /proc/PID/maps into VMA records.
 *
 * One line of maps is one VMA:
 *     start-end perms offset major:minor inode [padding path]
 * The path is kept exactly as the kernel printed it (spaces, "\012" for a
 * newline, invalid UTF-8, ESC...), except that a trailing " (deleted)" is
 * moved into a flag.  Paths are raw bytes: sanitize them where they are drawn.
 *
 * Reading a whole file gives one vt_maps: the VMAs in address order in one
 * growable array, and every distinct path once in a path table (VMAs refer to
 * it by index), so memory is proportional to the VMA count.  The x86-64
 * [vsyscall] gate line is not a VMA of the process and is left out, so
 * m->n == mm->map_count for a process that is not changing.
 */
#ifndef VMATOP_MAPS_H
#define VMATOP_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Permission bits of a VMA ("rwxp" / "r--s" ...). */
#define VT_PERM_R      0x1u
#define VT_PERM_W      0x2u
#define VT_PERM_X      0x4u
#define VT_PERM_SHARED 0x8u  /* 's'; 'p' (private) when clear */

/* One parsed line.  path points into the caller's line (not NUL-terminated). */
typedef struct vt_maps_line {
	unsigned long start;
	unsigned long end;
	unsigned long long offset;
	unsigned int dev_major;
	unsigned int dev_minor;
	unsigned long long inode;
	unsigned int perms;      /* VT_PERM_* */
	const char *path;        /* "" when the VMA has no name */
	size_t path_len;         /* without the " (deleted)" suffix */
	bool deleted;            /* the kernel appended " (deleted)" */
} vt_maps_line;

/* Parse one line (without its '\n').  0, or -1 when malformed. */
int vt_maps_parse_line(const char *line, size_t len, vt_maps_line *out);

/* A distinct path of one maps file.  Path 0 is always the empty path. */
typedef struct vt_path {
	size_t off;              /* into vt_maps.strings (NUL-terminated there too) */
	uint32_t len;            /* bytes, without " (deleted)" */
	bool deleted;
	bool exec;               /* some VMA of this path is executable */
} vt_path;

/* One VMA of the process. */
typedef struct vt_vma {
	unsigned long start;
	unsigned long end;
	unsigned long long offset;
	unsigned long long inode;
	uint32_t dev_major;
	uint32_t dev_minor;
	uint32_t path;           /* index into vt_maps.paths (0: no name) */
	uint8_t perms;           /* VT_PERM_* */
	uint8_t type;            /* vt_vma_type (group.h), set by vt_group_build */
	uint8_t cause;           /* vt_cause (causes.h), set by vt_causes_build */
} vt_vma;

/* A process's memory map. Fields are read-only for users of the API. */
typedef struct vt_maps {
	pid_t pid;
	vt_vma *vmas;            /* address order */
	size_t n;                /* VMAs (the [vsyscall] gate excluded) */
	size_t cap;
	vt_path *paths;
	size_t npaths;
	size_t paths_cap;
	char *strings;           /* path bytes, each NUL-terminated */
	size_t strings_len;
	size_t strings_cap;
	long malformed;          /* lines that did not parse (skipped) */
	bool vsyscall;           /* the gate line was present (and left out) */
	char *exe;               /* readlink(PID/exe) without " (deleted)"; NULL if unreadable */
	long *rss_kb;            /* per VMA from smaps; NULL until vt_maps_load_smaps */
	/* private: the path hash table */
	uint32_t *hash;
	size_t hash_cap;
} vt_maps;

void vt_maps_init(vt_maps *m);
void vt_maps_free(vt_maps *m);    /* frees everything, re-inits */

/* Read proc_root/PID/maps (proc_root NULL: /proc) in big reads, and
 * readlink proc_root/PID/exe into m->exe.  0, or -1 with *err = errno
 * (ENOENT: no such process or it exited, EACCES: needs root/CAP_SYS_PTRACE,
 * ENOMEM).  m is reset first. */
int vt_maps_read(vt_maps *m, const char *proc_root, pid_t pid, int *err);
/* Read an open maps file (appends to m).  0, or -1 with *err. */
int vt_maps_read_fd(vt_maps *m, int fd, int *err);
/* Parse a buffer (appends to m; a last line without '\n' counts).  0, or -1 on ENOMEM. */
int vt_maps_parse_mem(vt_maps *m, const char *data, size_t len);

/* Resident memory per VMA from proc_root/PID/smaps (costly: only on request).
 * Matched to m's VMAs by start address; VMAs smaps does not list (the map
 * changed in between) stay VT_UNKNOWN.  0, or -1 with *err. */
int vt_maps_load_smaps(vt_maps *m, const char *proc_root, pid_t pid, int *err);
/* Same from a buffer (tests). 0, or -1 on ENOMEM. */
int vt_maps_smaps_mem(vt_maps *m, const char *data, size_t len);

/* The path of VMA i (NUL-terminated raw bytes, "" when none). */
const char *vt_maps_vma_path(const vt_maps *m, size_t i, size_t *len);
/* Path number id. */
const char *vt_maps_path(const vt_maps *m, uint32_t id, size_t *len);
/* "rwxp" text of a VMA's permissions into buf[5]. */
void vt_maps_perms_text(unsigned perms, char buf[5]);

/* proc_root/PID/comm (raw bytes, trailing newline removed) into buf.
 * 0, or -1 with *err. */
int vt_maps_read_comm(const char *proc_root, pid_t pid, char *buf, size_t bufsz, int *err);

#endif
