/* The --maps writers: one process's memory map grouped by type, as text or
 * JSON (the document of DESIGN.md; with smaps also "rss_kb" per group and
 * path).
 *
 * Text: a header line, the causes, then per type (sorted by VMAs) one summary
 * line naming its biggest contributor, followed by its paths indented.
 * Every path and the comm are sanitized here, before they are written. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/export_maps.h"
#include "vmatop/format.h"
#include "vmatop/proc.h"
#include "vmatop/sanitize.h"

#define COMM_MAX 64            /* the comm's bytes (the kernel's TASK_COMM_LEN is 16) */
#define NAME_SHOWN 256
#define MAPS_ROLLUP 8          /* files in one directory rolled up into one text line */

/* The report with the writer's own choices: sanitizer flags, the separator. */
struct maps_out {
	pid_t pid;
	const char *comm;
	const vt_maps *maps;
	const vt_grouping *g;
	const vt_causes *causes;
	long limit;
	long top;
	bool smaps;
	bool kthread;
	unsigned san;            /* vt_sanitize flags */
	const char *dot;         /* separator: "·" or "-" */
};

static struct maps_out maps_out_of(const vt_maps_report *r)
{
	return (struct maps_out){ .pid = r->pid, .comm = r->comm ? r->comm : "", .maps = r->maps,
		.g = r->g, .causes = r->causes, .limit = r->limit, .top = r->top,
		.smaps = r->smaps, .kthread = r->kthread, .san = r->ascii ? VT_SAN_ASCII : 0,
		.dot = r->ascii ? "-" : "\xC2\xB7" };
}

/* ---- text ---- */


/* The displayable name of a path group (sanitized; placeholder when unnamed). */
static void path_name(const struct maps_out *mo, const vt_path_group *p, bool base,
		      char *buf, size_t sz)
{
	size_t n;
	const char *s = base ? vt_group_basename(mo->g, p, &n) : vt_maps_path(mo->maps, p->path, &n);
	if (n == 0)
		snprintf(buf, sz, "(unnamed)");
	else
		vt_sanitize(buf, sz, s, n, mo->san);
}

static bool type_has_files(vt_vma_type t)
{
	return t == VT_TYPE_SHM || t == VT_TYPE_EXE || t == VT_TYPE_LIB || t == VT_TYPE_FILE;
}

static void text_header(FILE *f, const struct maps_out *mo)
{
	char comm[COMM_MAX * 3 + 1], lim[32], pct[32];
	vt_sanitize(comm, sizeof(comm), mo->comm, strlen(mo->comm), mo->san);
	double p = vt_percent(mo->g->vmas, mo->limit);
	snprintf(lim, sizeof(lim), mo->limit > 0 ? "%ld" : "unknown", mo->limit);
	snprintf(pct, sizeof(pct), isfinite(p) ? "%.2f%%" : "?", p);
	fprintf(f, "pid %d (%s) %s %ld VMAs %s max_map_count %s %s %s of the limit\n",
		(int)mo->pid, comm, mo->dot, mo->g->vmas, mo->dot, lim, mo->dot, pct);
	if (mo->maps->malformed > 0)
		fprintf(f, "(%ld malformed lines skipped)\n", mo->maps->malformed);
}

static void text_type(FILE *f, const struct maps_out *mo, const vt_type_group *t)
{
	char virt[32], rss[32], lim[32], top[NAME_SHOWN * 3];
	const vt_path_group *tp = vt_group_top(t);
	vt_format_bytes(virt, sizeof(virt), t->bytes);
	vt_format_kb(rss, sizeof(rss), t->rss_kb);
	snprintf(lim, sizeof(lim), isfinite(t->limit_share) ? "%.2f%%" : "?", 100.0 * t->limit_share);
	path_name(mo, tp, true, top, sizeof(top));
	fprintf(f, "%-6s %7ld %s %5.1f%% %s %s of limit %s virt %s %s rss %s %s %zu %s%s %s top: %s %ld",
		vt_type_name(t->type), t->vmas, mo->dot, 100.0 * t->share, mo->dot, lim, mo->dot,
		virt, mo->dot, rss, mo->dot, t->npaths, type_has_files(t->type) ? "file" : "name",
		t->npaths == 1 ? "" : "s", mo->dot, top, tp->vmas);
	if (t->no_access > 0)
		fprintf(f, " %s %ld no-access", mo->dot, t->no_access);
	fputc('\n', f);
}

