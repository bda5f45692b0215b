/* Unit tests of the detail pane's pure parts: the text helpers (sizes,
 * durations, rates, the per-type summary line, the history graph's rows,
 * the type that grew most) and the tree of rows over a grouping (expansion
 * and the selection kept by identity across a re-read of the map). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detail.h"
#include "vmatop/proc.h"

#define REPL "\xEF\xBF\xBD"
#define B(n) blocks[n]

static const char *const blocks[9] = {
	" ", "\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
	"\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88",
};

/* A map written by hand: exe 2, lib 5 (libjvm.so 3, libc.so.6 2), anon 2
 * (one ---p), heap 1, stack 1, kernel 1, file 1 (named with ESC). */
static const char MAPS1[] =
	"00400000-00401000 r--p 00000000 08:01 100 /usr/bin/app\n"
	"00401000-00402000 r-xp 00001000 08:01 100 /usr/bin/app\n"
	"01000000-01021000 rw-p 00000000 00:00 0 [heap]\n"
	"7f0000000000-7f0000001000 r--p 00000000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000001000-7f0000002000 r-xp 00001000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000002000-7f0000003000 rw-p 00002000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000010000-7f0000011000 r--p 00000000 08:01 300 /usr/lib/libc.so.6\n"
	"7f0000011000-7f0000012000 r-xp 00001000 08:01 300 /usr/lib/libc.so.6\n"
	"7f0000020000-7f0000021000 ---p 00000000 00:00 0\n"
	"7f0000021000-7f0000022000 rw-p 00000000 00:00 0\n"
	"7f0000030000-7f0000031000 r--p 00000000 08:01 400 /data/evil\033[2Jname.bin\n"
	"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n"
	"7ffd00100000-7ffd00102000 r-xp 00000000 00:00 0 [vdso]\n";

/* The same process later: a new library libz.so (5 VMAs) mapped below
 * everything, libjvm.so split once more (4 VMAs). */
static const char MAPS2[] =
	"00400000-00401000 r--p 00000000 08:01 100 /usr/bin/app\n"
	"00401000-00402000 r-xp 00001000 08:01 100 /usr/bin/app\n"
	"01000000-01021000 rw-p 00000000 00:00 0 [heap]\n"
	"7e0000000000-7e0000001000 r--p 00000000 08:01 500 /usr/lib/libz.so\n"
	"7e0000001000-7e0000002000 r-xp 00001000 08:01 500 /usr/lib/libz.so\n"
	"7e0000002000-7e0000003000 r--p 00002000 08:01 500 /usr/lib/libz.so\n"
	"7e0000003000-7e0000004000 rw-p 00003000 08:01 500 /usr/lib/libz.so\n"
	"7e0000004000-7e0000005000 r--p 00004000 08:01 500 /usr/lib/libz.so\n"
	"7f0000000000-7f0000001000 r--p 00000000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000001000-7f0000002000 r-xp 00001000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000002000-7f0000003000 rw-p 00002000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000003000-7f0000004000 r--p 00003000 08:01 200 /opt/x/libjvm.so\n"
	"7f0000010000-7f0000011000 r--p 00000000 08:01 300 /usr/lib/libc.so.6\n"
	"7f0000011000-7f0000012000 r-xp 00001000 08:01 300 /usr/lib/libc.so.6\n"
	"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n";

/* libjvm.so unmapped. */
static const char MAPS3[] =
	"00400000-00401000 r--p 00000000 08:01 100 /usr/bin/app\n"
	"7f0000010000-7f0000011000 r--p 00000000 08:01 300 /usr/lib/libc.so.6\n"
	"7f0000011000-7f0000012000 r-xp 00001000 08:01 300 /usr/lib/libc.so.6\n";

typedef struct fx {
	vt_maps m;
	vt_grouping g;
} fx;

static void fx_load(fx *f, const char *text)
{
	vt_maps_init(&f->m);
	assert_int_equal(vt_maps_parse_mem(&f->m, text, strlen(text)), 0);
	f->m.exe = strdup("/usr/bin/app");
	assert_non_null(f->m.exe);
	assert_int_equal(vt_group_build(&f->g, &f->m, 65530), 0);
}

static void fx_free(fx *f)
{
	vt_group_free(&f->g);
	vt_maps_free(&f->m);
}

