/* History: a ring of (time, count) per process keyed by (pid, start_time),
 * pruned by mark and sweep after every snapshot; delta, rate, ETA, marks. */
#include <math.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/history.h"

#define HIST_MIN_BUCKETS 256
#define HIST_TIME_EPS 1e-9
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct hist_entry {
	struct hist_entry *next;       /* hash chain */
	pid_t pid;
	unsigned long long start_time;
	unsigned long mark;            /* generation of the last snapshot that held it */
	unsigned flags;                /* VT_PROC_CROSSED_* */
	long peak;                     /* VT_UNKNOWN until a sample */
	size_t head;                   /* index of the oldest sample */
	size_t len;
	vt_sample ring[];
};

struct vt_history {
	struct hist_entry **buckets;
	size_t nbuckets;               /* a power of two */
	size_t count;
	size_t cap;                    /* samples per ring */
	double window;
	unsigned long gen;
	vt_history_peak peak;
	long peak_total;
};

vt_history *vt_history_new(size_t samples, double window)
{
	vt_history *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->nbuckets = HIST_MIN_BUCKETS;
	h->buckets = calloc(h->nbuckets, sizeof(*h->buckets));
	if (!h->buckets) {
		free(h);
		return NULL;
	}
	h->cap = samples == 0 ? VT_HISTORY_SAMPLES : samples < 2 ? 2 : samples;
	h->window = window > 0 ? window : VT_HISTORY_WINDOW;
	h->peak.vmas = VT_UNKNOWN;
	h->peak_total = VT_UNKNOWN;
	return h;
}

void vt_history_free(vt_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nbuckets; i++) {
		struct hist_entry *e = h->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(h->buckets);
	free(h);
}

static size_t hist_hash(pid_t pid, unsigned long long start_time, size_t nbuckets)
{
	uint64_t x = (uint64_t)(uint32_t)pid * 0x9E3779B97F4A7C15ULL;
	x ^= start_time + 0x632BE59BD9B4E019ULL + (x << 6) + (x >> 2);
	return (size_t)(x ^ (x >> 29)) & (nbuckets - 1);
}

static struct hist_entry *hist_find(const vt_history *h, pid_t pid, unsigned long long start_time)
{
	struct hist_entry *e = h->buckets[hist_hash(pid, start_time, h->nbuckets)];
	for (; e; e = e->next)
		if (e->pid == pid && e->start_time == start_time)
			return e;
	return NULL;
}

/* Double the bucket array when the table is full; a failed grow only costs speed. */
static void hist_grow(vt_history *h)
{
	size_t n = h->nbuckets * 2;
	struct hist_entry **b = calloc(n, sizeof(*b));
	if (!b)
		return;
	for (size_t i = 0; i < h->nbuckets; i++) {
		struct hist_entry *e = h->buckets[i], *next;
		for (; e; e = next) {
			next = e->next;
			size_t k = hist_hash(e->pid, e->start_time, n);
			e->next = b[k];
			b[k] = e;
		}
	}
	free(h->buckets);
	h->buckets = b;
	h->nbuckets = n;
}

static struct hist_entry *hist_add(vt_history *h, pid_t pid, unsigned long long start_time)
{
	struct hist_entry *e = calloc(1, sizeof(*e) + h->cap * sizeof(vt_sample));
	if (!e)
		return NULL;
	if (h->count >= h->nbuckets)
		hist_grow(h);
	e->pid = pid;
	e->start_time = start_time;
	e->peak = VT_UNKNOWN;
	size_t k = hist_hash(pid, start_time, h->nbuckets);
	e->next = h->buckets[k];
	h->buckets[k] = e;
	h->count++;
	return e;
}

/* The i-th sample, 0 = oldest. */
static const vt_sample *hist_at(const vt_history *h, const struct hist_entry *e, size_t i)
{
	return &e->ring[(e->head + i) % h->cap];
}

static const vt_sample *hist_newest(const vt_history *h, const struct hist_entry *e)
{
	return e->len ? hist_at(h, e, e->len - 1) : NULL;
}

/* The sample a count taken at mono compares with: the newest, except for a
 * snapshot applied again (same time), which compares with the one before, so
 * that applying a snapshot twice gives the same figures. */
