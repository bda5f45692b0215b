/* Unit tests of the TUI's sanitizing draw layer (vt_draw_fit, thresholds). */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
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
	/* the sticky mark: crossed while watched, fallen back since */
	assert_int_equal(vt_draw_sticky_mark(0, 10), ' ');
	assert_int_equal(vt_draw_sticky_mark(VT_PROC_CROSSED_WARN, 85), ' ');
	assert_int_equal(vt_draw_sticky_mark(VT_PROC_CROSSED_WARN, 79.9), '^');
	assert_int_equal(vt_draw_sticky_mark(VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT, 100), ' ');
	assert_int_equal(vt_draw_sticky_mark(VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT, 90), '^');
	assert_int_equal(vt_draw_sticky_mark(VT_PROC_CROSSED_LIMIT, NAN), '^');
}

/* Properties on random bytes (fixed seed): the output is valid UTF-8 without
 * controls, its terminal width (wcswidth) is the reported width, within the
 * limit; in ASCII mode it is printable ASCII of exactly that many bytes. */
static void check_random_output(const char *out, size_t n, int cols, int maxcols, bool utf8)
{
	wchar_t wide[512];
	mbstate_t st;
	const char *p = out;
	assert_true(cols >= 0 && cols <= maxcols);
	if (!utf8) {
		assert_int_equal(n, (size_t)cols);
		for (size_t i = 0; i < n; i++)
			assert_true(out[i] >= 0x20 && out[i] < 0x7f);
		return;
	}
	memset(&st, 0, sizeof(st));
	size_t nw = mbsrtowcs(wide, &p, 512, &st);
	assert_true(nw != (size_t)-1);
	for (size_t i = 0; i < nw; i++)
		assert_true(wide[i] >= 0x20 && wide[i] != 0x7f && !(wide[i] >= 0x80 && wide[i] < 0xa0));
	assert_int_equal(wcswidth(wide, nw), cols);
}

static void test_random_bytes(void **state)
{
	unsigned seed = 12345;
	char src[64], out[512];
	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rand_r(&seed) % (int)sizeof(src));
		for (size_t i = 0; i < len; i++) {
			/* Bias towards UTF-8 lead/continuation bytes and controls. */
			int r = rand_r(&seed) % 4;
			src[i] = (char)(r == 0 ? 0x80 + rand_r(&seed) % 0x80 : r == 1 ? rand_r(&seed) % 0x20
				       : rand_r(&seed) % 256);
		}
		int maxcols = rand_r(&seed) % 40;
		bool utf8 = rand_r(&seed) % 4 != 0;
		int cols = -1;
		size_t n = vt_draw_fit(out, sizeof(out), src, len, maxcols, utf8, &cols);
		assert_int_equal(strlen(out), n);
		check_random_output(out, n, cols, maxcols, utf8);
	}
}

static size_t utf8_encode(unsigned cp, char *b)
{
	if (cp < 0x80) { b[0] = (char)cp; return 1; }
	if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)); return 3;
	}
	b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Every code point (unassigned, private, format, wide, combining): whatever
 * the locale's wcwidth says, the output width is exact and printable. */
static void test_all_code_points(void **state)
{
	char src[16], out[64];
	(void)state;
	for (unsigned cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t len = utf8_encode(cp, src);
		src[len] = 'x';
		int cols = -1;
		size_t n = vt_draw_fit(out, sizeof(out), src, len + 1, 3, true, &cols);
		check_random_output(out, n, cols, 3, true);
		/* At most two columns for the character: the 'x' after it always fits. */
		assert_true(n > 0 && out[n - 1] == 'x');
	}
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
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_all_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
