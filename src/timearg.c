/* TIME and DURATION arguments of the recorder (--at, --since, --retention). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmatop/options.h"

/* "N" followed by one unit letter s, m, h, d (N a whole number > 0). */
int vt_parse_duration(const char *s, int64_t *out_ms)
{
	static const struct { char unit; int64_t ms; } units[] = {
		{ 's', 1000 }, { 'm', 60000 }, { 'h', 3600000 }, { 'd', 86400000 },
	};
	size_t len = s ? strlen(s) : 0;
	char num[24];
	long v;
	if (len < 2 || len - 1 >= sizeof(num))
		return -1;
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	if (vt_parse_long(num, 1, 100L * 365 * 86400, &v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (s[len - 1] == units[i].unit) {
			if (v > INT64_MAX / units[i].ms / 1000)
				return -1;
			*out_ms = v * units[i].ms;
			return 0;
		}
	}
	return -1;
}

/* Exactly n digits at s: their value, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "H:MM", "HH:MM" or either with ":SS" at the start of s; the rest in *end. */
static int parse_clock(const char *s, struct tm *tm, const char **end)
{
	int hl = s[0] && s[1] == ':' ? 1 : 2;
	int h = digits(s, hl), m = -1, sec = 0;
	const char *p = s + hl;
	if (h >= 0 && *p == ':')
		m = digits(p + 1, 2);
	if (m < 0)
		return -1;
	p += 3;
	if (*p == ':') {
		if ((sec = digits(p + 1, 2)) < 0)
			return -1;
		p += 3;
	}
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = sec;
	*end = p;
	return 0;
}

static int parse_epoch(const char *s, int64_t *out_ms)
{
	double v;
	if (vt_parse_double(s, 0, 1e11, &v) < 0 || s[0] == '-')
		return -1;
	*out_ms = (int64_t)llround(v * 1000.0);
	return 0;
}

/* YYYY-MM-DD[T ]HH:MM[:SS], local time. */
static int parse_iso(const char *s, int64_t *out_ms)
{
	struct tm tm;
	const char *end;
	memset(&tm, 0, sizeof(tm));
	int y = digits(s, 4), mo = -1, d = -1;
	if (y >= 0 && s[4] == '-')
		mo = digits(s + 5, 2);
	if (mo >= 0 && s[7] == '-')
		d = digits(s + 8, 2);
	if (d < 0 || (s[10] != 'T' && s[10] != ' ') || parse_clock(s + 11, &tm, &end) < 0 || *end)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)          /* 2026-02-31 normalised away */
		return -1;
	*out_ms = (int64_t)t * 1000;
	return 0;
}

/* HH:MM[:SS] today, or yesterday when that time is still to come. */
static int parse_today(const char *s, double now, int64_t *out_ms)
{
	time_t n = (time_t)now;
	struct tm tm;
	const char *end;
	if (!localtime_r(&n, &tm))
		return -1;
	if (parse_clock(s, &tm, &end) < 0 || *end)
		return -1;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	if ((double)t > now) {
		tm.tm_mday -= 1;
		tm.tm_isdst = -1;
		t = mktime(&tm);
	}
	*out_ms = (int64_t)t * 1000;
	return 0;
}

int vt_parse_time(const char *s, double now, int64_t *out_ms)
{
	int64_t d;
	if (!s || !*s)
		return -1;
	if (s[0] == '-') {
		if (vt_parse_duration(s + 1, &d) < 0)
			return -1;
		*out_ms = (int64_t)(now * 1000.0) - d;
		return 0;
	}
	if (s[0] == '@')
		return parse_epoch(s + 1, out_ms);
	if (strlen(s) > 8)
		return parse_iso(s, out_ms);
	return parse_today(s, now, out_ms);
}
