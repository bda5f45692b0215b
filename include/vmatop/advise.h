/* vmatop core: the limit advisor.  What vm.max_map_count this machine needs,
 * what it costs in kernel memory, and how to set it (vmatop never sets it).
 *
 * Use:
 *   vt_advise_peak pk;  vt_advise_peak_init(&pk);
 *   every refresh:      vt_advise_peak_update(&pk, &snap);
 *   on demand:          vt_advise_env env = VT_ADVISE_ENV_DEFAULT;
 *                       vt_advice a;
 *                       vt_advise_compute(&a, &snap, &pk, o->headroom, o->round_to, &env);
 *                       vt_advise_lines l;
 *                       if (vt_advise_render(&a, flags, &l) == 0) { draw l.v[i].text ...;
 *                           vt_advise_lines_free(&l); }
 *
 * The rendered lines are plain, already sanitized text (no ncurses, no escape
 * sequences, no '\n'): `vmatop --advise` prints them, the TUI's advisor view
 * (key `a`) draws them.  Lines that are commands hold nothing but the command,
 * so they can be copied verbatim.
 */
#ifndef VMATOP_ADVISE_H
#define VMATOP_ADVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "vmatop/proc.h"

/* The largest value the kernel accepts for vm.max_map_count (an int). */
#define VT_ADVISE_MAX_LIMIT 2147483647L
/* Estimate of kernel memory per VMA when /proc/slabinfo cannot be read (it is
 * root-only) or has no vm_area_struct line (a merged slab cache): the slab
 * objsize measured on x86-64 Linux 6.18.  The size depends on the kernel
 * version and configuration (guides quote 128 and 288 bytes); vmatop measures
 * it whenever it can and says when it estimates. */
#define VT_ADVISE_VMA_BYTES_ESTIMATE 192L

/* The highest count seen while vmatop ran (the TUI keeps one across refreshes;
 * --advise uses the current scan). */
typedef struct vt_advise_peak {
	long vmas;             /* VT_UNKNOWN until a count was seen */
	pid_t pid;
	char comm[64];         /* raw bytes, truncated; sanitized when rendered */
	double time;           /* snapshot time (CLOCK_REALTIME) when it was seen */
	unsigned long long start_time;  /* with pid: is that process still running? */
} vt_advise_peak;

void vt_advise_peak_init(vt_advise_peak *pk);
/* Raise the peak to the snapshot's worst process when that is higher. */
void vt_advise_peak_update(vt_advise_peak *pk, const vt_snapshot *s);

/* Where the advisor looks (fixture trees in tests). */
typedef struct vt_advise_env {
	const char *proc_root;     /* slabinfo, 1/cgroup, self/mountinfo; NULL: /proc */
	const char *fs_root;       /* /.dockerenv, /run/.containerenv; NULL: "" (the real /) */
	const char *container_var; /* $container; NULL: read the environment */
	bool no_container_var;     /* true: ignore $container entirely (tests) */
} vt_advise_env;
#define VT_ADVISE_ENV_DEFAULT { NULL, NULL, NULL, false }

/* Why the recommendation is the number it is. */
typedef enum vt_advise_basis {
	VT_ADVISE_FROM_PEAK,      /* peak x headroom, rounded up */
	VT_ADVISE_KEEP_CURRENT,   /* the current limit is already higher */
	VT_ADVISE_WORKLOAD,       /* a recognised workload documents a higher minimum */
	VT_ADVISE_CAPPED          /* peak x headroom exceeds what the kernel accepts */
} vt_advise_basis;

/* At the limit the peak is capped (the process's mmap calls fail, its real
 * demand is hidden): the recommendation then uses at least this factor, unless
 * a recognised workload documents a higher floor. */
#define VT_ADVISE_AT_LIMIT_FACTOR 4.0
/* Fewer readable processes than this share: the advice says it rests on the few. */
#define VT_ADVISE_FEW_READABLE 0.5

/* A workload with a documented minimum (Elasticsearch, OpenSearch, ...). */
typedef struct vt_advise_workload {
	const char *name;          /* "Elasticsearch" */
	const char *needle;        /* matched in the command line */
	long min_limit;            /* 262144 */
} vt_advise_workload;

/* The known workloads, terminated by a NULL name. */
const vt_advise_workload *vt_advise_workloads(void);
/* The workload a command line belongs to, or NULL. */
const vt_advise_workload *vt_advise_match_workload(const char *cmdline);

typedef enum vt_container_kind {
	VT_CONTAINER_NONE,
	VT_CONTAINER_DOCKER,
	VT_CONTAINER_PODMAN,
	VT_CONTAINER_KUBERNETES,
	VT_CONTAINER_LXC,
	VT_CONTAINER_NSPAWN,
	VT_CONTAINER_OTHER
} vt_container_kind;

/* Detect whether this process runs inside a container. */
vt_container_kind vt_advise_detect_container(const vt_advise_env *env, char *why, size_t whysz);
const char *vt_container_name(vt_container_kind k);

