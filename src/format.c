/* Number formatting shared by every writer and view. */
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

const char *vt_format_maps_are(long n)
{
	return n == 1 ? "process's maps is" : "processes' maps are";
}
