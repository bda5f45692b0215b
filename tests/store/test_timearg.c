/* TIME (--at, --since) and DURATION (--retention) arguments, good and bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "vmatop/options.h"

/* 2026-12-02T14:00:00Z */
#define NOW 1796220000.0

static void test_relative(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(vt_parse_time("-10m", NOW, &t), 0);
	assert_int_equal(t, (int64_t)NOW * 1000 - 600000);
	assert_int_equal(vt_parse_time("-2h", NOW, &t), 0);
	assert_int_equal(t, (int64_t)NOW * 1000 - 7200000);
	assert_int_equal(vt_parse_time("-30s", NOW, &t), 0);
	assert_int_equal(t, (int64_t)NOW * 1000 - 30000);
	assert_int_equal(vt_parse_time("-1d", NOW, &t), 0);
	assert_int_equal(t, (int64_t)NOW * 1000 - 86400000);
}

static void test_absolute(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(vt_parse_time("@1796220000", NOW, &t), 0);
	assert_int_equal(t, 1796220000000LL);
	assert_int_equal(vt_parse_time("@1796220000.25", NOW, &t), 0);
	assert_int_equal(t, 1796220000250LL);
	assert_int_equal(vt_parse_time("2026-12-02T13:05:00", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW - 55 * 60) * 1000);
	assert_int_equal(vt_parse_time("2026-12-02 13:05", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW - 55 * 60) * 1000);
	/* today's 13:05, already past at 14:00 */
	assert_int_equal(vt_parse_time("13:05", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW - 55 * 60) * 1000);
	assert_int_equal(vt_parse_time("13:05:30", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW - 55 * 60 + 30) * 1000);
	assert_int_equal(vt_parse_time("9:00", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW - 5 * 3600) * 1000);
	/* 15:00 is still to come: yesterday's */
	assert_int_equal(vt_parse_time("15:00", NOW, &t), 0);
	assert_int_equal(t, (int64_t)(NOW + 3600 - 86400) * 1000);
}

static void test_bad(void **state)
{
	(void)state;
	static const char *bad[] = {
		"", "-", "-10", "-10x", "-m", "--10m", "-0m", "- 10m", "-10m ", "-1.5h",
		"-99999999999999999999d", "@", "@abc", "@-5", "@1e400", "@ 12",
		"13", "13:", "13:5", "1305", "24:00", "13:60", "13:05:61", "13:05:", "13:05:5",
		"13:05x", " 13:05", "13: 05", "13:-5", "-1:05",
		"2026-12-02", "2026-12-02T", "2026-13-02T13:05", "2026-02-31T13:05",
		"2026-12-02T25:00", "2026-12-02X13:05", "26-12-02T13:05", "2026-12-02T13:05Z",
		"1969-12-31T23:59", "yesterday", "now", "\x1b[2J", NULL,
	};
	int64_t t = 42;
	for (int i = 0; bad[i]; i++) {
		if (vt_parse_time(bad[i], NOW, &t) == 0)
			fail_msg("'%s' was accepted as a TIME", bad[i]);
	}
	assert_int_equal(t, 42);                       /* untouched */
	assert_int_equal(vt_parse_time(NULL, NOW, &t), -1);
}

static void test_duration(void **state)
{
	(void)state;
	int64_t d;
	assert_int_equal(vt_parse_duration("7d", &d), 0);
	assert_int_equal(d, 7LL * 86400000);
	assert_int_equal(vt_parse_duration("90s", &d), 0);
	assert_int_equal(d, 90000);
	assert_int_equal(vt_parse_duration("12h", &d), 0);
	assert_int_equal(d, 12LL * 3600000);
	static const char *bad[] = { "", "7", "d", "0d", "-1d", "7D", "7w", "1.5d", " 7d",
				     "7 d", "99999999999d", "+7d", NULL };
	for (int i = 0; bad[i]; i++)
		if (vt_parse_duration(bad[i], &d) == 0)
			fail_msg("'%s' was accepted as a DURATION", bad[i]);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
