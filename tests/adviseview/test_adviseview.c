/* Unit tests of the advisor view's content (tui/view_advise.c): the peak is
 * the history's (kept after the process exits), --headroom and --round are
 * honoured, the machine totals come from the unfiltered snapshot, the lines
 * are exactly what vt_advise_render gives --advise, and the view's keys. */
#include <curses.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"
#include "view.h"
#include "view_advise.h"

#define ADV FIXTURES "/advise"

static const vt_advise_env fixture_env = {
	.proc_root = ADV "/slab-ok", .fs_root = ADV "/host", .no_container_var = true,
};

static void snap_init(vt_snapshot *s, long limit, double mono)
{
	vt_snapshot_init(s);
	s->max_map_count = limit;
	s->mono = mono;
	s->time = 1700000000.0 + mono;
}

static void snap_add(vt_snapshot *s, pid_t pid, const char *comm, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	p->start_time = 1000 + (unsigned long long)pid;
	p->comm = strdup(comm);
	p->cmdline = strdup(comm);
	assert_non_null(p->comm);
	assert_non_null(p->cmdline);
	p->vmas = vmas;
	p->delta = VT_NO_DELTA;
	p->rate = NAN;
	p->eta = NAN;
	if (vmas != VT_UNKNOWN)
		s->total_vmas += vmas;
	s->scanned++;
}

/* A history that saw "big" at 5000 VMAs, then big exited and "small" grew to 400. */
static vt_history *history_big_then_gone(vt_snapshot *now)
{
	vt_snapshot first;
	vt_history *h = vt_history_new(0, 0);
	assert_non_null(h);
	snap_init(&first, 4000, 10.0);
	snap_add(&first, 100, "big", 5000);
	snap_add(&first, 200, "small", 300);
	assert_int_equal(vt_history_apply(h, &first), 0);
	vt_snapshot_free(&first);
	snap_init(now, 4000, 12.5);
	snap_add(now, 200, "small", 400);
	assert_int_equal(vt_history_apply(h, now), 0);
	return h;
}

static bool has_line(const vt_advise_lines *l, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].text, text) == 0)
			return true;
	return false;
}

static vt_opts opts(double headroom, long round_to)
{
	vt_opts o;
	vt_opts_defaults(&o);
	o.headroom = headroom;
	o.round_to = round_to;
	return o;
}

static void test_peak_from_history(void **state)
{
	(void)state;
	vt_snapshot now;
	vt_advise_peak pk;
	vt_history *h = history_big_then_gone(&now);
	vt_advise_view_peak(&pk, h, &now);
	assert_int_equal(pk.vmas, 5000);
	assert_int_equal(pk.pid, 100);
	assert_string_equal(pk.comm, "big");
	/* seen 2.5 s before the current snapshot, on the wall clock */
	assert_true(fabs(pk.time - (now.time - 2.5)) < 1e-6);
	vt_advise_view_peak(&pk, NULL, &now);
	assert_int_equal(pk.vmas, VT_UNKNOWN);
	vt_history_free(h);
	vt_snapshot_free(&now);
}

static void test_lines_use_history_peak_and_options(void **state)
{
	(void)state;
	vt_snapshot now;
	vt_advise_lines l;
	vt_history *h = history_big_then_gone(&now);
	vt_opts o = opts(2.5, 3000);   /* 5000 x 2.5 = 12500 -> 15000 */
	assert_int_equal(vt_advise_view_lines(&l, &now, NULL, h, &o, true, &fixture_env), 0);
	assert_true(has_line(&l, "vm.max_map_count = 15000"));
	assert_true(has_line(&l, "Why: peak 5,000 x 2.5 = 12,500, rounded up to 15,000."));
	assert_true(has_line(&l, "sudo sysctl -w vm.max_map_count=15000"));
	assert_true(has_line(&l, "Highest now:        400 VMAs in small (pid 200), 10.0% of the limit"));
	assert_true(has_line(&l, "Highest seen:       5,000 VMAs in big (pid 100), 125.0% of the limit"));
	vt_advise_lines_free(&l);

	/* Without the history, the peak is what the snapshot shows now. */
	assert_int_equal(vt_advise_view_lines(&l, &now, NULL, NULL, &o, true, &fixture_env), 0);
	assert_true(has_line(&l, "Highest seen:       400 VMAs in small (pid 200), 10.0% of the limit"));
	assert_true(has_line(&l, "vm.max_map_count = 4000  (no change needed)"));
	vt_advise_lines_free(&l);
	vt_history_free(h);
	vt_snapshot_free(&now);
}

