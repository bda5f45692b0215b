/* History on synthetic snapshots: delta, rate, ETA, identity, pruning, clock
 * steps, sticky marks, bounded rings, peaks. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vmatop/history.h"

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) do { \
		double a_ = (a), b_ = (b); \
		if (!(fabs(a_ - b_) <= (eps))) \
			fail_msg("%s = %.12g, expected %.12g", #a, a_, b_); \
	} while (0)

#define LIMIT 65530L
#define PID 4242
#define START 777ULL

/* One synthetic process in a synthetic snapshot. */
struct fake {
	pid_t pid;
	unsigned long long start;
	long vmas;
};

static void snap_fill(vt_snapshot *s, double mono, long limit, const struct fake *f, size_t n)
{
	vt_snapshot_clear(s);
	s->mono = mono;
	s->time = 1.7e9 + mono;
	s->max_map_count = limit;
	for (size_t i = 0; i < n; i++) {
		vt_proc *p = vt_snapshot_add(s);
		assert_non_null(p);
		p->pid = f[i].pid;
		p->start_time = f[i].start;
		p->vmas = f[i].vmas;
		p->comm = strdup("fake");
		p->cmdline = strdup("");
		assert_non_null(p->comm);
		if (f[i].vmas >= 0)
			s->total_vmas += f[i].vmas;
	}
}

/* Apply one snapshot holding one process; return its figures. */
static vt_proc one(vt_history *h, vt_snapshot *s, double mono, long vmas)
{
	struct fake f = { PID, START, vmas };
	snap_fill(s, mono, LIMIT, &f, 1);
	assert_int_equal(vt_history_apply(h, s), 0);
	vt_proc p = s->procs[0];
	return p;
}

struct fixture {
	vt_history *h;
	vt_snapshot s;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	fx->h = vt_history_new(0, 0);
	vt_snapshot_init(&fx->s);
	*state = fx;
	return fx->h ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	vt_snapshot_free(&fx->s);
	vt_history_free(fx->h);
	free(fx);
	return 0;
}

static void test_defaults(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(vt_history_capacity(fx->h), VT_HISTORY_SAMPLES);
	assert_true(vt_history_window(fx->h) == VT_HISTORY_WINDOW);
	assert_int_equal(vt_history_tracked(fx->h), 0);
	assert_int_equal(vt_history_peak_proc(fx->h)->vmas, VT_UNKNOWN);
	assert_int_equal(vt_history_peak_total(fx->h), VT_UNKNOWN);
	vt_history *tiny = vt_history_new(1, -3);
	assert_int_equal(vt_history_capacity(tiny), 2);
	assert_true(vt_history_window(tiny) == VT_HISTORY_WINDOW);
	vt_history_free(tiny);
	vt_history_free(NULL);
}

static void test_single_sample(void **state)
{
	struct fixture *fx = *state;
	vt_proc p = one(fx->h, &fx->s, 100.0, 500);
	assert_true(p.delta == VT_NO_DELTA);
	assert_true(isnan(p.rate));
	p = one(fx->h, &fx->s, 100.0, 500);         /* the same snapshot again */
	assert_true(p.delta == VT_NO_DELTA);
	assert_true(isnan(p.rate));
	assert_true(isnan(p.eta));
	assert_int_equal(p.flags, 0);
	assert_int_equal(vt_history_tracked(fx->h), 1);
	vt_sample smp[4];
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 4), 1);
	assert_true(smp[0].mono == 100.0);
	assert_int_equal(smp[0].vmas, 500);
}

static void test_steady_growth(void **state)
{
	struct fixture *fx = *state;
	vt_proc p = { 0 };
	for (int i = 0; i <= 30; i++) {
		p = one(fx->h, &fx->s, 10.0 + i, 1000 + 100L * i);
		if (i > 0) {
			assert_int_equal(p.delta, 100);
			assert_near(p.rate, 100.0, 1e-9);
			assert_near(p.eta, (double)(LIMIT - p.vmas) / 100.0, 1e-9);
		}
	}
	assert_int_equal(p.vmas, 4000);
	assert_int_equal(vt_history_proc_peak(fx->h, PID, START), 4000);
}

