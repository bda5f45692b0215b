/* Writing the causes of one process's VMAs: text lines and a JSON array.
 * Details and advice can hold path bytes: sanitized here. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/causes.h"
#include "vmatop/sanitize.h"

#define ADVICE_INDENT 35

int vt_causes_write_text(FILE *f, const vt_causes *c, unsigned san, const char *dot)
{
	char text[VT_CAUSE_TEXT * 3 + 1];
	const char *arrow = san & VT_SAN_ASCII ? "->" : "\xE2\x86\x92";
	if (c->threads >= 0)
		fprintf(f, "threads %ld %s causes of %ld VMAs (first rule that matches):\n",
			c->threads, dot, c->vmas);
	else
		fprintf(f, "threads unknown %s causes of %ld VMAs (first rule that matches):\n", dot,
			c->vmas);
	for (int i = 0; i < VT_CAUSE_COUNT; i++) {
		const vt_cause_entry *e = &c->list[i];
		if (!vt_cause_shown(e))
			continue;
		double share = c->vmas > 0 ? 100.0 * (double)e->vmas / (double)c->vmas : 0.0;
		vt_sanitize(text, sizeof(text), e->detail, strlen(e->detail), san);
		fprintf(f, "  %-17s %7ld %6.1f%%  %s\n", vt_cause_name(e->cause), e->vmas, share,
			e->vmas ? text : "none");
		if (!e->advice[0])
			continue;
		vt_sanitize(text, sizeof(text), e->advice, strlen(e->advice), san);
		fprintf(f, "%*s%s %s\n", ADVICE_INDENT, "", arrow, text);
	}
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

static json_t *clean_string(const char *raw)
{
	char *clean = vt_sanitize_dup(raw, strlen(raw), 0);
	json_t *j = clean ? json_string(clean) : NULL;
	free(clean);
	return j;
}

static json_t *cause_json(const vt_cause_entry *e)
{
	json_t *o = json_object();
	json_t *vals[] = { json_string(vt_cause_name(e->cause)), json_integer(e->vmas),
			   clean_string(e->detail), clean_string(e->advice) };
	static const char *const keys[] = { "cause", "vmas", "detail", "advice" };
	int rc = o ? 0 : -1;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		if (!vals[i] || json_object_set_new(o, keys[i], vals[i]) < 0)
			rc = -1;
	if (rc < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *vt_causes_json(const vt_causes *c)
{
	json_t *arr = json_array();
	for (int i = 0; arr && i < VT_CAUSE_COUNT; i++) {
		if (json_array_append_new(arr, cause_json(&c->list[i])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	if (!arr)
		errno = ENOMEM;
	return arr;
}
