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
#define HIST_RING_FIRST 4
#define HIST_RING_MAX UINT16_MAX
#define HIST_MARK 0x80u                /* outside VT_PROC_CROSSED_* */
#define HIST_MS_MAX UINT32_MAX
#define HIST_NO_PEAK INT32_MIN

/* One sample in 8 bytes: milliseconds after the entry's base time, and the
 * count minus the entry's base count (mm->map_count is an int). */
struct hist_sample {
	uint32_t ms;
	int32_t vmas;
};

/* 48 bytes, then the ring, grown on demand (HIST_RING_FIRST, doubling up to
 * the history's capacity): a full ring of 120 samples is 1008 bytes. */
struct hist_entry {
	struct hist_entry *next;       /* hash chain */
	unsigned long long start_time;
	double base;                   /* mono of ms == 0 */
	long vbase;                    /* count of vmas == 0 */
	pid_t pid;
	int32_t peak;                  /* minus vbase; HIST_NO_PEAK until a sample */
	uint16_t head;                 /* index of the oldest sample */
	uint16_t len;
	uint16_t rcap;                 /* samples allocated in ring */
	uint8_t flags;                 /* VT_PROC_CROSSED_*, HIST_MARK */
	struct hist_sample ring[];
};
_Static_assert(sizeof(struct hist_entry) == 48 && sizeof(struct hist_sample) == 8,
	       "a full ring of 120 samples must stay within 1 KiB per process");

struct vt_history {
	struct hist_entry **buckets;
	size_t nbuckets;               /* a power of two */
	size_t count;
	size_t cap;                    /* samples per ring, at most */
	size_t bytes;                  /* held: this, the buckets, the entries */
	double window;
	unsigned mark;                 /* HIST_MARK of the current generation */
	vt_history_peak peak;
	long peak_total;
};

static size_t hist_entry_size(size_t rcap)
{
	return sizeof(struct hist_entry) + rcap * sizeof(struct hist_sample);
}

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
	if (h->cap > HIST_RING_MAX)
		h->cap = HIST_RING_MAX;
	h->window = window > 0 ? window : VT_HISTORY_WINDOW;
	h->peak.vmas = VT_UNKNOWN;
	h->peak_total = VT_UNKNOWN;
	h->bytes = sizeof(*h) + h->nbuckets * sizeof(*h->buckets);
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

/* The chain link that points to the entry (its ring may be reallocated). */
static struct hist_entry **hist_slot(const vt_history *h, pid_t pid, unsigned long long start_time)
{
	struct hist_entry **pp = &h->buckets[hist_hash(pid, start_time, h->nbuckets)];
	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid && (*pp)->start_time == start_time)
			return pp;
	return NULL;
}

static struct hist_entry *hist_find(const vt_history *h, pid_t pid, unsigned long long start_time)
{
	struct hist_entry **pp = hist_slot(h, pid, start_time);
	return pp ? *pp : NULL;
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
	h->bytes += (n - h->nbuckets) * sizeof(*b);
	h->buckets = b;
	h->nbuckets = n;
}

/* A new entry without samples and without a ring. */
static struct hist_entry **hist_add(vt_history *h, pid_t pid, unsigned long long start_time)
{
	struct hist_entry *e = calloc(1, hist_entry_size(0));
	if (!e)
		return NULL;
	if (h->count >= h->nbuckets)
		hist_grow(h);
	e->pid = pid;
	e->start_time = start_time;
	e->peak = HIST_NO_PEAK;
	size_t k = hist_hash(pid, start_time, h->nbuckets);
	e->next = h->buckets[k];
	h->buckets[k] = e;
	h->count++;
	h->bytes += hist_entry_size(0);
	return &h->buckets[k];
}

/* The i-th sample, 0 = oldest, as the caller sees it. */
static vt_sample hist_at(const struct hist_entry *e, size_t i)
{
	const struct hist_sample *x = &e->ring[(e->head + i) % e->rcap];
	return (vt_sample){ e->base + (double)x->ms / 1000.0, e->vbase + x->vmas };
}

static bool hist_newest(const struct hist_entry *e, vt_sample *out)
{
	if (!e->len)
		return false;
	*out = hist_at(e, e->len - 1u);
	return true;
}

/* The sample a count taken at mono compares with: the newest, except for a
 * snapshot applied again (same time), which compares with the one before, so
 * that applying a snapshot twice gives the same figures. */