static void test_shrinkage(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 0.0, 5000);
	vt_proc p = one(fx->h, &fx->s, 2.0, 4000);
	assert_int_equal(p.delta, -1000);
	assert_near(p.rate, -500.0, 1e-9);
	assert_true(isnan(p.eta));
	p = one(fx->h, &fx->s, 4.0, 4000);
	assert_int_equal(p.delta, 0);
	assert_near(p.rate, -250.0, 1e-9);
	assert_true(isnan(p.eta));
	assert_int_equal(vt_history_proc_peak(fx->h, PID, START), 5000);
}

/* A burst is spread over the window, then leaves it. */
static void test_burst(void **state)
{
	struct fixture *fx = *state;
	vt_proc p = { 0 };
	for (int t = 0; t <= 10; t++)
		p = one(fx->h, &fx->s, (double)t, 1000);
	assert_near(p.rate, 0.0, 1e-12);
	assert_true(isnan(p.eta));
	p = one(fx->h, &fx->s, 11.0, 3000);
	assert_int_equal(p.delta, 2000);
	assert_near(p.rate, 200.0, 1e-9);   /* 2000 over the 10 s window */
	assert_near(p.eta, (double)(LIMIT - 3000) / 200.0, 1e-9);
	for (int t = 12; t <= 20; t++) {
		p = one(fx->h, &fx->s, (double)t, 3000);
		assert_int_equal(p.delta, 0);
		assert_near(p.rate, 200.0, 1e-9);
	}
	p = one(fx->h, &fx->s, 21.0, 3000);
	assert_near(p.rate, 0.0, 1e-12);    /* the burst left the window */
}

/* Refreshes slower than the window: the previous sample is always used. */
static void test_slow_refresh(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 0.0, 100);
	vt_proc p = one(fx->h, &fx->s, 60.0, 700);
	assert_near(p.rate, 10.0, 1e-9);
	p = one(fx->h, &fx->s, 120.0, 1900);
	assert_near(p.rate, 20.0, 1e-9);
}

static void test_pid_reuse(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 0.0, 1000);
	one(fx->h, &fx->s, 1.0, 60000);
	struct fake f = { PID, START + 1, 50 };
	snap_fill(&fx->s, 2.0, LIMIT, &f, 1);
	assert_int_equal(vt_history_apply(fx->h, &fx->s), 0);
	vt_proc p = fx->s.procs[0];
	assert_true(p.delta == VT_NO_DELTA);
	assert_true(isnan(p.rate));
	assert_int_equal(p.flags, 0);               /* the old process's mark stays with it */
	vt_sample smp[8];
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 8), 0);
	assert_int_equal(vt_history_samples(fx->h, PID, START + 1, smp, 8), 1);
	assert_int_equal(vt_history_proc_peak(fx->h, PID, START + 1), 50);
	assert_int_equal(vt_history_tracked(fx->h), 1);
}

static void test_clock_steps(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 50.0, 1000);
	vt_proc p = one(fx->h, &fx->s, 51.0, 1100);
	assert_near(p.rate, 100.0, 1e-9);
	p = one(fx->h, &fx->s, 51.0, 1100);         /* applied again: same figures */
	assert_int_equal(p.delta, 100);
	assert_near(p.rate, 100.0, 1e-9);
	p = one(fx->h, &fx->s, 51.0, 1200);         /* same time: not recorded */
	assert_int_equal(p.delta, 200);
	assert_near(p.rate, 100.0, 1e-9);
	p = one(fx->h, &fx->s, 20.0, 1300);         /* backwards: not recorded */
	assert_int_equal(p.delta, 200);
	assert_near(p.rate, 100.0, 1e-9);
	assert_false(isnan(p.eta));
	vt_sample smp[8];
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 8), 2);
	assert_true(smp[1].mono == 51.0);
	p = one(fx->h, &fx->s, 52.0, 1300);         /* time moves on again */
	assert_int_equal(p.delta, 200);
	assert_near(p.rate, 150.0, 1e-9);
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 8), 3);
}

