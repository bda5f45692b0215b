/* Unit tests: the clocks and the one sleep (src/clock.c). */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <cmocka.h>

#include "vmatop/clock.h"

static void test_clocks(void **state)
{
	(void)state;
	double a = vt_clock_mono(), b = vt_clock_mono();
	assert_true(a > 0);
	assert_true(b >= a);
	/* the wall clock is the epoch's: after 2020-01-01, and time(2) agrees */
	double w = vt_clock_wall();
	assert_true(w > 1577836800.0);
	assert_true(fabs(w - (double)time(NULL)) < 2.0);
	int64_t ns = vt_clock_ns(CLOCK_MONOTONIC);
	assert_true(fabs((double)ns / 1e9 - vt_clock_mono()) < 1.0);
}

static void test_sleep(void **state)
{
	(void)state;
	double t0 = vt_clock_mono();
	vt_sleep(0.05, NULL);
	assert_true(vt_clock_mono() - t0 >= 0.05);
	/* nothing to sleep: back at once */
	t0 = vt_clock_mono();
	vt_sleep(0, NULL);
	vt_sleep(-1, NULL);
	vt_sleep(NAN, NULL);
	vt_sleep(INFINITY, NULL);
	assert_true(vt_clock_mono() - t0 < 0.5);
}

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (alarms >= 2)
		stop_flag = 1;
}

/* Signals that do not set the flag do not end the sleep early; the one that
 * sets it does: a 5 s sleep ends after the second 50 ms alarm. */
static void test_sleep_stops(void **state)
{
	(void)state;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } };
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	double t0 = vt_clock_mono();
	vt_sleep(5.0, &stop_flag);
	double took = vt_clock_mono() - t0;
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	assert_int_equal(stop_flag, 1);
	assert_true(alarms >= 2);
	assert_true(took >= 0.09);       /* the first alarm did not end it */
	assert_true(took < 2.0);         /* the second did */
	/* with the flag already set, no sleep at all */
	t0 = vt_clock_mono();
	vt_sleep(5.0, &stop_flag);
	assert_true(vt_clock_mono() - t0 < 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clocks),
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_sleep_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
