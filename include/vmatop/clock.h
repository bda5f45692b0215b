/* vmatop core: the clocks and the one sleep (clock.c). */
#ifndef VMATOP_CLOCK_H
#define VMATOP_CLOCK_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

/* Seconds of CLOCK_MONOTONIC (intervals, deadlines) and CLOCK_REALTIME (the
 * time of a snapshot, seconds since the epoch). */
double vt_clock_mono(void);
double vt_clock_wall(void);
/* Nanoseconds of any clock (the ENOMEM catcher converts boot time to real time). */
int64_t vt_clock_ns(clockid_t id);

/* Sleep secs (nothing when secs <= 0 or not finite), through interruptions
 * by signals, returning early once stop (when not NULL) is set: a handler
 * that sets the flag ends the sleep. */
void vt_sleep(double secs, volatile sig_atomic_t *stop);

#endif