static void test_pruning(void **state)
{
	struct fixture *fx = *state;
	struct fake two[] = { { 10, 1, 100 }, { 20, 2, 200 } };
	snap_fill(&fx->s, 1.0, LIMIT, two, 2);
	vt_history_apply(fx->h, &fx->s);
	snap_fill(&fx->s, 2.0, LIMIT, two, 2);
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(vt_history_tracked(fx->h), 2);
	snap_fill(&fx->s, 3.0, LIMIT, &two[1], 1);  /* pid 10 exited */
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(vt_history_tracked(fx->h), 1);
	long c[4];
	assert_int_equal(vt_history_counts(fx->h, 10, 1, c, 4), 0);
	assert_int_equal(vt_history_proc_peak(fx->h, 10, 1), VT_UNKNOWN);
	assert_int_equal(vt_history_counts(fx->h, 20, 2, c, 4), 3);
	snap_fill(&fx->s, 4.0, LIMIT, two, 2);      /* seen again: a fresh start */
	vt_history_apply(fx->h, &fx->s);
	assert_true(fx->s.procs[0].delta == VT_NO_DELTA);
	assert_int_equal(fx->s.procs[1].delta, 0);
	snap_fill(&fx->s, 5.0, LIMIT, NULL, 0);
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(vt_history_tracked(fx->h), 0);
}

static void test_sticky_marks(void **state)
{
	struct fixture *fx = *state;
	const long lim = 1000;
	struct fake f[] = { { 1, 1, 500 }, { 2, 2, 100 } };
	const long climb[] = { 500, 799, 800, 999, 1000, 1001, 300 };
	const unsigned want[] = { 0, 0, VT_PROC_CROSSED_WARN, VT_PROC_CROSSED_WARN,
				  VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT,
				  VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT,
				  VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT };
	for (size_t i = 0; i < sizeof(climb) / sizeof(climb[0]); i++) {
		f[0].vmas = climb[i];
		snap_fill(&fx->s, (double)i, lim, f, 2);
		vt_history_apply(fx->h, &fx->s);
		assert_int_equal(fx->s.procs[0].flags, want[i]);
		assert_int_equal(fx->s.procs[1].flags, 0);
	}
	/* The marks survive a snapshot whose limit is unknown. */
	snap_fill(&fx->s, 10.0, VT_UNKNOWN, f, 2);
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(fx->s.procs[0].flags, VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT);
	assert_true(isnan(fx->s.procs[0].eta));
}

static void test_no_limit_no_marks(void **state)
{
	struct fixture *fx = *state;
	struct fake f = { 1, 1, 1L << 40 };
	snap_fill(&fx->s, 1.0, VT_UNKNOWN, &f, 1);
	vt_history_apply(fx->h, &fx->s);
	f.vmas += 10;
	snap_fill(&fx->s, 2.0, VT_UNKNOWN, &f, 1);
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(fx->s.procs[0].flags, 0);
	assert_near(fx->s.procs[0].rate, 10.0, 1e-9);
	assert_true(isnan(fx->s.procs[0].eta));
}

static void test_eta_math(void **state)
{
	(void)state;
	assert_near(vt_history_eta(65000, 53.0, 65530), 10.0, 1e-9);
	assert_near(vt_history_eta(0, 2000.0, 1048576), 524.288, 1e-9);
	assert_near(vt_history_eta(65530, 5.0, 65530), 0.0, 0);
	assert_near(vt_history_eta(65531, 5.0, 65530), 0.0, 0);
	assert_true(isnan(vt_history_eta(100, 0.0, 65530)));
	assert_true(isnan(vt_history_eta(100, -4.0, 65530)));
	assert_true(isnan(vt_history_eta(100, NAN, 65530)));
	assert_true(isnan(vt_history_eta(100, 4.0, VT_UNKNOWN)));
	assert_true(isnan(vt_history_eta(VT_UNKNOWN, 4.0, 65530)));
}