static void text_path(FILE *f, const struct maps_out *mo, const vt_path_group *p)
{
	char virt[32], rss[32], name[4096 * 3];
	vt_format_bytes(virt, sizeof(virt), p->bytes);
	vt_format_kb(rss, sizeof(rss), p->rss_kb);
	path_name(mo, p, false, name, sizeof(name));
	fprintf(f, "    %7ld  %10s  %10s  %s%s\n", p->vmas, virt, rss, name,
		p->deleted ? " (deleted)" : "");
}

/* A directory of rolled-up files: "/data/idx/ (3000 files)". */
static void text_rollup(FILE *f, const struct maps_out *mo, const vt_rollup *r)
{
	char virt[32], rss[32], name[4096 * 3];
	size_t n;
	const char *s = vt_maps_path(mo->maps, r->path, &n);
	vt_format_bytes(virt, sizeof(virt), r->bytes);
	vt_format_kb(rss, sizeof(rss), r->rss_kb);
	vt_sanitize(name, sizeof(name), s, r->dirlen, mo->san);
	fprintf(f, "    %7ld  %10s  %10s  %s (%ld files)\n", r->vmas, virt, rss, name, r->files);
}

/* --top N: what is left out of a group. */
static void text_more(FILE *f, size_t left, long vmas, const char *what)
{
	if (left > 0)
		fprintf(f, "    %7ld  ... and %zu more %s%s\n", vmas, left, what, left == 1 ? "" : "s");
}

/* The paths of a type: files roll up per directory (MAPS_ROLLUP files or more
 * in one directory are one line); --top N keeps the N biggest lines. */
static int text_paths(FILE *f, const struct maps_out *mo, const vt_type_group *t)
{
	size_t top = mo->top > 0 ? (size_t)mo->top : (size_t)-1, n = 0;
	vt_rollup *r = NULL;
	if (type_has_files(t->type) && vt_group_rollup(mo->g, t, MAPS_ROLLUP, &r, &n) < 0)
		return -1;
	if (!r)
		n = t->npaths;
	long rest = 0;
	for (size_t k = 0; k < n; k++) {
		const vt_path_group pg = r ? (vt_path_group){ .path = r[k].path, .vmas = r[k].vmas,
			.bytes = r[k].bytes, .rss_kb = r[k].rss_kb, .deleted = r[k].deleted } : t->paths[k];
		if (k >= top)
			rest += pg.vmas;
		else if (r && r[k].dirlen > 0)
			text_rollup(f, mo, &r[k]);
		else
			text_path(f, mo, &pg);
	}
	text_more(f, n > top ? n - top : 0, rest, r ? "line" : "path");
	free(r);
	return 0;
}

static int write_text(FILE *f, const struct maps_out *mo)
{
	text_header(f, mo);
	if (mo->maps->n == 0 && mo->kthread) {
		fputs("a kernel thread: no memory map, no VMAs\n", f);
		return ferror(f) ? -1 : 0;
	}
	if (vt_causes_write_text(f, mo->causes, mo->san, mo->dot) < 0)
		return -1;
	for (int i = 0; i < mo->g->ntypes; i++) {
		const vt_type_group *t = &mo->g->types[i];
		text_type(f, mo, t);
		if (text_paths(f, mo, t) < 0) {
			errno = ENOMEM;
			return -1;
		}
	}
	return ferror(f) ? -1 : 0;
}

/* ---- JSON ---- */

static json_t *maps_json_clean(const char *raw, size_t n)
{
	char *clean = vt_sanitize_dup(raw, n, 0);
	json_t *j = clean ? json_string(clean) : NULL;
	free(clean);
	return j;
}