static bool hist_previous(const struct hist_entry *e, double mono, vt_sample *out)
{
	if (!hist_newest(e, out))
		return false;
	if (out->mono == mono) {
		if (e->len < 2)
			return false;
		*out = hist_at(e, e->len - 2u);
	}
	return true;
}

static void hist_reverse(struct hist_sample *a, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct hist_sample t = a[i];
		a[i] = a[n - 1 - i];
		a[n - 1 - i] = t;
	}
}

/* Put the oldest sample at index 0 (a ring that lost samples to a rebase
 * may start elsewhere before it is grown). */
static void hist_linearize(struct hist_entry *e)
{
	if (e->head == 0)
		return;
	hist_reverse(e->ring, e->head);
	hist_reverse(e->ring + e->head, e->rcap - e->head);
	hist_reverse(e->ring, e->rcap);
	e->head = 0;
}

/* Make room for one more sample: grow the ring (doubling, up to the
 * history's capacity) while it has not wrapped, else drop the oldest. */
static int hist_make_room(vt_history *h, struct hist_entry **pp)
{
	struct hist_entry *e = *pp;
	if (e->len < e->rcap)
		return 0;
	if (e->rcap >= h->cap) {
		e->head = (uint16_t)((e->head + 1u) % e->rcap);
		e->len--;
		return 0;
	}
	size_t n = e->rcap ? (size_t)e->rcap * 2 : HIST_RING_FIRST;
	if (n > h->cap)
		n = h->cap;
	hist_linearize(e);
	struct hist_entry *g = realloc(e, hist_entry_size(n));
	if (!g)
		return -1;
	h->bytes += hist_entry_size(n) - hist_entry_size(g->rcap);
	g->rcap = (uint16_t)n;
	*pp = g;
	return 0;
}

/* Milliseconds of mono after the entry's base.  Samples more than 49 days
 * (UINT32_MAX ms) older than mono are dropped and the base moves up. */
static uint32_t hist_offset(struct hist_entry *e, double mono)
{
	if (e->len == 0)
		e->base = mono;
	while (e->len > 0 && (mono - e->base) * 1000.0 > (double)HIST_MS_MAX) {
		e->head = (uint16_t)((e->head + 1u) % e->rcap);
		e->len--;
		uint32_t shift = e->len ? e->ring[e->head].ms : 0;
		e->base = e->len ? e->base + (double)shift / 1000.0 : mono;
		for (size_t i = 0; i < e->len; i++)
			e->ring[(e->head + i) % e->rcap].ms -= shift;
	}
	return (uint32_t)llround((mono - e->base) * 1000.0);
}

/* The count as an offset from the entry's base count.  A count more than
 * INT32_MAX away from the base (not a kernel count) restarts the series at
 * it; the peak saturates. */
static int32_t hist_count_offset(struct hist_entry *e, long vmas)
{
	if (e->peak == HIST_NO_PEAK)
		e->vbase = vmas;
	long d = vmas - e->vbase;
	if (d >= INT32_MIN + 1L && d <= INT32_MAX)
		return (int32_t)d;
	long peak = e->peak == HIST_NO_PEAK ? vmas : e->vbase + e->peak;
	e->head = 0;
	e->len = 0;
	e->vbase = vmas;
	long p = peak > vmas ? peak - vmas : 0;
	e->peak = p > INT32_MAX ? INT32_MAX : (int32_t)p;
	return 0;
}

/* Append a sample unless its time is not after the newest one. */
static void hist_record(vt_history *h, struct hist_entry **pp, double mono, long vmas)
{
	vt_sample last;
	if (hist_newest(*pp, &last) && !(mono > last.mono))
		return;
	if (hist_make_room(h, pp) < 0)
		return;
	struct hist_entry *e = *pp;
	int32_t v = hist_count_offset(e, vmas);
	uint32_t ms = hist_offset(e, mono);
	e->ring[(e->head + e->len) % e->rcap] = (struct hist_sample){ ms, v };
	e->len++;
	if (e->peak == HIST_NO_PEAK || v > e->peak)
		e->peak = v;
}

