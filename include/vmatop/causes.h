/* vmatop core: why a process has so many VMAs.
 *
 * Every VMA is attributed to one cause, the first rule that matches, in this
 * order (doc/vmatop.1, CAUSES):
 *   malloc_arenas      glibc arena heaps: the anonymous private VMAs filling
 *                      one 64 MiB-aligned 64 MiB reservation that starts with
 *                      an rw- head (the no-access tail follows it)
 *   thread_stacks      [stack] (the main thread), and each no-access guard
 *                      (at most 1 MiB) directly followed by an anonymous rw-
 *                      region of at least 16 KiB: one pair per thread.  With
 *                      more pairs than threads, whole shapes (guard and stack
 *                      sizes) are kept, most common first, until the threads
 *                      are covered; the other pairs go on to the next rules
 *   mapped_files       file-backed data: the file type, and shared memory
 *                      with a file name (/dev/shm/..., /memfd:..., /SYSV...)
 *   shared_libraries   the lib and exe types, and the anonymous rw- .bss
 *                      directly after a library's writable mapping
 *   protection_splits  runs of at least 3 adjacent anonymous private VMAs
 *                      with at least two different protections: one
 *                      reservation cut by mprotect
 *   other              everything else (heap, kernel, shared anonymous,
 *                      the remaining anonymous VMAs)
 * The causes always sum to the process's count.  The cause of each VMA is
 * kept in vt_vma.cause (space the record already had).
 *
 * The detail and advice texts may hold path bytes: sanitize them where they
 * are written or drawn.
 */
#ifndef VMATOP_CAUSES_H
#define VMATOP_CAUSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "vmatop/group.h"
#include "vmatop/maps.h"

typedef enum vt_cause {
	VT_CAUSE_THREAD_STACKS,
	VT_CAUSE_MAPPED_FILES,
	VT_CAUSE_SHARED_LIBRARIES,
	VT_CAUSE_PROTECTION_SPLITS,
	VT_CAUSE_MALLOC_ARENAS,
	VT_CAUSE_OTHER,
	VT_CAUSE_COUNT
} vt_cause;

#define VT_CAUSE_TEXT 384        /* detail and advice buffers */
#define VT_CAUSE_RUNS 3          /* biggest protection-split runs kept */
#define VT_CAUSE_DIRS 3          /* largest directories of mapped files kept */
#define VT_ARENA_HEAP_SIZE (64UL << 20)   /* glibc HEAP_MAX_SIZE on 64-bit */

typedef struct vt_cause_entry {
	vt_cause cause;
	long vmas;
	char detail[VT_CAUSE_TEXT];   /* "" when the cause has no VMAs */
	char advice[VT_CAUSE_TEXT];   /* one line with numbers; "" when none */
} vt_cause_entry;

/* A run of protection splits: [start, end) cut into vmas VMAs. */
typedef struct vt_cause_run {
	unsigned long start;
	unsigned long end;
	long vmas;
} vt_cause_run;

/* A directory of mapped files: the first len bytes of path id `path`. */
typedef struct vt_cause_dir {
	uint32_t path;
	uint32_t len;
	long files;
	long vmas;
} vt_cause_dir;

typedef struct vt_causes {
	const vt_maps *maps;
	long vmas;                      /* == maps->n */
	long threads;                   /* as given: Threads of PID/status, or VT_UNKNOWN */
	/* All six causes, sorted by vmas desc (ties in enum order). */
	vt_cause_entry list[VT_CAUSE_COUNT];
	/* The facts behind the texts. */
	long stacks;                    /* guard + stack pairs */
	long stacks_left;               /* pairs of other shapes beyond the threads, not counted */
	bool main_stack;                /* [stack] present */
	long files;                     /* distinct mapped files */
	long dirs;                      /* their distinct directories */
	vt_cause_dir top_dirs[VT_CAUSE_DIRS];  /* by VMAs desc */
	size_t ndirs;
	long libraries;                 /* distinct library paths */
	long exe_vmas;                  /* VMAs of the executable */
	long arenas;                    /* glibc arena heaps */
	vt_cause_run runs[VT_CAUSE_RUNS];      /* biggest first */
	size_t nruns;
	long all_runs;                  /* runs found */
	long other_by_type[VT_TYPE_COUNT];          /* other's VMAs per vt_vma_type */
} vt_causes;

/* "thread_stacks", ... (the JSON names). */
const char *vt_cause_name(vt_cause c);

/* Attribute every VMA of m (whose types vt_group_build has set) to a cause,
 * set vma->cause, and fill c.  threads: the process's thread count, or
 * VT_UNKNOWN.  Linear in the VMAs plus a sort of the mapped files' paths.
 * m must outlive c.  0, or -1 on ENOMEM (c is then empty). */
int vt_causes_build(vt_causes *c, vt_maps *m, long threads);

/* The entry of one cause. */
const vt_cause_entry *vt_causes_get(const vt_causes *c, vt_cause k);
/* Whether an entry is worth a line of text: it has VMAs, or it is "other". */
bool vt_cause_shown(const vt_cause_entry *e);

/* ---- writers (export_causes.c); texts sanitized with vt_sanitize flags ---- */

/* "threads N" and one line per shown cause (name, VMAs, share, detail) with
 * its advice below; dot is the separator ("·" or "-").  0, or -1 (errno). */
int vt_causes_write_text(FILE *f, const vt_causes *c, unsigned san, const char *dot);
/* [{"cause", "vmas", "detail", "advice"}] sorted by vmas, all six causes (a
 * jansson array, NULL on ENOMEM). */
struct json_t;
struct json_t *vt_causes_json(const vt_causes *c);

/* Threads: of proc_root/PID/status (proc_root NULL: /proc).  The count, or
 * -1 with *err (ENOENT: no such process). */
long vt_read_threads(const char *proc_root, pid_t pid, int *err);

#endif
