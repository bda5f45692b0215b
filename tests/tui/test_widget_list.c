/* Unit tests of the scrolling list widget (tui/widget_list.c): the cursor,
 * the top row and their clamping against known row counts and heights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "widget_list.h"

static vt_wlist make(bool select, int count, int page)
{
	vt_wlist wl;
	vt_wlist_init(&wl, select);
	vt_wlist_set(&wl, count, page);
	return wl;
}

static void test_cursor_moves(void **state)
{
	(void)state;
	vt_wlist wl = make(true, 100, 10);
	assert_true(vt_wlist_action(&wl, VT_ACT_DOWN));
	assert_int_equal(wl.cursor, 1);
	assert_int_equal(wl.top, 0);
	assert_true(vt_wlist_action(&wl, VT_ACT_UP));
	assert_true(vt_wlist_action(&wl, VT_ACT_UP));
	assert_int_equal(wl.cursor, 0);
	for (int i = 0; i < 10; i++)
		vt_wlist_action(&wl, VT_ACT_DOWN);
	assert_int_equal(wl.cursor, 10);
	assert_int_equal(wl.top, 1);          /* the cursor stays shown */
	assert_false(vt_wlist_action(&wl, VT_ACT_ENTER));
	assert_int_equal(wl.cursor, 10);
}

static void test_page_home_end(void **state)
{
	(void)state;
	vt_wlist wl = make(true, 100, 10);
	vt_wlist_action(&wl, VT_ACT_PGDN);
	assert_int_equal(wl.cursor, 10);
	assert_int_equal(wl.top, 1);
	vt_wlist_action(&wl, VT_ACT_END);
	assert_int_equal(wl.cursor, 99);
	assert_int_equal(wl.top, 90);
	vt_wlist_action(&wl, VT_ACT_PGDN);
	assert_int_equal(wl.cursor, 99);
	vt_wlist_action(&wl, VT_ACT_PGUP);
	assert_int_equal(wl.cursor, 89);
	assert_int_equal(wl.top, 89);
	vt_wlist_action(&wl, VT_ACT_HOME);
	assert_int_equal(wl.cursor, 0);
	assert_int_equal(wl.top, 0);
	wl.overlap = 1;                       /* PgDn keeps one row */
	vt_wlist_action(&wl, VT_ACT_PGDN);
	assert_int_equal(wl.cursor, 9);
}

static void test_top_only(void **state)
{
	(void)state;
	vt_wlist wl = make(false, 30, 10);
	vt_wlist_action(&wl, VT_ACT_DOWN);
	assert_int_equal(wl.top, 1);
	vt_wlist_action(&wl, VT_ACT_PGDN);
	assert_int_equal(wl.top, 11);
	vt_wlist_action(&wl, VT_ACT_PGDN);
	assert_int_equal(wl.top, 20);         /* the last page, full */
	vt_wlist_action(&wl, VT_ACT_HOME);
	assert_int_equal(wl.top, 0);
	vt_wlist_action(&wl, VT_ACT_UP);
	assert_int_equal(wl.top, 0);
	vt_wlist_action(&wl, VT_ACT_END);
	assert_int_equal(wl.top, 20);
	assert_int_equal(wl.cursor, 0);
	/* fewer rows than the page: nothing scrolls */
	wl = make(false, 5, 10);
	vt_wlist_action(&wl, VT_ACT_END);
	assert_int_equal(wl.top, 0);
}

static void test_wheel(void **state)
{
	(void)state;
	vt_wlist wl = make(true, 50, 10);
	vt_wlist_action(&wl, VT_ACT_DOWN);
	vt_wlist_action(&wl, VT_ACT_DOWN);
	vt_wlist_scroll(&wl, VT_WLIST_WHEEL_ROWS);
	assert_int_equal(wl.top, 3);
	assert_int_equal(wl.cursor, 5);       /* same place on screen */
	vt_wlist_scroll(&wl, -100);
	assert_int_equal(wl.top, 0);
	assert_int_equal(wl.cursor, 2);
	vt_wlist_scroll(&wl, 1000);
	assert_int_equal(wl.top, 40);
	assert_int_equal(wl.cursor, 42);
	wl = make(false, 50, 10);
	vt_wlist_scroll(&wl, VT_WLIST_WHEEL_ROWS);
	assert_int_equal(wl.top, 3);
	vt_wlist_scroll(&wl, -VT_WLIST_WHEEL_ROWS - 1);
	assert_int_equal(wl.top, 0);
}

static void test_zero_and_one_row(void **state)
{
	(void)state;
	vt_action acts[] = { VT_ACT_UP, VT_ACT_DOWN, VT_ACT_PGUP, VT_ACT_PGDN,
			     VT_ACT_HOME, VT_ACT_END };
	for (int rows = 0; rows <= 1; rows++)
		for (int sel = 0; sel <= 1; sel++)
			for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
				vt_wlist wl = make(sel, rows, 10);
				assert_true(vt_wlist_action(&wl, acts[i]));
				assert_int_equal(wl.cursor, 0);
				assert_int_equal(wl.top, 0);
				vt_wlist_scroll(&wl, VT_WLIST_WHEEL_ROWS);
				assert_int_equal(wl.cursor, 0);
				assert_int_equal(wl.top, 0);
			}
}

static void test_height_zero_and_one(void **state)
{
	(void)state;
	for (int h = 0; h <= 1; h++) {
		vt_wlist wl = make(true, 20, h);
		vt_wlist_action(&wl, VT_ACT_DOWN);
		assert_int_equal(wl.cursor, 1);
		assert_int_equal(wl.top, 1);  /* one row shown: the cursor's */
		vt_wlist_action(&wl, VT_ACT_PGDN);
		assert_int_equal(wl.cursor, 2);
		assert_int_equal(wl.top, 2);
		vt_wlist_action(&wl, VT_ACT_END);
		assert_int_equal(wl.cursor, 19);
		assert_int_equal(wl.top, 19);
		wl = make(false, 20, h);
		vt_wlist_action(&wl, VT_ACT_END);
		assert_int_equal(wl.top, 19);
	}
}

static void test_count_shrinks(void **state)
{
	(void)state;
	vt_wlist wl = make(true, 100, 10);
	vt_wlist_action(&wl, VT_ACT_END);
	vt_wlist_set(&wl, 30, 10);
	assert_int_equal(wl.cursor, 29);
	assert_int_equal(wl.top, 20);
	vt_wlist_set(&wl, 5, 10);
	assert_int_equal(wl.cursor, 4);
	assert_int_equal(wl.top, 0);
	vt_wlist_set(&wl, 0, 10);
	assert_int_equal(wl.cursor, 0);
	assert_int_equal(wl.top, 0);
	/* the page shrinks under the cursor: it stays shown */
	wl = make(true, 100, 20);
	for (int i = 0; i < 15; i++)
		vt_wlist_action(&wl, VT_ACT_DOWN);
	vt_wlist_set(&wl, 100, 5);
	assert_int_equal(wl.cursor, 15);
	assert_int_equal(wl.top, 11);
	wl = make(false, 100, 10);
	vt_wlist_action(&wl, VT_ACT_END);
	vt_wlist_set(&wl, 12, 10);
	assert_int_equal(wl.top, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_moves),
		cmocka_unit_test(test_page_home_end),
		cmocka_unit_test(test_top_only),
		cmocka_unit_test(test_wheel),
		cmocka_unit_test(test_zero_and_one_row),
		cmocka_unit_test(test_height_zero_and_one),
		cmocka_unit_test(test_count_shrinks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