/* Kernel memory per VMA: the vm_area_struct objsize from proc_root/slabinfo
 * (NULL: /proc).  Returns the size, or -1 when unreadable, absent or garbled.
 * When active_objs is non-NULL it receives the cache's active object count (or -1). */
long vt_advise_slab_vma_bytes(const char *proc_root, long *active_objs);

/* ceil(peak * headroom / round_to) * round_to, exact for decimal headroom
 * factors (1.1 x 100000 = 110000), saturating at VT_ADVISE_MAX_LIMIT; 0 when
 * peak <= 0.  *capped (optional) is set when the result was saturated. */
long vt_advise_round(long peak, double headroom, long round_to, bool *capped);

typedef struct vt_advice {
	/* The limit. */
	long limit;                /* vm.max_map_count, VT_UNKNOWN when unreadable */
	/* Highest usage now. */
	long now_vmas;             /* VT_UNKNOWN when no count is known */
	pid_t now_pid;
	char now_comm[64];         /* raw bytes */
	double now_percent;        /* NAN when unknown */
	long headroom_left;        /* limit - now_vmas (may be negative); VT_UNKNOWN when unknown */
	/* Highest seen while vmatop ran (>= now). */
	long peak_vmas;            /* VT_UNKNOWN when none */
	pid_t peak_pid;
	char peak_comm[64];        /* raw bytes */
	double peak_percent;       /* NAN when unknown */
	double peak_age;           /* seconds since the peak was seen; NAN when it is now's */
	bool peak_running;         /* the peak's process (pid + start time) is in the snapshot */
	bool peak_capped;          /* the peak is at the limit: real demand unknown */
	/* The recommendation. */
	double headroom;           /* factor asked for (--headroom) */
	double factor;             /* factor used: headroom, or VT_ADVISE_AT_LIMIT_FACTOR when capped */
	long round_to;             /* rounding step used */
	long from_peak;            /* vt_advise_round(peak, headroom, round_to) */
	long recommended;          /* max(from_peak, limit, workload floor), <= VT_ADVISE_MAX_LIMIT */
	bool raise;                /* recommended > limit (or the limit is unknown) */
	vt_advise_basis basis;
	const vt_advise_workload *workload;  /* the recognised workload, or NULL */
	pid_t workload_pid;
	/* The cost. */
	long vma_bytes;            /* kernel bytes per VMA */
	bool vma_bytes_measured;   /* true: slabinfo objsize; false: the estimate */
	long slab_active;          /* active vm_area_struct objects in slabinfo, -1 when unknown */
	unsigned long long worst_bytes;  /* one process filling the recommendation */
	long total_vmas;           /* VMAs of all processes whose count is known */
	unsigned long long total_bytes;  /* total_vmas * vma_bytes */
	int processes;             /* processes in the snapshot */
	int unreadable;            /* processes whose count is unknown */
	const char *unreadable_why;  /* static: why (vt_access_hint), or NULL */
	/* Where vmatop runs. */
	vt_container_kind container;
	char container_why[128];   /* the hint that gave it away ("/.dockerenv") */
} vt_advice;

/* Compute the advice (reads slabinfo and the container hints through env;
 * env NULL: the defaults).  Never fails: unknown figures stay unknown. */
void vt_advise_compute(vt_advice *a, const vt_snapshot *s, const vt_advise_peak *peak,
    double headroom, long round_to, const vt_advise_env *env);

/* The arithmetic only, without reading any file (tests; the TUI may ignore). */
void vt_advise_compute_pure(vt_advice *a, const vt_snapshot *s, const vt_advise_peak *peak,
    double headroom, long round_to, long vma_bytes, bool measured);

/* When the advice was computed on a filtered snapshot (-p, -u), take the
 * machine-wide figures (total VMAs, their cost, process counts) from an
 * unfiltered one. */
void vt_advise_set_totals(vt_advice *a, const vt_snapshot *all);

/* Rendered advice: one entry per line. */
typedef enum vt_advise_line_kind {
	VT_ADVISE_LINE_BLANK,      /* empty separator */
	VT_ADVISE_LINE_TITLE,      /* a section heading */
	VT_ADVISE_LINE_TEXT,       /* a figure or an explanation */
	VT_ADVISE_LINE_RECOMMEND,  /* the recommendation itself (highlight it) */
	VT_ADVISE_LINE_COMMAND,    /* a command or file line, to be copied verbatim (indented) */
	VT_ADVISE_LINE_WARN        /* a warning */
} vt_advise_line_kind;

typedef struct vt_advise_line {
	vt_advise_line_kind kind;
	char *text;                /* owned; plain sanitized text, no '\n' */
} vt_advise_line;

typedef struct vt_advise_lines {
	vt_advise_line *v;
	size_t n;
	size_t cap;
} vt_advise_lines;

#define VT_ADVISE_ASCII 0x1u       /* printable ASCII only (non-UTF-8 locale) */

/* Render the advice as lines.  0, or -1 on ENOMEM (l is then empty). */
int vt_advise_render(const vt_advice *a, unsigned flags, vt_advise_lines *l);
void vt_advise_lines_free(vt_advise_lines *l);

#endif