/* (newest - oldest within the window) / dt; at least the previous sample. */
static double hist_rate(const vt_history *h, const struct hist_entry *e)
{
	if (e->len < 2)
		return NAN;
	vt_sample last = hist_at(e, e->len - 1u);
	double from = last.mono - h->window - HIST_TIME_EPS;
	size_t i = e->len - 2u;              /* times increase: walk back from the newest */
	while (i > 0 && hist_at(e, i - 1).mono >= from)
		i--;
	vt_sample first = hist_at(e, i);
	if (!(last.mono > first.mono))
		return NAN;
	return (double)(last.vmas - first.vmas) / (last.mono - first.mono);
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

/* The figures of a process seen once, or never tracked. */
static void hist_first_figures(vt_proc *p, const vt_snapshot *s)
{
	p->delta = VT_NO_DELTA;
	p->rate = NAN;
	p->eta = NAN;
	p->flags = (p->flags & ~(VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT)) |
		   hist_crossings(p->vmas, s->max_map_count);
}

/* Record p's count and fill its derived fields from the entry. */
static void hist_apply_proc(vt_history *h, struct hist_entry **pp, vt_proc *p, const vt_snapshot *s)
{
	vt_sample prev;
	hist_first_figures(p, s);
	if (p->vmas >= 0) {
		if (hist_previous(*pp, s->mono, &prev))
			p->delta = p->vmas - prev.vmas;
		hist_record(h, pp, s->mono, p->vmas);
		p->rate = hist_rate(h, *pp);
		p->eta = vt_history_eta(p->vmas, p->rate, s->max_map_count);
		(*pp)->flags |= (uint8_t)hist_crossings(p->vmas, s->max_map_count);
		hist_note_peak(h, p, s->mono);
	}
	unsigned crossed = (*pp)->flags & (VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT);
	p->flags = (p->flags & ~(VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT)) | crossed;
}

/* Drop every entry the current generation did not mark. */
static void hist_sweep(vt_history *h)
{
	for (size_t i = 0; i < h->nbuckets; i++) {
		struct hist_entry **pp = &h->buckets[i];
		while (*pp) {
			struct hist_entry *e = *pp;
			if ((e->flags & HIST_MARK) == h->mark) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			h->bytes -= hist_entry_size(e->rcap);
			free(e);
			h->count--;
		}
	}
}

int vt_history_apply(vt_history *h, vt_snapshot *s)
{
	int rc = 0;
	h->mark ^= HIST_MARK;
	for (size_t i = 0; i < s->nprocs; i++) {
		vt_proc *p = &s->procs[i];
		struct hist_entry **pp = hist_slot(h, p->pid, p->start_time);
		if (!pp)
			pp = hist_add(h, p->pid, p->start_time);
		if (!pp) {
			hist_first_figures(p, s);
			rc = -1;
			continue;
		}
		(*pp)->flags = (uint8_t)(((*pp)->flags & ~HIST_MARK) | h->mark);
		hist_apply_proc(h, pp, p, s);
	}
	hist_sweep(h);
	if (s->total_vmas > h->peak_total)
		h->peak_total = s->total_vmas;
	return rc;
}

void vt_history_first(vt_snapshot *s)
{
	for (size_t i = 0; i < s->nprocs; i++)
		hist_first_figures(&s->procs[i], s);
}

size_t vt_history_samples(const vt_history *h, pid_t pid, unsigned long long start_time,
			  vt_sample *out, size_t max)
{
	const struct hist_entry *e = hist_find(h, pid, start_time);
	if (!e)
		return 0;
	size_t n = e->len < max ? e->len : max;
	for (size_t i = 0; i < n; i++)
		out[i] = hist_at(e, e->len - n + i);
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
		out[i] = e->vbase + e->ring[(e->head + e->len - n + i) % e->rcap].vmas;
	return n;
}

long vt_history_proc_peak(const vt_history *h, pid_t pid, unsigned long long start_time)
{
	const struct hist_entry *e = hist_find(h, pid, start_time);
	return e && e->peak != HIST_NO_PEAK ? e->vbase + e->peak : VT_UNKNOWN;
}

const vt_history_peak *vt_history_peak_proc(const vt_history *h) { return &h->peak; }
long vt_history_peak_total(const vt_history *h) { return h->peak_total; }
size_t vt_history_tracked(const vt_history *h) { return h->count; }
size_t vt_history_capacity(const vt_history *h) { return h->cap; }
double vt_history_window(const vt_history *h) { return h->window; }
size_t vt_history_bytes(const vt_history *h) { return h->bytes; }

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
