/* The clocks and the one sleep: every time vmatop takes or waits comes from here. */
#include <errno.h>
#include <math.h>

#include "vmatop/clock.h"

#define NS_PER_S 1000000000LL

int64_t vt_clock_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) < 0)
		return 0;
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static double clock_seconds(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) < 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / (double)NS_PER_S;
}

double vt_clock_mono(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

double vt_clock_wall(void)
{
	return clock_seconds(CLOCK_REALTIME);
}

void vt_sleep(double secs, volatile sig_atomic_t *stop)
{
	if (!(secs > 0) || !isfinite(secs))
		return;
	struct timespec ts = { (time_t)secs, (long)((secs - floor(secs)) * (double)NS_PER_S) };
	if (ts.tv_nsec >= NS_PER_S)
		ts.tv_nsec = NS_PER_S - 1;
	while ((!stop || !*stop) && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