static const vt_type_group *type_of(const fx *f, vt_vma_type t)
{
	return vt_group_type(&f->g, t);
}

/* ---- text helpers ---- */

static void test_bytes(void **state)
{
	char b[32];
	(void)state;
	vt_format_bytes(b, sizeof(b), 0);
	assert_string_equal(b, "0 B");
	vt_format_bytes(b, sizeof(b), 1023);
	assert_string_equal(b, "1023 B");
	vt_format_bytes(b, sizeof(b), 4096);
	assert_string_equal(b, "4.0 KiB");
	vt_format_bytes(b, sizeof(b), 1536ULL << 20);
	assert_string_equal(b, "1.5 GiB");
	vt_format_kb(b, sizeof(b), VT_UNKNOWN);
	assert_string_equal(b, "-");
	vt_format_kb(b, sizeof(b), 2048);
	assert_string_equal(b, "2.0 MiB");
}

static void test_duration(void **state)
{
	char b[32];
	(void)state;
	vt_detail_duration(b, sizeof(b), NAN);
	assert_string_equal(b, "-");
	vt_detail_duration(b, sizeof(b), -1);
	assert_string_equal(b, "-");
	vt_detail_duration(b, sizeof(b), 0);
	assert_string_equal(b, "0s");
	vt_detail_duration(b, sizeof(b), 59.4);
	assert_string_equal(b, "59s");
	vt_detail_duration(b, sizeof(b), 200);
	assert_string_equal(b, "3m 20s");
	vt_detail_duration(b, sizeof(b), 7500);
	assert_string_equal(b, "2h 05m");
	vt_detail_duration(b, sizeof(b), 86400 + 4 * 3600 + 59);
	assert_string_equal(b, "1d 04h");
	vt_detail_duration(b, sizeof(b), INFINITY);
	assert_string_equal(b, "-");
}

static void test_rate(void **state)
{
	char b[32];
	(void)state;
	vt_detail_rate(b, sizeof(b), NAN);
	assert_string_equal(b, "-");
	vt_detail_rate(b, sizeof(b), 523.4);
	assert_string_equal(b, "+523/s");
	vt_detail_rate(b, sizeof(b), 1.46);
	assert_string_equal(b, "+1.5/s");
	vt_detail_rate(b, sizeof(b), -2);
	assert_string_equal(b, "-2.0/s");
	vt_detail_rate(b, sizeof(b), 0);
	assert_string_equal(b, "0.0/s");
}

static void test_summary(void **state)
{
	fx f;
	char b[256];
	(void)state;
	fx_load(&f, MAPS1);
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_LIB), true);
	assert_string_equal(b, "2 files \xC2\xB7 top: libjvm.so 3");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_LIB), false);
	assert_string_equal(b, "2 files - top: libjvm.so 3");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_EXE), true);
	assert_string_equal(b, "1 file \xC2\xB7 top: app 2");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_ANON), true);
	assert_string_equal(b, "1 name \xC2\xB7 top: (unnamed) 2");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_KERNEL), true);
	assert_string_equal(b, "1 name \xC2\xB7 top: [vdso] 1");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_SHM), true);
	assert_string_equal(b, "no VMAs");
	/* The ESC of an untrusted name never gets through. */
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_FILE), true);
	assert_string_equal(b, "1 file \xC2\xB7 top: evil" REPL "[2Jname.bin 1");
	vt_detail_summary(b, sizeof(b), &f.g, type_of(&f, VT_TYPE_FILE), false);
	assert_string_equal(b, "1 file - top: evil?[2Jname.bin 1");
	/* Cut short, still terminated. */
	vt_detail_summary(b, 8, &f.g, type_of(&f, VT_TYPE_LIB), true);
	assert_string_equal(b, "2 files");
	fx_free(&f);
}