/* Set key to val (consumed); -1 when val is NULL or the set fails. */
static int jset(json_t *obj, const char *key, json_t *val)
{
	return val && json_object_set_new(obj, key, val) == 0 ? 0 : -1;
}

static int maps_json_rss(json_t *obj, const struct maps_out *mo, long kb)
{
	if (!mo->smaps)
		return 0;
	return jset(obj, "rss_kb", kb == VT_UNKNOWN ? json_null() : json_integer(kb));
}

static json_t *maps_json_path(const struct maps_out *mo, const vt_path_group *p)
{
	size_t n;
	const char *s = vt_maps_path(mo->maps, p->path, &n);
	json_t *o = json_object();
	if (!o || jset(o, "path", maps_json_clean(s, n)) < 0 ||
	    jset(o, "vmas", json_integer(p->vmas)) < 0 ||
	    jset(o, "bytes", json_integer((json_int_t)p->bytes)) < 0 ||
	    jset(o, "deleted", json_boolean(p->deleted)) < 0 || maps_json_rss(o, mo, p->rss_kb) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *maps_json_type(const struct maps_out *mo, const vt_type_group *t)
{
	json_t *o = json_object(), *paths = json_array();
	if (!o || !paths || jset(o, "type", json_string(vt_type_name(t->type))) < 0 ||
	    jset(o, "vmas", json_integer(t->vmas)) < 0 ||
	    jset(o, "bytes", json_integer((json_int_t)t->bytes)) < 0 ||
	    jset(o, "no_access", json_integer(t->no_access)) < 0 || maps_json_rss(o, mo, t->rss_kb) < 0)
		goto fail;
	size_t shown = mo->top > 0 && (size_t)mo->top < t->npaths ? (size_t)mo->top
									 : t->npaths;
	for (size_t k = 0; k < shown; k++)
		if (json_array_append_new(paths, maps_json_path(mo, &t->paths[k])) < 0)
			goto fail;
	/* --top N: how many paths were left out (0 without it) */
	if (jset(o, "paths_omitted", json_integer((json_int_t)(t->npaths - shown))) < 0)
		goto fail;
	if (json_object_set_new(o, "paths", paths) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(paths);
	json_decref(o);
	return NULL;
}

static json_t *maps_json_doc(const struct maps_out *mo)
{
	double p = vt_percent(mo->g->vmas, mo->limit);
	json_t *o = json_object(), *groups = json_array();
	if (!o || !groups || jset(o, "pid", json_integer(mo->pid)) < 0 ||
	    jset(o, "comm", maps_json_clean(mo->comm, strlen(mo->comm))) < 0 ||
	    jset(o, "vmas", json_integer(mo->g->vmas)) < 0 ||
	    jset(o, "max_map_count", mo->limit > 0 ? json_integer(mo->limit) : json_null()) < 0 ||
	    jset(o, "percent", isfinite(p) ? json_real(p) : json_null()) < 0 ||
	    jset(o, "threads", mo->causes->threads >= 0 ? json_integer(mo->causes->threads) : json_null()) < 0 ||
	    jset(o, "causes", vt_causes_json(mo->causes)) < 0)
		goto fail;
	for (int i = 0; i < VT_TYPE_COUNT; i++)
		if (json_array_append_new(groups, maps_json_type(mo, &mo->g->types[i])) < 0)
			goto fail;
	if (json_object_set_new(o, "groups", groups) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(groups);
	json_decref(o);
	return NULL;
}

static int write_json(FILE *f, const struct maps_out *mo)
{
	json_t *doc = maps_json_doc(mo);
	if (!doc) {
		errno = ENOMEM;
		return -1;
	}
	int rc = json_dumpf(doc, f, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(doc);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}

int vt_write_maps_text(FILE *f, const vt_maps_report *r)
{
	struct maps_out mo = maps_out_of(r);
	return write_text(f, &mo);
}

int vt_write_maps_json(FILE *f, const vt_maps_report *r)
{
	struct maps_out mo = maps_out_of(r);
	return write_json(f, &mo);
}
