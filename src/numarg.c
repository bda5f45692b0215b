/* Numbers on the command line and in vmatoprc: whole strings only, in range.
 * Below options.c and timearg.c, which both parse with these. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "vmatop/options.h"

int vt_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	if (!s || !*s || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int vt_parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
