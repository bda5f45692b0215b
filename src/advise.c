/* The limit advisor: the recommendation arithmetic and the figures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vmatop/advise.h"

/* Headroom factors are decimals: work in millionths so 1.1 x 100000 is exact. */
#define MICRO 1000000ULL
#define HEADROOM_MAX 1000000.0

/* Documented minimums.  Elasticsearch's bootstrap check refuses to start a
 * production node below 262144; OpenSearch and CrateDB inherit the check;
 * SonarQube's embedded Elasticsearch asks for 524288. */
static const vt_advise_workload workloads[] = {
	{ "Elasticsearch", "org.elasticsearch.bootstrap.Elasticsearch", 262144 },
	{ "Elasticsearch", "org.elasticsearch.launcher.CliToolLauncher", 262144 },
	{ "OpenSearch", "org.opensearch.bootstrap.OpenSearch", 262144 },
	{ "CrateDB", "io.crate.bootstrap.CrateDB", 262144 },
	{ "SonarQube", "org.sonar.application.App", 524288 },
	{ NULL, NULL, 0 }
};

const vt_advise_workload *vt_advise_workloads(void)
{
	return workloads;
}

const vt_advise_workload *vt_advise_match_workload(const char *cmdline)
{
	if (!cmdline)
		return NULL;
	for (const vt_advise_workload *w = workloads; w->name; w++)
		if (strstr(cmdline, w->needle))
			return w;
	return NULL;
}

void vt_advise_peak_init(vt_advise_peak *pk)
{
	memset(pk, 0, sizeof(*pk));
	pk->vmas = VT_UNKNOWN;
}

void vt_advise_peak_update(vt_advise_peak *pk, const vt_snapshot *s)
{
	const vt_proc *w = vt_snapshot_worst(s);
	if (!w || w->vmas <= pk->vmas)
		return;
	pk->vmas = w->vmas;
	pk->pid = w->pid;
	snprintf(pk->comm, sizeof(pk->comm), "%s", w->comm ? w->comm : "");
	pk->time = s->time;
	pk->start_time = w->start_time;
}

static unsigned long long headroom_micro(double headroom)
{
	if (!(headroom >= 1.0))           /* also NAN */
		headroom = 1.0;
	if (headroom > HEADROOM_MAX)
		headroom = HEADROOM_MAX;
	return (unsigned long long)llround(headroom * (double)MICRO);
}

long vt_advise_round(long peak, double headroom, long round_to, bool *capped)
{
	if (capped)
		*capped = false;
	if (peak <= 0)
		return 0;
	unsigned long long hm = headroom_micro(headroom);
	unsigned long long step = round_to > 0 ? (unsigned long long)round_to : 1;
	unsigned long long p = (unsigned long long)peak;
	unsigned long long max = (unsigned long long)VT_ADVISE_MAX_LIMIT;
	unsigned long long r = max + 1;   /* "too big" unless computed below */
	if (p <= (~0ULL) / hm) {
		unsigned long long prod = p * hm;
		unsigned long long need = prod / MICRO + (prod % MICRO != 0);
		unsigned long long q = need / step + (need % step != 0);
		if (q <= (max + step) / step)
			r = q * step;
	}
	if (r > max) {
		if (capped)
			*capped = true;
		return VT_ADVISE_MAX_LIMIT;
	}
	return (long)r;
}

static void copy_comm(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src ? src : "");
}

/* The highest usage now, from the snapshot. */
static void advice_now(vt_advice *a, const vt_snapshot *s)
{
	const vt_proc *w = vt_snapshot_worst(s);
	a->now_vmas = VT_UNKNOWN;
	a->now_percent = NAN;
	a->headroom_left = VT_UNKNOWN;
	if (!w)
		return;
	a->now_vmas = w->vmas;
	a->now_pid = w->pid;
	copy_comm(a->now_comm, sizeof(a->now_comm), w->comm);
	a->now_percent = vt_percent(w->vmas, a->limit);
	if (a->limit != VT_UNKNOWN)
		a->headroom_left = a->limit - w->vmas;
}

/* The highest seen: the caller's peak, or now when that is higher. */
static void advice_peak(vt_advice *a, const vt_advise_peak *pk, const vt_snapshot *s)
{
	a->peak_vmas = a->now_vmas;
	a->peak_pid = a->now_pid;
	a->peak_age = NAN;
	a->peak_running = a->now_vmas != VT_UNKNOWN;
	copy_comm(a->peak_comm, sizeof(a->peak_comm), a->now_comm);
	if (pk && pk->vmas != VT_UNKNOWN && pk->vmas > a->peak_vmas) {
		a->peak_vmas = pk->vmas;
		a->peak_pid = pk->pid;
		copy_comm(a->peak_comm, sizeof(a->peak_comm), pk->comm);
		a->peak_age = pk->time > 0 && s->time >= pk->time ? s->time - pk->time : NAN;
		const vt_proc *p = vt_snapshot_find(s, pk->pid);
		a->peak_running = p && (!pk->start_time || p->start_time == pk->start_time);
	}
	a->peak_percent = vt_percent(a->peak_vmas, a->limit);
	/* at the limit (a split fails at limit, mmap past it, mremap wants 3 more);
	 * a count far above it is from a higher limit, not capped by this one */
	a->peak_capped = a->limit > 0 && a->peak_vmas != VT_UNKNOWN &&
			 a->peak_vmas >= a->limit - 3 && a->peak_vmas <= a->limit + 1;
}