static void test_unknown_count(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 1.0, 300);
	vt_proc p = one(fx->h, &fx->s, 2.0, VT_UNKNOWN);
	assert_true(p.delta == VT_NO_DELTA);
	assert_true(isnan(p.rate));
	assert_true(isnan(p.eta));
	assert_int_equal(vt_history_tracked(fx->h), 1);  /* kept alive */
	p = one(fx->h, &fx->s, 3.0, 330);
	assert_int_equal(p.delta, 30);
	assert_near(p.rate, 15.0, 1e-9);
}

static void test_bounded_ring(void **state)
{
	(void)state;
	vt_history *h = vt_history_new(4, 1000.0);
	vt_snapshot s;
	vt_snapshot_init(&s);
	for (int i = 0; i < 10; i++)
		one(h, &s, (double)i, 100L * i);
	vt_sample smp[10];
	long c[10];
	assert_int_equal(vt_history_samples(h, PID, START, smp, 10), 4);
	for (int i = 0; i < 4; i++) {
		assert_true(smp[i].mono == (double)(6 + i));
		assert_int_equal(smp[i].vmas, 100L * (6 + i));
	}
	assert_int_equal(vt_history_counts(h, PID, START, c, 2), 2);  /* the newest two */
	assert_int_equal(c[0], 800);
	assert_int_equal(c[1], 900);
	/* The rate spans what the ring holds, even with a long window. */
	assert_near(s.procs[0].rate, 100.0, 1e-9);
	assert_int_equal(vt_history_proc_peak(h, PID, START), 900);
	vt_snapshot_free(&s);
	vt_history_free(h);
}

static void test_peaks(void **state)
{
	struct fixture *fx = *state;
	struct fake f[] = { { 1, 1, 100 }, { 2, 2, 7000 } };
	snap_fill(&fx->s, 1.0, LIMIT, f, 2);
	vt_history_apply(fx->h, &fx->s);
	f[1].vmas = 9000;
	snap_fill(&fx->s, 2.0, LIMIT, f, 2);
	vt_history_apply(fx->h, &fx->s);
	snap_fill(&fx->s, 3.0, LIMIT, f, 1);        /* pid 2 exited */
	vt_history_apply(fx->h, &fx->s);
	const vt_history_peak *pk = vt_history_peak_proc(fx->h);
	assert_int_equal(pk->vmas, 9000);
	assert_int_equal(pk->pid, 2);
	assert_true(pk->start_time == 2);
	assert_true(pk->mono == 2.0);
	assert_string_equal(pk->comm, "fake");
	assert_int_equal(vt_history_peak_total(fx->h), 9100);
}

/* Enough processes to grow the hash table; each keeps its own history. */
static void test_many(void **state)
{
	struct fixture *fx = *state;
	enum { N = 5000 };
	struct fake *f = calloc(N, sizeof(*f));
	assert_non_null(f);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++)
			f[i] = (struct fake){ i + 1, (unsigned long long)i * 3, i + 10L * round * i };
		snap_fill(&fx->s, (double)round, LIMIT, f, N);
		assert_int_equal(vt_history_apply(fx->h, &fx->s), 0);
	}
	assert_int_equal(vt_history_tracked(fx->h), N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(fx->s.procs[i].delta, 10L * i);
		assert_near(fx->s.procs[i].rate, 10.0 * i, 1e-9);
	}
	free(f);
}

/* Memory through the history's own accounting: no ring before a sample, a
 * ring grown on demand, at most 1 KiB per process with a full ring, and
 * everything returned when the processes go. */