/* The lines are vt_advise_render's for the same advice --advise computes. */
static void test_lines_equal_core_render(void **state)
{
	(void)state;
	vt_snapshot now, all;
	vt_advise_lines mine, core;
	vt_advise_peak pk;
	vt_advice a;
	vt_history *h = history_big_then_gone(&now);
	vt_opts o = opts(1.5, 10000);
	snap_init(&all, 4000, 12.5);
	snap_add(&all, 1, "init", 120);
	snap_add(&all, 200, "small", 400);
	snap_add(&all, 300, "other", 777);

	assert_int_equal(vt_advise_view_lines(&mine, &now, &all, h, &o, true, &fixture_env), 0);
	vt_advise_peak_init(&pk);
	pk.vmas = 5000;
	pk.pid = 100;
	strcpy(pk.comm, "big");
	pk.time = now.time - 2.5;           /* as the history saw it (test_peak_from_history) */
	pk.start_time = vt_history_peak_proc(h)->start_time;
	vt_advise_compute(&a, &now, &pk, 1.5, 10000, &fixture_env);
	vt_advise_set_totals(&a, &all);
	assert_int_equal(vt_advise_render(&a, 0, &core), 0);
	assert_int_equal(mine.n, core.n);
	for (size_t i = 0; i < core.n; i++) {
		assert_int_equal(mine.v[i].kind, core.v[i].kind);
		assert_string_equal(mine.v[i].text, core.v[i].text);
	}
	/* the machine totals are the unfiltered snapshot's */
	assert_true(has_line(&mine, "Machine total:      1,297 VMAs in 3 processes"));
	assert_true(has_line(&mine, "Per VMA:            200 bytes (vm_area_struct object size, /proc/slabinfo)"));
	vt_advise_lines_free(&mine);
	vt_advise_lines_free(&core);
	vt_snapshot_free(&all);
	vt_history_free(h);
	vt_snapshot_free(&now);
}

/* Untrusted names: no control byte in any line; ASCII only without UTF-8. */
static void test_lines_sanitized(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advise_lines l;
	vt_opts o = opts(1.5, 10000);
	snap_init(&s, 65530, 1.0);
	snap_add(&s, 42, "\x1b[2J\xc3\xa9vil\xff", 900);
	assert_int_equal(vt_advise_view_lines(&l, &s, NULL, NULL, &o, false, &fixture_env), 0);
	for (size_t i = 0; i < l.n; i++)
		for (const unsigned char *p = (const unsigned char *)l.v[i].text; *p; p++)
			if (*p < 0x20 || *p >= 0x7f)
				fail_msg("line %zu has byte 0x%02x: %s", i, *p, l.v[i].text);
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* The view: Esc, Backspace, a and q go back; F10 and other keys are the
 * global bindings'; scrolling keys redraw.  No terminal is needed for keys. */
static void test_view_keys(void **state)
{
	(void)state;
	vt_ctx ctx;
	vt_opts o = opts(1.5, 10000);
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = &o;
	ctx.utf8 = true;
	ctx.history = history_big_then_gone(&ctx.snap);
	vt_view *v = vt_view_advise_new(&ctx);
	assert_non_null(v);
	assert_string_equal(v->ops->name, "advise");
	assert_int_equal(v->ops->handle_key(v, &ctx, 27), VT_REACT_POP);
	assert_int_equal(v->ops->handle_key(v, &ctx, KEY_BACKSPACE), VT_REACT_POP);
	assert_int_equal(v->ops->handle_key(v, &ctx, 'a'), VT_REACT_POP);
	assert_int_equal(v->ops->handle_key(v, &ctx, 'q'), VT_REACT_POP);
	assert_int_equal(v->ops->handle_key(v, &ctx, KEY_F(10)), VT_REACT_UNHANDLED);
	assert_int_equal(v->ops->handle_key(v, &ctx, 'd'), VT_REACT_UNHANDLED);
	assert_int_equal(v->ops->handle_key(v, &ctx, KEY_DOWN), VT_REACT_REDRAW);
	assert_int_equal(v->ops->handle_key(v, &ctx, KEY_END), VT_REACT_REDRAW);
	assert_int_equal(v->ops->handle_key(v, &ctx, KEY_HOME), VT_REACT_REDRAW);
	assert_non_null(v->ops->on_snapshot);
	v->ops->on_snapshot(v, &ctx);
	assert_string_equal(ctx.message, "");
	vt_view_free(v);
	vt_history_free(ctx.history);
	vt_snapshot_free(&ctx.snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peak_from_history),
		cmocka_unit_test(test_lines_use_history_peak_and_options),
		cmocka_unit_test(test_lines_equal_core_render),
		cmocka_unit_test(test_lines_sanitized),
		cmocka_unit_test(test_view_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