static void test_graph_levels(void **state)
{
	char b[256], want[256];
	const long v[] = { 0, 50, 100, 1, 250, VT_UNKNOWN };
	(void)state;
	/* One row: eighths of the limit; 1 of 100 still shows; 250 is clamped;
	 * unknown is blank; two blank cells on the left. */
	snprintf(want, sizeof(want), "  %s%s%s%s%s ", B(0), B(4), B(8), B(1), B(8));
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 6, 8, 1, 0, 100, true), strlen(want));
	assert_string_equal(b, want);
	assert_string_equal((vt_detail_graph_row(b, sizeof(b), v, 6, 8, 1, 0, 100, false), b),
			    "   :#.# ");
	/* Two rows: 50 fills the bottom row exactly, 100 both. */
	const long w[] = { 50, 100, 75, 10 };
	snprintf(want, sizeof(want), "%s%s%s%s", B(0), B(8), B(4), B(0));
	vt_detail_graph_row(b, sizeof(b), w, 4, 4, 2, 0, 100, true);
	assert_string_equal(b, want);
	snprintf(want, sizeof(want), "%s%s%s%s", B(8), B(8), B(8), B(1));
	vt_detail_graph_row(b, sizeof(b), w, 4, 4, 2, 1, 100, true);
	assert_string_equal(b, want);
	/* Only the newest `width` values. */
	snprintf(want, sizeof(want), "%s%s", B(8), B(1));
	vt_detail_graph_row(b, sizeof(b), w, 4, 2, 2, 1, 100, true);
	assert_string_equal(b, want);
}

static void test_graph_edges(void **state)
{
	char b[16];
	const long v[] = { 100, 100, 100, 100, 100, 100 };
	(void)state;
	/* Cut on a cell boundary: 16 bytes hold five 3-byte cells. */
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 6, 6, 1, 0, 100, true), 15);
	assert_int_equal(strlen(b), 15);
	/* No values: blanks; a bad row or size: empty. */
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 0, 3, 1, 0, 100, true), 3);
	assert_string_equal(b, "   ");
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 6, 3, 2, 2, 100, true), 0);
	assert_string_equal(b, "");
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 6, 0, 2, 0, 100, true), 0);
	/* An unknown scale: nothing drawn rather than a division by zero. */
	assert_int_equal(vt_detail_graph_row(b, sizeof(b), v, 6, 3, 1, 0, 0, false), 3);
	assert_string_equal(b, "   ");
}

static void test_grew_most(void **state)
{
	long before[VT_TYPE_COUNT] = { 3, 1, 1, 0, 5, 40, 2, 100 };
	long now[VT_TYPE_COUNT] = { 3, 1, 1, 0, 5, 41, 2, 150 };
	long d = -1;
	(void)state;
	assert_int_equal(vt_detail_grew_most(before, now, &d), VT_TYPE_ANON);
	assert_int_equal(d, 50);
	now[VT_TYPE_ANON] = 90;       /* anon shrank: lib grew most */
	assert_int_equal(vt_detail_grew_most(before, now, &d), VT_TYPE_LIB);
	assert_int_equal(d, 1);
	now[VT_TYPE_FILE] = 3;        /* a tie: the first in type order */
	assert_int_equal(vt_detail_grew_most(before, now, &d), VT_TYPE_LIB);
	now[VT_TYPE_LIB] = 40;
	now[VT_TYPE_FILE] = 2;
	assert_int_equal(vt_detail_grew_most(before, now, &d), -1);
	assert_int_equal(d, 0);
	before[VT_TYPE_HEAP] = VT_UNKNOWN;
	now[VT_TYPE_HEAP] = 1000;     /* unknown counts are skipped */
	assert_int_equal(vt_detail_grew_most(before, now, NULL), -1);
}

static void test_type_counts(void **state)
{
	fx f;
	long c[VT_TYPE_COUNT];
	(void)state;
	fx_load(&f, MAPS1);
	vt_detail_type_counts(&f.g, c);
	assert_int_equal(c[VT_TYPE_LIB], 5);
	assert_int_equal(c[VT_TYPE_EXE], 2);
	assert_int_equal(c[VT_TYPE_ANON], 2);
	assert_int_equal(c[VT_TYPE_HEAP], 1);
	assert_int_equal(c[VT_TYPE_STACK], 1);
	assert_int_equal(c[VT_TYPE_KERNEL], 1);
	assert_int_equal(c[VT_TYPE_FILE], 1);
	assert_int_equal(c[VT_TYPE_SHM], 0);
	fx_free(&f);
}

/* ---- the tree ---- */

/* Files only: 9 in /idx/ (seg-0.bin 2 VMAs, the others 1: 10 VMAs) roll up
 * into one directory row, as do 8 in /aaa/ (1 VMA each); 2 in /data/ (a.bin 3,
 * b.bin 1) stay as paths. */