static const vt_sample *hist_previous(const vt_history *h, const struct hist_entry *e, double mono)
{
	const vt_sample *last = hist_newest(h, e);
	if (last && last->mono == mono)
		return e->len >= 2 ? hist_at(h, e, e->len - 2) : NULL;
	return last;
}

/* Append a sample unless its time is not after the newest one. */
static void hist_record(vt_history *h, struct hist_entry *e, double mono, long vmas)
{
	const vt_sample *last = hist_newest(h, e);
	if (last && !(mono > last->mono))
		return;
	if (e->len == h->cap) {
		e->head = (e->head + 1) % h->cap;
		e->len--;
	}
	e->ring[(e->head + e->len) % h->cap] = (vt_sample){ mono, vmas };
	e->len++;
	if (vmas > e->peak)
		e->peak = vmas;
}

/* (newest - oldest within the window) / dt; at least the previous sample. */
static double hist_rate(const vt_history *h, const struct hist_entry *e)
{
	if (e->len < 2)
		return NAN;
	const vt_sample *last = hist_newest(h, e);
	double from = last->mono - h->window - HIST_TIME_EPS;
	size_t i = e->len - 2;               /* times increase: walk back from the newest */
	while (i > 0 && hist_at(h, e, i - 1)->mono >= from)
		i--;
	const vt_sample *first = hist_at(h, e, i);
	return (double)(last->vmas - first->vmas) / (last->mono - first->mono);
}

double vt_history_eta(long vmas, double rate, long limit)
{
	if (!(rate > 0) || limit <= 0 || vmas < 0)
		return NAN;
	if (vmas >= limit)
		return 0;
	return (double)(limit - vmas) / rate;
}

static unsigned hist_crossings(long vmas, long limit)
{
	unsigned f = 0;
	if (limit <= 0 || vmas < 0)
		return 0;
	if (vmas * 100 >= limit * (long)VT_HISTORY_WARN_PCT)
		f |= VT_PROC_CROSSED_WARN;
	if (vmas >= limit)
		f |= VT_PROC_CROSSED_LIMIT;
	return f;
}

static void hist_note_peak(vt_history *h, const vt_proc *p, double mono)
{
	if (p->vmas <= h->peak.vmas)
		return;
	h->peak.vmas = p->vmas;
	h->peak.pid = p->pid;
	h->peak.start_time = p->start_time;
	h->peak.mono = mono;
	snprintf(h->peak.comm, sizeof(h->peak.comm), "%s", p->comm ? p->comm : "");
}

/* Record p's count and fill its derived fields from e. */
static void hist_apply_proc(vt_history *h, struct hist_entry *e, vt_proc *p, const vt_snapshot *s)
{
	p->delta = VT_NO_DELTA;
	p->rate = NAN;
	p->eta = NAN;
	if (p->vmas >= 0) {
		const vt_sample *prev = hist_previous(h, e, s->mono);
		if (prev)
			p->delta = p->vmas - prev->vmas;
		hist_record(h, e, s->mono, p->vmas);
		p->rate = hist_rate(h, e);
		p->eta = vt_history_eta(p->vmas, p->rate, s->max_map_count);
		e->flags |= hist_crossings(p->vmas, s->max_map_count);
		hist_note_peak(h, p, s->mono);
	}
	p->flags = (p->flags & ~(VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT)) | e->flags;
}

/* Drop every entry the current generation did not mark. */
static void hist_sweep(vt_history *h)
{
	for (size_t i = 0; i < h->nbuckets; i++) {
		struct hist_entry **pp = &h->buckets[i];
		while (*pp) {
			struct hist_entry *e = *pp;
			if (e->mark == h->gen) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			free(e);
			h->count--;
		}
	}
}

int vt_history_apply(vt_history *h, vt_snapshot *s)
{
	int rc = 0;
	h->gen++;
	for (size_t i = 0; i < s->nprocs; i++) {
		vt_proc *p = &s->procs[i];
		struct hist_entry *e = hist_find(h, p->pid, p->start_time);
		if (!e)
			e = hist_add(h, p->pid, p->start_time);
		if (!e) {
			rc = -1;
			continue;
		}
		e->mark = h->gen;
		hist_apply_proc(h, e, p, s);
	}
	hist_sweep(h);
	if (s->total_vmas > h->peak_total)
		h->peak_total = s->total_vmas;
	return rc;
}

