/* libFuzzer target: the vmatoprc parser on arbitrary bytes.  Besides "no
 * crash" (ASan/UBSan), it checks the parser's promises: settings stay in
 * range, warnings never exceed the lines, and what it formats parses back
 * to the same settings without a warning. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_warn(void *arg, int line, const char *reason)
{
	(void)line;
	if (!reason || !reason[0])
		abort();
	(*(int *)arg)++;
}

static void check_range(const vt_config *c)
{
	if (c->delay < 0.05 || c->delay > 86400 || c->warn < 1 || c->crit > 100 || c->warn > c->crit)
		abort();
	if (c->colset.n < 1 || c->colset.n > VT_COLS_MAX || !vt_sort_info_get(c->sort))
		abort();
	for (int i = 0; i < c->colset.n; i++)
		if (!vt_column_get(c->colset.ids[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vt_config c, back;
	int warned = 0, lines = 0;
	vt_config_defaults(&c);
	int bad = vt_config_parse(&c, (const char *)data, size, count_warn, &warned);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	lines += size > 0 && data[size - 1] != '\n';
	if (bad != warned || bad > lines)
		abort();
	check_range(&c);
	char *text = vt_config_format(&c);
	if (!text)
		return 0;
	vt_config_defaults(&back);
	if (vt_config_parse(&back, text, strlen(text), NULL, NULL) != 0)
		abort();
	char *again = vt_config_format(&back);
	if (again && strcmp(text, again) != 0)
		abort();
	free(again);
	free(text);
	return 0;
}
