/* Unit tests of the TUI's sanitizing draw layer (vt_draw_fit, thresholds). */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "draw.h"

#define REPL "\xEF\xBF\xBD"

static void fit(const char *src, int maxcols, bool utf8, const char *want, int want_cols)
{
	char buf[256];
	int cols = -1;
	size_t n = vt_draw_fit(buf, sizeof(buf), src, strlen(src), maxcols, utf8, &cols);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_int_equal(cols, want_cols);
}

static void test_plain(void **state)
{
	(void)state;
	fit("firefox", 20, true, "firefox", 7);
	fit("firefox", 4, true, "fire", 4);
	fit("firefox", 0, true, "", 0);
	fit("", 10, true, "", 0);
}

static void test_escape_sequence(void **state)
{
	(void)state;
	fit("\x1b[2Jevil", 20, true, REPL "[2Jevil", 8);
	fit("\x1b[2Jevil", 20, false, "?[2Jevil", 8);
	fit("a\tb\nc\rd", 20, true, "a" REPL "b" REPL "c" REPL "d", 7);
	fit("x\x7f\xc2\x9by", 20, true, "x" REPL REPL "y", 4);   /* DEL and C1 CSI */
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	fit("a\xff" "b", 10, true, "a" REPL "b", 3);
	fit("\xc3(", 10, true, REPL "(", 2);                      /* truncated sequence */
	fit("\xe0\x80\xaf", 10, true, REPL REPL REPL, 3);         /* overlong '/' */
	fit("\xed\xa0\x80", 10, true, REPL REPL REPL, 3);         /* surrogate */
}

static void test_bidi_controls(void **state)
{
	(void)state;
	fit("ab\xe2\x80\xae" "cd", 10, true, "ab" REPL "cd", 5);  /* U+202E RLO */
}

static void test_wide_characters(void **state)
{
	(void)state;
	/* 日本語: three characters of two columns each. */
	fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6, true, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6);
	fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, true, "\xe6\x97\xa5\xe6\x9c\xac", 4);
	fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 1, true, "", 0);
	/* In a non-UTF-8 locale each character is one '?'. */
	fit("\xe6\x97\xa5\xe6\x9c\xac", 10, false, "??", 2);
	fit("caf\xc3\xa9", 10, false, "caf?", 4);
}

static void test_combining(void **state)
{
	(void)state;
	/* e + U+0301 COMBINING ACUTE: one column, kept whole. */
	fit("e\xcc\x81x", 2, true, "e\xcc\x81x", 2);
	fit("e\xcc\x81x", 1, true, "e\xcc\x81", 1);
}

static void test_long_input(void **state)
{
	(void)state;
	size_t n = 200000;
	char *big = malloc(n);
	char buf[64];
	int cols = 0;
	assert_non_null(big);
	memset(big, 'x', n);
	big[5] = '\x1b';
	size_t out = vt_draw_fit(buf, sizeof(buf), big, n, 1000, true, &cols);
	/* Cut by the buffer, on a character boundary, NUL-terminated. */
	assert_true(out < sizeof(buf));
	assert_int_equal(strlen(buf), out);
	assert_int_equal(cols, (int)out - 2);        /* one U+FFFD: 3 bytes, 1 column */
	assert_memory_equal(buf + 5, REPL, 3);
	out = vt_draw_fit(buf, sizeof(buf), big, n, 10, true, &cols);
	assert_int_equal(cols, 10);
	assert_int_equal(out, 12);
	free(big);
}

static void test_small_buffer(void **state)
{
	(void)state;
	char buf[4];
	int cols = 0;
	/* Never split a character when the buffer is short. */
	size_t n = vt_draw_fit(buf, sizeof(buf), "a\xe6\x97\xa5" "b", 5, 10, true, &cols);
	assert_string_equal(buf, "a");
	assert_int_equal(n, 1);
	assert_int_equal(cols, 1);
	assert_int_equal(vt_draw_fit(buf, 0, "abc", 3, 10, true, NULL), 0);
}

static void test_thresholds(void **state)
{
	(void)state;
	assert_int_equal(vt_draw_role_for_percent(0), VT_ROLE_NORMAL);
	assert_int_equal(vt_draw_role_for_percent(49.99), VT_ROLE_NORMAL);
	assert_int_equal(vt_draw_role_for_percent(50), VT_ROLE_WARN);
	assert_int_equal(vt_draw_role_for_percent(79.99), VT_ROLE_WARN);
	assert_int_equal(vt_draw_role_for_percent(80), VT_ROLE_CRIT);
	assert_int_equal(vt_draw_role_for_percent(100), VT_ROLE_CRIT);
	assert_int_equal(vt_draw_role_for_percent(100.01), VT_ROLE_OVER);
	assert_int_equal(vt_draw_role_for_percent(NAN), VT_ROLE_DIM);
	assert_int_equal(vt_draw_marker_for_percent(10), ' ');
	assert_int_equal(vt_draw_marker_for_percent(50), '*');
	assert_int_equal(vt_draw_marker_for_percent(80), '!');
	assert_int_equal(vt_draw_marker_for_percent(150), '#');
	assert_int_equal(vt_draw_marker_for_percent(NAN), '?');
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "SKIP: no C.UTF-8 locale for wcwidth\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escape_sequence),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi_controls),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_thresholds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