size_t vt_history_samples(const vt_history *h, pid_t pid, unsigned long long start_time,
			  vt_sample *out, size_t max)
{
	const struct hist_entry *e = hist_find(h, pid, start_time);
	if (!e)
		return 0;
	size_t n = e->len < max ? e->len : max;
	for (size_t i = 0; i < n; i++)
		out[i] = *hist_at(h, e, e->len - n + i);
	return n;
}

size_t vt_history_counts(const vt_history *h, pid_t pid, unsigned long long start_time,
			 long *out, size_t max)
{
	const struct hist_entry *e = hist_find(h, pid, start_time);
	if (!e)
		return 0;
	size_t n = e->len < max ? e->len : max;
	for (size_t i = 0; i < n; i++)
		out[i] = hist_at(h, e, e->len - n + i)->vmas;
	return n;
}

long vt_history_proc_peak(const vt_history *h, pid_t pid, unsigned long long start_time)
{
	const struct hist_entry *e = hist_find(h, pid, start_time);
	return e ? e->peak : VT_UNKNOWN;
}

const vt_history_peak *vt_history_peak_proc(const vt_history *h) { return &h->peak; }
long vt_history_peak_total(const vt_history *h) { return h->peak_total; }
size_t vt_history_tracked(const vt_history *h) { return h->count; }
size_t vt_history_capacity(const vt_history *h) { return h->cap; }
double vt_history_window(const vt_history *h) { return h->window; }

/* --- sparklines --- */

static const char *const spark_utf8[] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char *const spark_ascii[] = { "_", ".", "-", "=", "#" };

int vt_spark_level(long v, long lo, long hi, int levels)
{
	if (lo >= hi || levels <= 1)
		return 0;
	if (v <= lo)
		return 0;
	if (v >= hi)
		return levels - 1;
	double x = (double)(v - lo) * (levels - 1) / (double)(hi - lo);
	return (int)(x + 0.5);
}

/* Append one cell if it fits with the terminating NUL.  0 or -1 (full). */
static int spark_put(char *buf, size_t sz, size_t *len, const char *cell)
{
	size_t n = strlen(cell);
	if (*len + n + 1 > sz)
		return -1;
	memcpy(buf + *len, cell, n);
	*len += n;
	buf[*len] = '\0';
	return 0;
}

static const char *spark_cell(long v, long lo, long hi, bool utf8)
{
	if (v < 0)
		return " ";
	if (utf8)
		return spark_utf8[vt_spark_level(v, lo, hi, NELEM(spark_utf8))];
	return spark_ascii[vt_spark_level(v, lo, hi, NELEM(spark_ascii))];
}

size_t vt_sparkline_scaled(char *buf, size_t sz, const long *vals, size_t n, int width,
			   bool utf8, long lo, long hi)
{
	size_t len = 0;
	if (sz > 0)
		buf[0] = '\0';
	if (width <= 0 || sz == 0)
		return 0;
	size_t w = (size_t)width;
	size_t shown = n < w ? n : w;
	for (size_t i = shown; i < w; i++)
		if (spark_put(buf, sz, &len, " ") < 0)
			return len;
	for (size_t i = n - shown; i < n; i++)
		if (spark_put(buf, sz, &len, spark_cell(vals[i], lo, hi, utf8)) < 0)
			break;
	return len;
}

size_t vt_sparkline(char *buf, size_t sz, const long *vals, size_t n, int width, bool utf8)
{
	long lo = LONG_MAX, hi = LONG_MIN;
	size_t shown = width > 0 && n > (size_t)width ? (size_t)width : n;
	for (size_t i = n - shown; i < n; i++) {
		if (vals[i] < 0)
			continue;
		lo = vals[i] < lo ? vals[i] : lo;
		hi = vals[i] > hi ? vals[i] : hi;
	}
	if (lo > hi)
		lo = hi = 0;
	return vt_sparkline_scaled(buf, sz, vals, n, width, utf8, lo, hi);
}

void vt_history_reset_peak(vt_history *h)
{
	memset(&h->peak, 0, sizeof(h->peak));
	h->peak.vmas = VT_UNKNOWN;
}
