/* vmatop core: classifying VMAs and grouping one process's map.
 *
 * Each VMA gets one of eight types (DESIGN.md, first rule that matches):
 *   kernel  [vdso], [vvar], [vvar_vclock], [uprobes], other bracketed kernel names
 *   heap    [heap]
 *   stack   [stack], [stack:TID]
 *   shm     /dev/shm/..., /SYSV..., /memfd:..., [anon_shmem:...], any shared
 *           anonymous mapping (also shown by the kernel as "/dev/zero (deleted)")
 *   exe     the process's own executable (readlink PID/exe)
 *   lib     basename *.so or *.so.N..., or any VMA of that path is executable
 *   file    any other file-backed mapping
 *   anon    no backing file, including [anon:NAME]; no_access counts ---p
 * Groups always sum to the process's VMA count.
 */
#ifndef VMATOP_GROUP_H
#define VMATOP_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmatop/maps.h"

typedef enum vt_vma_type {
	VT_TYPE_KERNEL,
	VT_TYPE_HEAP,
	VT_TYPE_STACK,
	VT_TYPE_SHM,
	VT_TYPE_EXE,
	VT_TYPE_LIB,
	VT_TYPE_FILE,
	VT_TYPE_ANON,
	VT_TYPE_COUNT
} vt_vma_type;

/* "kernel", "heap", ... (the JSON names). */
const char *vt_type_name(vt_vma_type t);
/* Name back to type; -1 when unknown. */
int vt_type_parse(const char *name);

/* Classify one VMA.  path/len without " (deleted)"; path_exec: some VMA of
 * this path is executable; exe: the process's executable path (NULL unknown). */
vt_vma_type vt_classify(const char *path, size_t len, bool deleted, unsigned perms,
			bool path_exec, const char *exe);

/* One path within a type. */
typedef struct vt_path_group {
	uint32_t path;                /* id in the maps' path table */
	long vmas;
	unsigned long long bytes;     /* virtual size */
	long rss_kb;                  /* VT_UNKNOWN unless smaps was loaded */
	bool deleted;
	size_t first;                 /* private: start of its VMAs in the order array */
} vt_path_group;

/* One type. */
typedef struct vt_type_group {
	vt_vma_type type;
	long vmas;
	unsigned long long bytes;     /* virtual size */
	long no_access;               /* ---p VMAs (meaningful for anon; counted for all) */
	long rss_kb;                  /* VT_UNKNOWN unless smaps was loaded */
	double share;                 /* of the process's VMAs, 0..1 (0 when it has none) */
	double limit_share;           /* of max_map_count, 0..1+ ; NAN when unknown */
	vt_path_group *paths;         /* sorted by vmas desc, ties by path bytes */
	size_t npaths;
} vt_type_group;

/* The grouping of one vt_maps (which must outlive it and stay unchanged). */
typedef struct vt_grouping {
	const vt_maps *maps;
	long vmas;                    /* == maps->n */
	long max_map_count;           /* as given (VT_UNKNOWN allowed) */
	bool rss_known;               /* smaps was loaded */
	/* All eight types, sorted by vmas desc (ties in enum order);
	 * the first ntypes have at least one VMA. */
	vt_type_group types[VT_TYPE_COUNT];
	int ntypes;
	uint32_t *order;              /* private: VMA indices grouped by (type, path) */
} vt_grouping;

/* Classify every VMA of m (sets vma->type) and aggregate, in linear time.
 * max_map_count may be VT_UNKNOWN.  0, or -1 on ENOMEM.  g is overwritten. */
int vt_group_build(vt_grouping *g, vt_maps *m, long max_map_count);
void vt_group_free(vt_grouping *g);

/* The group of a type (even when empty). */
const vt_type_group *vt_group_type(const vt_grouping *g, vt_vma_type t);
/* The biggest contributor of a type (paths[0]), NULL when empty. */
const vt_path_group *vt_group_top(const vt_type_group *t);
/* The raw VMAs of one path group: n indices into g->maps->vmas, address order. */
const uint32_t *vt_group_path_vmas(const vt_grouping *g, const vt_path_group *p, size_t *n);
/* Mapped files rolled up per directory: the paths of one type whose directory
 * holds at least min_files of them become one entry (dirlen > 0: the first
 * dirlen bytes of path's text, with the trailing '/'); the others stay single
 * paths (dirlen 0).  Sorted by vmas desc, ties by directory/path order. */
typedef struct vt_rollup {
	uint32_t path;                /* a path of the entry (its only one when files == 1) */
	size_t dirlen;                /* 0: a single path */
	long files;
	long vmas;
	unsigned long long bytes;
	long rss_kb;                  /* VT_UNKNOWN unless smaps was loaded */
	bool deleted;                 /* a single path that is deleted */
} vt_rollup;
/* *out (free() it) gets *n entries.  0, or -1 on ENOMEM. */
int vt_group_rollup(const vt_grouping *g, const vt_type_group *t, size_t min_files,
		    vt_rollup **out, size_t *n);

/* A path group's display basename (after the last '/'; whole path otherwise). */
const char *vt_group_basename(const vt_grouping *g, const vt_path_group *p, size_t *len);

#endif