static void test_memory(void **state)
{
	struct fixture *fx = *state;
	enum { N = 3000 };
	struct fake *f = calloc(N, sizeof(*f));
	assert_non_null(f);
	size_t empty = vt_history_bytes(fx->h);
	for (int i = 0; i < N; i++)
		f[i] = (struct fake){ i + 1, (unsigned long long)i, 100 + i };
	snap_fill(&fx->s, 1.0, LIMIT, f, N);
	assert_int_equal(vt_history_apply(fx->h, &fx->s), 0);
	size_t one_sample = (vt_history_bytes(fx->h) - empty) / N;
	assert_true(one_sample <= 48 + 4 * 8 + 16);      /* entry, 4 slots, buckets */
	for (int round = 2; round < 2 + VT_HISTORY_SAMPLES + 10; round++) {
		for (int i = 0; i < N; i++)
			f[i].vmas += i % 3;
		snap_fill(&fx->s, (double)round, LIMIT, f, N);
		assert_int_equal(vt_history_apply(fx->h, &fx->s), 0);
	}
	vt_sample smp[VT_HISTORY_SAMPLES + 1];
	assert_int_equal(vt_history_samples(fx->h, 7, 6, smp, VT_HISTORY_SAMPLES + 1),
			 VT_HISTORY_SAMPLES);
	size_t full = vt_history_bytes(fx->h) / N;
	assert_true(full <= 1024);
	assert_true(full >= VT_HISTORY_SAMPLES * 8);   /* the accounting sees the rings */
	snap_fill(&fx->s, 500.0, LIMIT, NULL, 0);
	vt_history_apply(fx->h, &fx->s);
	assert_int_equal(vt_history_tracked(fx->h), 0);
	assert_true(vt_history_bytes(fx->h) < empty + 8192 * sizeof(void *) + 1);  /* buckets stay */
	free(f);
}

/* Times 49 days apart and counts 2^40 apart still give exact figures. */
static void test_far_apart(void **state)
{
	struct fixture *fx = *state;
	one(fx->h, &fx->s, 1.0, 100);
	one(fx->h, &fx->s, 2.0, 110);
	vt_proc p = one(fx->h, &fx->s, 2.0 + 50 * 86400.0, 120);
	assert_int_equal(p.delta, 10);
	vt_sample smp[4];
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 4), 1);  /* older dropped */
	assert_true(smp[0].mono == 2.0 + 50 * 86400.0);
	p = one(fx->h, &fx->s, 3.0 + 50 * 86400.0, 130);
	assert_near(p.rate, 10.0, 1e-6);
	p = one(fx->h, &fx->s, 4.0 + 50 * 86400.0, 130 + (1L << 40));
	assert_int_equal(p.delta, 1L << 40);
	assert_int_equal(vt_history_proc_peak(fx->h, PID, START), 130 + (1L << 40));
	assert_int_equal(vt_history_samples(fx->h, PID, START, smp, 4), 1);  /* a new series */
	assert_int_equal(smp[0].vmas, 130 + (1L << 40));
}

/* A one-shot scan gets the first-sample figures without a history. */
static void test_first_untracked(void **state)
{
	struct fixture *fx = *state;
	struct fake f[] = { { 1, 1, 900 }, { 2, 2, 100 } };
	snap_fill(&fx->s, 1.0, 1000, f, 2);
	fx->s.procs[0].delta = 5;
	vt_history_first(&fx->s);
	assert_true(fx->s.procs[0].delta == VT_NO_DELTA);
	assert_true(isnan(fx->s.procs[0].rate) && isnan(fx->s.procs[0].eta));
	assert_int_equal(fx->s.procs[0].flags, VT_PROC_CROSSED_WARN);
	assert_int_equal(fx->s.procs[1].flags, 0);
	assert_int_equal(vt_history_tracked(fx->h), 0);
}

/* --- sparklines --- */

#define B1 "\xe2\x96\x81"
#define B2 "\xe2\x96\x82"
#define B3 "\xe2\x96\x83"
#define B4 "\xe2\x96\x84"
#define B5 "\xe2\x96\x85"
#define B6 "\xe2\x96\x86"
#define B7 "\xe2\x96\x87"
#define B8 "\xe2\x96\x88"