static const char MAPS4[] =
	"7f1000000000-7f1000001000 r--p 00000000 08:01 600 /idx/seg-0.bin\n"
	"7f1000010000-7f1000011000 r--p 00001000 08:01 600 /idx/seg-0.bin\n"
	"7f1000020000-7f1000021000 r--p 00000000 08:01 601 /idx/seg-1.bin\n"
	"7f1000030000-7f1000031000 r--p 00000000 08:01 602 /idx/seg-2.bin\n"
	"7f1000040000-7f1000041000 r--p 00000000 08:01 603 /idx/seg-3.bin\n"
	"7f1000050000-7f1000051000 r--p 00000000 08:01 604 /idx/seg-4.bin\n"
	"7f1000060000-7f1000061000 r--p 00000000 08:01 605 /idx/seg-5.bin\n"
	"7f1000070000-7f1000071000 r--p 00000000 08:01 606 /idx/seg-6.bin\n"
	"7f1000080000-7f1000081000 r--p 00000000 08:01 607 /idx/seg-7.bin\n"
	"7f1000090000-7f1000091000 r--p 00000000 08:01 608 /idx/seg-8.bin\n"
	"7f10000a0000-7f10000a1000 r--p 00000000 08:01 700 /data/a.bin\n"
	"7f10000b0000-7f10000b1000 r--p 00001000 08:01 700 /data/a.bin\n"
	"7f10000c0000-7f10000c1000 r--p 00002000 08:01 700 /data/a.bin\n"
	"7f10000d0000-7f10000d1000 r--p 00000000 08:01 701 /data/b.bin\n"
	"7f2000000000-7f2000001000 r--p 00000000 08:01 800 /aaa/f0\n"
	"7f2000010000-7f2000011000 r--p 00000000 08:01 801 /aaa/f1\n"
	"7f2000020000-7f2000021000 r--p 00000000 08:01 802 /aaa/f2\n"
	"7f2000030000-7f2000031000 r--p 00000000 08:01 803 /aaa/f3\n"
	"7f2000040000-7f2000041000 r--p 00000000 08:01 804 /aaa/f4\n"
	"7f2000050000-7f2000051000 r--p 00000000 08:01 805 /aaa/f5\n"
	"7f2000060000-7f2000061000 r--p 00000000 08:01 806 /aaa/f6\n"
	"7f2000070000-7f2000071000 r--p 00000000 08:01 807 /aaa/f7\n";

static const vt_drow *sel_row(const vt_dtree *t)
{
	assert_true(t->sel >= 0 && (size_t)t->sel < t->nrows);
	return &t->rows[t->sel];
}

static const char *row_path(const fx *f, const vt_drow *r)
{
	return vt_maps_path(&f->m, vt_dtree_path(&f->g, r)->path, NULL);
}

