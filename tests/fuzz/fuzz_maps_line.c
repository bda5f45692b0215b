/* libFuzzer target: the maps-line parser, whole-buffer reading, smaps Rss
 * matching and grouping on arbitrary bytes.  Besides "no crash" (ASan/UBSan),
 * it checks the parser's promises and aborts when one is broken. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/group.h"
#include "vmatop/maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One line: a parsed path lies inside the input, ranges are ordered. */
static void fuzz_line(const char *s, size_t n)
{
	vt_maps_line l;
	if (vt_maps_parse_line(s, n, &l) < 0)
		return;
	if (l.start > l.end || l.path < s || l.path + l.path_len > s + n)
		abort();
	if (l.perms & ~(VT_PERM_R | VT_PERM_W | VT_PERM_X | VT_PERM_SHARED))
		abort();
}

static size_t count_lines(const char *s, size_t n)
{
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines + (n > 0 && s[n - 1] != '\n');
}

/* Whole buffer: records + malformed never exceed the lines; groups sum up. */
static void fuzz_buffer(const char *s, size_t n)
{
	vt_maps m;
	vt_grouping g;
	vt_maps_init(&m);
	if (vt_maps_parse_mem(&m, s, n) == 0) {
		if (m.n + (size_t)m.malformed > count_lines(s, n))
			abort();
		if (vt_maps_smaps_mem(&m, s, n) == 0 && vt_group_build(&g, &m, 65530) == 0) {
			long sum = 0;
			for (int t = 0; t < VT_TYPE_COUNT; t++)
				sum += g.types[t].vmas;
			if (sum != (long)m.n)
				abort();
			vt_group_free(&g);
		}
	}
	vt_maps_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	fuzz_line(s, nl ? (size_t)(nl - s) : size);
	fuzz_buffer(s, size);
	return 0;
}