/* The recognised workload with the highest documented minimum. */
static void advice_workload(vt_advice *a, const vt_snapshot *s)
{
	for (size_t i = 0; i < s->nprocs; i++) {
		const vt_proc *p = &s->procs[i];
		if (p->kthread)
			continue;
		const vt_advise_workload *w = vt_advise_match_workload(p->cmdline);
		if (w && (!a->workload || w->min_limit > a->workload->min_limit)) {
			a->workload = w;
			a->workload_pid = p->pid;
		}
	}
}

/* recommended = max(from_peak, limit, workload floor), and why. */
static void advice_recommend(vt_advice *a)
{
	bool capped = false;
	a->factor = a->headroom;
	if (a->peak_capped && a->factor < VT_ADVISE_AT_LIMIT_FACTOR)
		a->factor = VT_ADVISE_AT_LIMIT_FACTOR;   /* the peak hides the real demand */
	a->from_peak = vt_advise_round(a->peak_vmas, a->factor, a->round_to, &capped);
	long floor = a->limit != VT_UNKNOWN ? a->limit : 0;
	long wmin = a->workload ? a->workload->min_limit : 0;
	if (wmin > a->from_peak && wmin > floor) {
		a->recommended = wmin;
		a->basis = VT_ADVISE_WORKLOAD;
	} else if (a->limit != VT_UNKNOWN && a->limit >= a->from_peak) {
		a->recommended = a->limit;
		a->basis = VT_ADVISE_KEEP_CURRENT;
	} else {
		a->recommended = a->from_peak;
		a->basis = capped ? VT_ADVISE_CAPPED : VT_ADVISE_FROM_PEAK;
	}
	if (a->recommended <= 0)
		a->recommended = VT_UNKNOWN;  /* nothing known: no number to give */
	a->raise = a->recommended != VT_UNKNOWN &&
		   (a->limit == VT_UNKNOWN || a->recommended > a->limit);
}

static unsigned long long mul_sat(long n, long size)
{
	if (n <= 0 || size <= 0)
		return 0;
	unsigned long long un = (unsigned long long)n, us = (unsigned long long)size;
	return un > (~0ULL) / us ? ~0ULL : un * us;
}

static void advice_cost(vt_advice *a, const vt_snapshot *s, long vma_bytes, bool measured)
{
	a->vma_bytes = vma_bytes > 0 ? vma_bytes : VT_ADVISE_VMA_BYTES_ESTIMATE;
	a->vma_bytes_measured = vma_bytes > 0 && measured;
	a->worst_bytes = mul_sat(a->recommended, a->vma_bytes);
	a->total_vmas = s->total_vmas;
	a->total_bytes = mul_sat(s->total_vmas, a->vma_bytes);
	a->processes = (int)s->nprocs;
	a->unreadable = s->unreadable;
	a->unreadable_why = s->unreadable_why;
}

void vt_advise_set_totals(vt_advice *a, const vt_snapshot *all)
{
	advice_cost(a, all, a->vma_bytes, a->vma_bytes_measured);
}

void vt_advise_compute_pure(vt_advice *a, const vt_snapshot *s, const vt_advise_peak *peak,
    double headroom, long round_to, long vma_bytes, bool measured)
{
	memset(a, 0, sizeof(*a));
	a->slab_active = -1;
	a->limit = s->max_map_count >= 0 ? s->max_map_count : VT_UNKNOWN;
	a->headroom = isfinite(headroom) && headroom >= 1.0 ? headroom : 1.0;
	a->round_to = round_to > 0 ? round_to : 1;
	advice_now(a, s);
	advice_peak(a, peak, s);
	advice_workload(a, s);
	advice_recommend(a);
	advice_cost(a, s, vma_bytes, measured);
	a->container = VT_CONTAINER_NONE;
}

void vt_advise_compute(vt_advice *a, const vt_snapshot *s, const vt_advise_peak *peak,
    double headroom, long round_to, const vt_advise_env *env)
{
	static const vt_advise_env defaults = VT_ADVISE_ENV_DEFAULT;
	if (!env)
		env = &defaults;
	long active = -1;
	long bytes = vt_advise_slab_vma_bytes(env->proc_root, &active);
	vt_advise_compute_pure(a, s, peak, headroom, round_to, bytes, bytes > 0);
	a->slab_active = active;
	a->container = vt_advise_detect_container(env, a->container_why, sizeof(a->container_why));
}
