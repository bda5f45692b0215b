/* The replay source (tui/replay.c) on a recording made on a fake clock: the
 * step and minute moves, clamping, the exited window, -p, the detail graph's
 * grid; and the live memory of exited processes (a filter change is not an
 * exit, the window expires, the appended rows are flagged). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "replay.h"

#define T0 1800000000.0
static char dir[] = "/tmp/vmatop-replay-XXXXXX";

struct fake { pid_t pid; unsigned long long start; long vmas; };

static void fill(vt_snapshot *s, double t, const struct fake *f, size_t n)
{
	vt_snapshot_clear(s);
	s->time = t;
	s->max_map_count = 65530;
	s->total_vmas = 0;
	s->scanned = 0;
	for (size_t i = 0; i < n; i++) {
		vt_proc *p = vt_snapshot_add(s);
		p->pid = f[i].pid;
		p->start_time = f[i].start;
		p->vmas = f[i].vmas;
		snprintf(p->user, sizeof(p->user), "u");
		p->comm = strdup("fake");
		p->cmdline = strdup("");
		s->total_vmas += f[i].vmas;
		s->scanned++;
	}
}

static const vt_proc *find(const vt_snapshot *s, pid_t pid)
{
	return vt_snapshot_find(s, pid);
}

/* 10 samples 1 s apart: pid 10 steady, pid 20 grows by 100 a sample and is
 * gone after the 6th (t0+5). */
static void make_db(const char *path)
{
	char *cause = NULL;
	vt_store *st = vt_store_open(path, VT_STORE_WRITE, &cause);
	vt_snapshot s;
	if (!st)
		fail_msg("open: %s", cause);
	vt_snapshot_init(&s);
	for (int i = 0; i < 10; i++) {
		struct fake f[] = { { 10, 1, 50 }, { 20, 2, 100 + 100 * i } };
		fill(&s, T0 + i, f, i <= 5 ? 2 : 1);
		if (vt_store_record(st, &s, "/nonexistent", &cause) < 0)
			fail_msg("record: %s", cause);
	}
	vt_snapshot_free(&s);
	vt_store_close(st);
}

static int64_t ms(double secs)
{
	return (int64_t)llround(secs * 1000.0);
}

static void test_source_moves(void **state)
{
	char path[300], *cause = NULL;
	vt_replay_job j;
	vt_snapshot out;
	vt_filter f;
	(void)state;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	make_db(path);
	memset(&j, 0, sizeof(j));
	memset(&f, 0, sizeof(f));
	vt_snapshot_init(&out);
	j.st = vt_store_open(path, VT_STORE_READ, &cause);
	assert_non_null(j.st);

	/* at t0+3.5: the sample of t0+3, pid 20 at 400 */
	j.t_ms = ms(T0 + 3.5);
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0 + 3));
	assert_int_equal(find(&out, 20)->vmas, 400);
	assert_false(find(&out, 20)->flags & VT_PROC_EXITED);
	/* one sample forward, one back */
	j.step = 1;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0 + 4));
	assert_int_equal(find(&out, 20)->vmas, 500);
	j.step = -1;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0 + 3));
	/* a minute either way is clamped to the recording */
	j.step = 0;
	j.move_ms = 60000;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0 + 9));
	/* after its exit pid 20 is there only with a window, flagged, last count 600 */
	j.move_ms = 0;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_null(find(&out, 20));
	j.window_ms = 300000;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_non_null(find(&out, 20));
	assert_true(find(&out, 20)->flags & VT_PROC_EXITED);
	assert_int_equal(find(&out, 20)->vmas, 600);
	assert_int_equal(out.total_vmas, 50 + 600);
	j.move_ms = -60000;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0));
	/* the forward step at the last sample stays there */
	j.move_ms = 0;
	j.t_ms = ms(T0 + 9);
	j.step = 1;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.t_ms, ms(T0 + 9));

	/* -p 10: the others are dropped, the totals follow */
	pid_t only = 10;
	f.pids = &only;
	f.npids = 1;
	j.step = 0;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(out.nprocs, 1);
	assert_int_equal(out.total_vmas, 50);
	assert_int_equal(out.scanned, 1);
	f.npids = 0;
	f.pids = NULL;

	/* the graph of pid 20 at t0+4: one point a second, the newest last */
	j.t_ms = ms(T0 + 4);
	j.pid = 20;
	j.start = 2;
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.ncounts, VT_REPLAY_POINTS);
	for (int i = 0; i < 5; i++)
		assert_int_equal(j.counts[VT_REPLAY_POINTS - 1 - i], 500 - 100 * i);
	assert_int_equal(j.counts[VT_REPLAY_POINTS - 6], -1);   /* before it was seen */
	/* at t0+8 it had exited at t0+5: blank after that */
	j.t_ms = ms(T0 + 8);
	assert_int_equal(vt_replay_source(&j, &f, &out, &cause), 0);
	assert_int_equal(j.counts[VT_REPLAY_POINTS - 1], -1);
	assert_int_equal(j.counts[VT_REPLAY_POINTS - 4], 600);

	vt_snapshot_free(&out);
	vt_store_close(j.st);
}

