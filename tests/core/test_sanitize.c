/* The sanitizing layer: controls, invalid UTF-8, bidi controls, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/sanitize.h"

#define R "\xEF\xBF\xBD"

static void check(const char *in, size_t n, unsigned flags, const char *want)
{
	char out[256];
	size_t len = vt_sanitize(out, sizeof(out), in, n, flags);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
}

static void test_plain(void **state)
{
	(void)state;
	check("java", 4, 0, "java");
	check("", 0, 0, "");
	check("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC", 12, 0, "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC");
}

static void test_controls(void **state)
{
	(void)state;
	check("\x1b[2Jevil", 8, 0, R "[2Jevil");
	check("a\nb\tc\rd", 7, 0, "a" R "b" R "c" R "d");
	check("del\x7f", 4, 0, "del" R);
	check("c1\xC2\x9B", 4, 0, "c1" R);            /* U+009B CSI, encoded */
	check("nl\n", 3, VT_SAN_KEEP_NL, "nl\n");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	check("\xff\xfe", 2, 0, R R);
	check("\xC0\xAF", 2, 0, R R);                  /* overlong '/' */
	check("\xED\xA0\x80", 3, 0, R R R);            /* surrogate */
	check("\xF4\x90\x80\x80", 4, 0, R R R R);      /* > U+10FFFF */
	check("ab\xE6\x97", 4, 0, "ab" R R);           /* truncated sequence */
}

static void test_bidi(void **state)
{
	(void)state;
	check("a\xE2\x80\xAE" "b", 5, 0, "a" R "b");   /* U+202E RIGHT-TO-LEFT OVERRIDE */
	check("\xE2\x81\xA6x", 4, 0, R "x");           /* U+2066 */
}

/* Zero-width, format (Cf), filler and tag characters: replaced, never raw. */
static void test_invisible(void **state)
{
	(void)state;
	check("a\xC2\xAD" "z", 4, 0, "a" R "z");                 /* U+00AD soft hyphen */
	check("a\xE2\x80\x8B" "z", 5, 0, "a" R "z");             /* U+200B zero-width space */
	check("a\xE2\x80\x8D" "z", 5, 0, "a" R "z");             /* U+200D zero-width joiner */
	check("a\xE2\x81\xA0" "z", 5, 0, "a" R "z");             /* U+2060 word joiner */
	check("a\xEF\xBB\xBF" "z", 5, 0, "a" R "z");             /* U+FEFF BOM */
	check("a\xE1\xA0\x8E" "z", 5, 0, "a" R "z");             /* U+180E Mongolian vowel sep. */
	check("a\xE3\x85\xA4" "z", 5, 0, "a" R "z");             /* U+3164 Hangul filler */
	check("a\xF3\xA0\x81\x81" "z", 6, 0, "a" R "z");         /* U+E0041 tag A */
	check("a\xF0\x9D\x85\xB3" "z", 6, 0, "a" R "z");         /* U+1D173 musical format */
	check("a\xEF\xB8\x8F" "z", 5, 0, "a" R "z");             /* U+FE0F variation selector */
	check("a\xC2\xA0" "z", 4, 0, "a\xC2\xA0" "z");              /* U+00A0 is visible: kept */
}

static void test_ascii(void **state)
{
	(void)state;
	check("caf\xC3\xA9\x1b", 6, VT_SAN_ASCII, "caf??");
}

static void test_embedded_nul(void **state)
{
	(void)state;
	check("a\0b", 3, 0, "a" R "b");
}

static void test_truncation(void **state)
{
	(void)state;
	char out[6];
	/* "ab" + U+FFFD = 5 bytes + NUL: fits; the next character does not. */
	size_t n = vt_sanitize(out, sizeof(out), "ab\x1b" "cd", 5, 0);
	assert_int_equal(n, 5);
	assert_string_equal(out, "ab" R);
	char small[4];
	n = vt_sanitize(small, sizeof(small), "\xE6\x97\xA5", 3, 0);   /* 3 bytes + NUL */
	assert_int_equal(n, 3);
	n = vt_sanitize(small, 3, "\xE6\x97\xA5", 3, 0);               /* never half a char */
	assert_int_equal(n, 0);
	assert_string_equal(small, "");
	assert_int_equal(vt_sanitize(small, 0, "x", 1, 0), 0);
}

static void test_dup_worst_case(void **state)
{
	(void)state;
	char in[100];
	memset(in, 0xff, sizeof(in));
	char *d = vt_sanitize_dup(in, sizeof(in), 0);
	assert_non_null(d);
	assert_int_equal(strlen(d), 300);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_dup_worst_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
