/* Number formatting shared by every writer and view. */
#include <math.h>
#include <stdio.h>

#include "vmatop/format.h"

const char *vt_format_bytes(char *buf, size_t sz, unsigned long long bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	int u = 0;
	while (v >= 1024.0 && u < 6) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, sz, "%llu B", bytes);
	else
		snprintf(buf, sz, "%.1f %s", v, unit[u]);
	return buf;
}

const char *vt_format_kb(char *buf, size_t sz, long kb)
{
	if (kb < 0) {
		snprintf(buf, sz, "-");
		return buf;
	}
	return vt_format_bytes(buf, sz, (unsigned long long)kb * 1024ULL);
}

const char *vt_format_eta(char *buf, size_t sz, double secs)
{
	if (isnan(secs) || secs < 0) {
		snprintf(buf, sz, "-");
		return buf;
	}
	if (secs > 999.0 * 86400) {
		snprintf(buf, sz, ">999d");
		return buf;
	}
	if (llround(secs) == 0) {
		snprintf(buf, sz, "limit");
		return buf;
	}
	return vt_format_duration(buf, sz, secs, "");
}

const char *vt_format_duration(char *buf, size_t sz, double secs, const char *sep)
{
	if (isnan(secs) || secs < 0 || secs > 1e12) {
		snprintf(buf, sz, "-");
		return buf;
	}
	unsigned long long s = (unsigned long long)llround(secs);
	if (s < 60)
		snprintf(buf, sz, "%llus", s);
	else if (s < 3600)
		snprintf(buf, sz, "%llum%s%02llus", s / 60, sep, s % 60);
	else if (s < 86400)
		snprintf(buf, sz, "%lluh%s%02llum", s / 3600, sep, s % 3600 / 60);
	else
		snprintf(buf, sz, "%llud%s%02lluh", s / 86400, sep, s % 86400 / 3600);
	return buf;
}