static void test_exited_live(void **state)
{
	vt_exited *e = vt_exited_new();
	vt_snapshot s, shown;
	vt_filter f, fk;
	char label[32];
	(void)state;
	assert_non_null(e);
	memset(&f, 0, sizeof(f));
	fk = f;
	fk.show_kthreads = true;
	vt_snapshot_init(&s);
	vt_snapshot_init(&shown);
	struct fake two[] = { { 10, 1, 50 }, { 20, 2, 700 } }, one[] = { { 10, 1, 50 } };

	fill(&s, T0, two, 2);
	vt_exited_update(e, &s, &f);
	fill(&s, T0 + 1, two, 2);
	vt_exited_update(e, &s, &f);
	/* pid 20 is gone: remembered with its last count and last-seen time */
	fill(&s, T0 + 2, one, 1);
	vt_exited_update(e, &s, &f);
	assert_int_equal(vt_exited_append(e, &s), 0);
	assert_int_equal(s.nprocs, 2);
	const vt_proc *p = find(&s, 20);
	assert_non_null(p);
	assert_true(p->flags & VT_PROC_EXITED);
	assert_int_equal(p->vmas, 700);
	assert_true(p->exited == T0 + 1);
	assert_int_equal(s.total_vmas, 50);                     /* not counted as alive */
	vt_exited_label(label, sizeof(label), p->exited);
	assert_int_equal(strlen(label), strlen("exited HH:MM:SS"));
	assert_int_equal(strncmp(label, "exited ", 7), 0);

	/* a filter change hides processes: they did not exit */
	fill(&s, T0 + 3, two, 2);
	vt_exited_update(e, &s, &f);
	fill(&s, T0 + 4, one, 1);
	vt_exited_update(e, &s, &fk);
	fill(&shown, T0 + 4, one, 1);
	assert_int_equal(vt_exited_append(e, &shown), 0);
	assert_int_equal(shown.nprocs, 2);                      /* only the first pid 20 */
	/* the window expires */
	fill(&s, T0 + 1 + VT_EXITED_WINDOW + 1, one, 1);
	vt_exited_update(e, &s, &fk);
	fill(&shown, T0 + 400, one, 1);
	assert_int_equal(vt_exited_append(e, &shown), 0);
	assert_int_equal(shown.nprocs, 1);
	/* nothing left at all (the -p process died): it is remembered */
	fill(&s, T0 + 402, NULL, 0);
	vt_exited_update(e, &s, &fk);
	assert_int_equal(vt_exited_append(e, &s), 0);
	assert_int_equal(s.nprocs, 1);
	assert_int_equal(s.procs[0].pid, 10);

	vt_snapshot_free(&s);
	vt_snapshot_free(&shown);
	vt_exited_free(e);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_moves),
		cmocka_unit_test(test_exited_live),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