static void test_tree_expand(void **state)
{
	fx f;
	vt_dtree t;
	(void)state;
	fx_load(&f, MAPS1);
	vt_dtree_init(&t);
	assert_int_equal(vt_dtree_build(&t, &f.g), 0);
	assert_int_equal(t.nrows, 7);             /* the seven types with VMAs */
	assert_int_equal(t.sel, 0);
	assert_int_equal(vt_dtree_type(&f.g, sel_row(&t))->type, VT_TYPE_LIB);
	assert_false(vt_dtree_is_open(&t, &f.g, 0));

	assert_true(vt_dtree_expand(&t, &f.g));   /* lib: its two paths */
	assert_int_equal(t.nrows, 9);
	assert_true(vt_dtree_is_open(&t, &f.g, 0));
	assert_int_equal(t.rows[1].kind, VT_DROW_PATH);
	assert_string_equal(row_path(&f, &t.rows[1]), "/opt/x/libjvm.so");
	assert_string_equal(row_path(&f, &t.rows[2]), "/usr/lib/libc.so.6");
	assert_false(vt_dtree_expand(&t, &f.g)); /* already open */

	vt_dtree_select(&t, &f.g, 1);
	assert_true(vt_dtree_expand(&t, &f.g));   /* libjvm.so: its three VMAs */
	assert_int_equal(t.nrows, 12);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(t.rows[2 + i].kind, VT_DROW_VMA);
		assert_int_equal(f.m.vmas[t.rows[2 + i].vi].start, 0x7f0000000000UL + 0x1000UL * (unsigned)i);
	}
	assert_int_equal(t.rows[5].kind, VT_DROW_PATH);

	vt_dtree_select(&t, &f.g, 3);
	assert_false(vt_dtree_expand(&t, &f.g));  /* a VMA has nothing below */
	assert_true(vt_dtree_collapse(&t, &f.g)); /* left on a VMA: to its path */
	assert_int_equal(t.sel, 1);
	assert_int_equal(t.nrows, 12);
	assert_true(vt_dtree_collapse(&t, &f.g)); /* left on an open path: closes it */
	assert_int_equal(t.nrows, 9);
	assert_int_equal(t.sel, 1);
	assert_true(vt_dtree_collapse(&t, &f.g)); /* left on a closed path: to its type */
	assert_int_equal(t.sel, 0);
	assert_true(vt_dtree_toggle(&t, &f.g));   /* Enter on an open type closes it */
	assert_int_equal(t.nrows, 7);
	assert_false(vt_dtree_collapse(&t, &f.g)); /* a closed type has no parent */
	assert_true(vt_dtree_toggle(&t, &f.g));
	assert_int_equal(t.nrows, 9);
	vt_dtree_free(&t);
	fx_free(&f);
}

static void test_tree_refresh(void **state)
{
	fx f1, f2, f3;
	vt_dtree t;
	(void)state;
	fx_load(&f1, MAPS1);
	vt_dtree_init(&t);
	vt_dtree_build(&t, &f1.g);
	vt_dtree_expand(&t, &f1.g);
	vt_dtree_select(&t, &f1.g, 1);
	vt_dtree_expand(&t, &f1.g);
	vt_dtree_select(&t, &f1.g, 4);            /* libjvm.so's VMA at 7f0000002000 */
	assert_int_equal(f1.m.vmas[sel_row(&t)->vi].start, 0x7f0000002000UL);

	/* A re-read: path ids and VMA indexes change, libz.so comes first. */
	fx_load(&f2, MAPS2);
	fx_free(&f1);
	assert_int_equal(vt_dtree_build(&t, &f2.g), 0);
	assert_int_equal(sel_row(&t)->kind, VT_DROW_VMA);
	assert_int_equal(f2.m.vmas[sel_row(&t)->vi].start, 0x7f0000002000UL);
	assert_string_equal(row_path(&f2, sel_row(&t)), "/opt/x/libjvm.so");
	/* lib still open (3 paths), libjvm.so still open (4 VMAs), libz.so closed. */
	assert_int_equal(t.rows[0].kind, VT_DROW_TYPE);
	assert_int_equal(t.rows[1].kind, VT_DROW_PATH);
	assert_string_equal(row_path(&f2, &t.rows[1]), "/usr/lib/libz.so");
	assert_false(vt_dtree_is_open(&t, &f2.g, 1));
	assert_string_equal(row_path(&f2, &t.rows[2]), "/opt/x/libjvm.so");
	assert_true(vt_dtree_is_open(&t, &f2.g, 2));
	assert_int_equal(t.sel, 5);
	assert_int_equal(t.nrows, 4 + 3 + 4);     /* 4 types, 3 paths, 4 VMAs */

	/* libjvm.so is gone: the selection falls back to its type. */
	fx_load(&f3, MAPS3);
	fx_free(&f2);
	assert_int_equal(vt_dtree_build(&t, &f3.g), 0);
	assert_int_equal(sel_row(&t)->kind, VT_DROW_TYPE);
	assert_int_equal(vt_dtree_type(&f3.g, sel_row(&t))->type, VT_TYPE_LIB);
	vt_dtree_free(&t);
	fx_free(&f3);
}