static void test_sparkline_utf8(void **state)
{
	(void)state;
	char buf[128];
	const long ramp[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	assert_int_equal(vt_sparkline(buf, sizeof(buf), ramp, 8, 8, true), 24);
	assert_string_equal(buf, B1 B2 B3 B4 B5 B6 B7 B8);
	const long big[] = { 65000, 65530, 65265 };
	vt_sparkline(buf, sizeof(buf), big, 3, 5, true);
	assert_string_equal(buf, "  " B1 B8 B5);       /* padded left, own min..max */
	const long flat[] = { 9, 9, 9 };
	vt_sparkline(buf, sizeof(buf), flat, 3, 3, true);
	assert_string_equal(buf, B1 B1 B1);
	const long gaps[] = { 10, VT_UNKNOWN, 20 };
	vt_sparkline(buf, sizeof(buf), gaps, 3, 3, true);
	assert_string_equal(buf, B1 " " B8);
	/* Only the last `width` values are shown and scaled. */
	const long tail[] = { 1000000, 0, 10, 20 };
	vt_sparkline(buf, sizeof(buf), tail, 4, 3, true);
	assert_string_equal(buf, B1 B5 B8);
}

static void test_sparkline_ascii(void **state)
{
	(void)state;
	char buf[64];
	const long ramp[] = { 0, 1, 2, 3, 4 };
	assert_int_equal(vt_sparkline(buf, sizeof(buf), ramp, 5, 5, false), 5);
	assert_string_equal(buf, "_.-=#");
	vt_sparkline(buf, sizeof(buf), ramp, 2, 4, false);
	assert_string_equal(buf, "  _#");
	vt_sparkline(buf, sizeof(buf), NULL, 0, 3, false);
	assert_string_equal(buf, "   ");
}

static void test_sparkline_limits(void **state)
{
	(void)state;
	char buf[64];
	const long ramp[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vt_sparkline(buf, 8, ramp, 8, 8, true), 6);  /* whole cells only */
	assert_string_equal(buf, B1 B2);
	assert_int_equal(vt_sparkline(buf, 4, ramp, 8, 8, false), 3);
	assert_string_equal(buf, "_..");   /* ASCII: the first three of 8 values on 5 levels */
	assert_int_equal(vt_sparkline(buf, sizeof(buf), ramp, 8, 0, true), 0);
	assert_string_equal(buf, "");
	assert_int_equal(vt_sparkline(buf, 1, ramp, 8, 8, true), 0);
	assert_string_equal(buf, "");
	assert_int_equal(vt_sparkline(buf, 0, ramp, 8, 8, true), 0);
}

static void test_sparkline_scaled(void **state)
{
	(void)state;
	char buf[64];
	const long counts[] = { 0, 32765, 65530, 70000, 100 };
	vt_sparkline_scaled(buf, sizeof(buf), counts, 5, 5, true, 0, 65530);
	assert_string_equal(buf, B1 B5 B8 B8 B1);
	vt_sparkline_scaled(buf, sizeof(buf), counts, 5, 5, false, 0, 65530);
	assert_string_equal(buf, "_-##_");
	assert_int_equal(vt_spark_level(5, 0, 10, 3), 1);
	assert_int_equal(vt_spark_level(-5, 0, 10, 3), 0);
	assert_int_equal(vt_spark_level(50, 0, 10, 3), 2);
	assert_int_equal(vt_spark_level(5, 10, 10, 8), 0);
	assert_int_equal(vt_spark_level(5, 0, 10, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steady_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shrinkage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pruning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sticky_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_limit_no_marks, setup, teardown),
		cmocka_unit_test(test_eta_math),
		cmocka_unit_test_setup_teardown(test_unknown_count, setup, teardown),
		cmocka_unit_test(test_bounded_ring),
		cmocka_unit_test_setup_teardown(test_peaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_far_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_untracked, setup, teardown),
		cmocka_unit_test(test_sparkline_utf8),
		cmocka_unit_test(test_sparkline_ascii),
		cmocka_unit_test(test_sparkline_limits),
		cmocka_unit_test(test_sparkline_scaled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