static void test_tree_rollup(void **state)
{
	fx f;
	vt_dtree t;
	(void)state;
	fx_load(&f, MAPS4);
	vt_dtree_init(&t);
	assert_int_equal(vt_dtree_build(&t, &f.g), 0);
	assert_int_equal(t.nrows, 1);             /* file */
	assert_true(vt_dtree_expand(&t, &f.g));
	assert_int_equal(t.nrows, 5);             /* /idx/ (10), /aaa/ (8), a.bin (3), b.bin (1) */
	const vt_rollup *d = vt_dtree_dir(&t, &t.rows[1]);
	assert_int_equal(t.rows[1].kind, VT_DROW_DIR);
	assert_non_null(d);
	assert_int_equal(d->files, 9);
	assert_int_equal(d->vmas, 10);
	assert_int_equal(d->bytes, 10 * 4096);
	assert_int_equal(d->dirlen, 5);
	assert_memory_equal(vt_maps_path(&f.m, d->path, NULL), "/idx/", 5);
	assert_null(vt_dtree_path(&f.g, &t.rows[1]));
	assert_int_equal(t.rows[2].kind, VT_DROW_DIR);
	assert_int_equal(vt_dtree_dir(&t, &t.rows[2])->files, 8);
	assert_int_equal(vt_dtree_dir(&t, &t.rows[2])->vmas, 8);
	assert_string_equal(row_path(&f, &t.rows[3]), "/data/a.bin");
	assert_int_equal(t.rows[3].depth, 1);
	assert_false(vt_dtree_is_open(&t, &f.g, 1));

	vt_dtree_select(&t, &f.g, 1);
	assert_true(vt_dtree_expand(&t, &f.g));   /* the directory: its 9 paths */
	assert_true(vt_dtree_is_open(&t, &f.g, 1));
	assert_int_equal(t.nrows, 14);
	long sum = 0;
	for (int i = 2; i < 11; i++) {
		assert_int_equal(t.rows[i].kind, VT_DROW_PATH);
		assert_int_equal(t.rows[i].depth, 2);
		assert_memory_equal(row_path(&f, &t.rows[i]), "/idx/seg-", 9);
		sum += vt_dtree_path(&f.g, &t.rows[i])->vmas;
	}
	assert_int_equal(sum, d->vmas);           /* exact: the sum of its paths */
	assert_string_equal(row_path(&f, &t.rows[2]), "/idx/seg-0.bin");
	assert_int_equal(t.rows[11].kind, VT_DROW_DIR);  /* /aaa/, still folded */
	assert_false(vt_dtree_is_open(&t, &f.g, 11));
	assert_string_equal(row_path(&f, &t.rows[12]), "/data/a.bin");
	assert_int_equal(t.rows[12].depth, 1);

	vt_dtree_select(&t, &f.g, 2);
	assert_true(vt_dtree_expand(&t, &f.g));   /* seg-0.bin: its two VMAs */
	assert_int_equal(t.rows[3].kind, VT_DROW_VMA);
	assert_int_equal(t.rows[3].depth, 3);
	vt_dtree_select(&t, &f.g, 3);
	assert_true(vt_dtree_build(&t, &f.g) == 0); /* a refresh keeps it all */
	assert_int_equal(t.sel, 3);
	assert_true(vt_dtree_collapse(&t, &f.g)); /* a VMA: to its path */
	assert_int_equal(t.sel, 2);
	assert_true(vt_dtree_collapse(&t, &f.g)); /* the open path closes */
	assert_true(vt_dtree_collapse(&t, &f.g)); /* a closed path: to its directory */
	assert_int_equal(t.sel, 1);
	assert_true(vt_dtree_collapse(&t, &f.g)); /* the open directory folds */
	assert_int_equal(t.nrows, 5);
	assert_int_equal(sel_row(&t)->kind, VT_DROW_DIR);
	assert_true(vt_dtree_build(&t, &f.g) == 0);
	assert_int_equal(t.sel, 1);               /* the directory, by identity */
	assert_true(vt_dtree_toggle(&t, &f.g));   /* Enter opens it again */
	assert_int_equal(t.nrows, 14);
	vt_dtree_select(&t, &f.g, 12);            /* a.bin: its parent is the type */
	assert_true(vt_dtree_collapse(&t, &f.g));
	assert_int_equal(t.sel, 0);
	vt_dtree_free(&t);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_graph_levels),
		cmocka_unit_test(test_graph_edges),
		cmocka_unit_test(test_grew_most),
		cmocka_unit_test(test_type_counts),
		cmocka_unit_test(test_tree_expand),
		cmocka_unit_test(test_tree_refresh),
		cmocka_unit_test(test_tree_rollup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
