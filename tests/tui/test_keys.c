/* Unit tests of the key table (key -> action, help text). */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"

typedef struct expect {
	int key;
	vt_action action;
} expect;

/* The bindings the man page, the help and issue 3 promise. */
static const expect promised[] = {
	{ KEY_UP, VT_ACT_UP }, { KEY_DOWN, VT_ACT_DOWN },
	{ KEY_PPAGE, VT_ACT_PGUP }, { KEY_NPAGE, VT_ACT_PGDN },
	{ KEY_HOME, VT_ACT_HOME }, { KEY_END, VT_ACT_END },
	{ '\n', VT_ACT_ENTER }, { '\r', VT_ACT_ENTER }, { KEY_ENTER, VT_ACT_ENTER },
	{ 27, VT_ACT_BACK }, { KEY_BACKSPACE, VT_ACT_BACK }, { 127, VT_ACT_BACK },
	{ KEY_F(6), VT_ACT_SORT_MENU }, { '>', VT_ACT_SORT_NEXT }, { '<', VT_ACT_SORT_PREV },
	{ 'I', VT_ACT_INVERT },
	{ '/', VT_ACT_SEARCH }, { KEY_F(3), VT_ACT_SEARCH }, { 'n', VT_ACT_SEARCH_NEXT },
	{ '\\', VT_ACT_FILTER }, { KEY_F(4), VT_ACT_FILTER },
	{ 'u', VT_ACT_USER }, { 'K', VT_ACT_KTHREADS }, { 'F', VT_ACT_FOLLOW },
	{ 'Z', VT_ACT_PAUSE }, { 'd', VT_ACT_DELAY },
	{ 12, VT_ACT_REDRAW },
	{ 'k', VT_ACT_KILL }, { KEY_F(9), VT_ACT_KILL },
	{ 'h', VT_ACT_HELP }, { '?', VT_ACT_HELP }, { KEY_F(1), VT_ACT_HELP },
	{ 'q', VT_ACT_QUIT }, { KEY_F(10), VT_ACT_QUIT }, { 3, VT_ACT_QUIT },
	{ KEY_MOUSE, VT_ACT_MOUSE },
	{ KEY_RIGHT, VT_ACT_RIGHT }, { KEY_LEFT, VT_ACT_LEFT }, { 'r', VT_ACT_RSS },
};

static void test_promised_bindings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(promised) / sizeof(promised[0]); i++) {
		if (vt_key_action(promised[i].key) != promised[i].action)
			fail_msg("key %d: action %d, expected %d", promised[i].key,
				 vt_key_action(promised[i].key), promised[i].action);
	}
}

static void test_unbound(void **state)
{
	(void)state;
	assert_int_equal(vt_key_action('x'), VT_ACT_NONE);
	assert_int_equal(vt_key_action(KEY_F(12)), VT_ACT_NONE);
	assert_int_equal(vt_key_action(-1), VT_ACT_NONE);
}

static void test_keys_unique(void **state)
{
	size_t n;
	const vt_binding *b = vt_key_bindings(&n);
	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (b[i].key == b[j].key)
				fail_msg("key %d bound twice", b[i].key);
		}
	}
}

static void test_every_action_documented(void **state)
{
	char buf[128];
	(void)state;
	for (int a = VT_ACT_NONE + 1; a < VT_ACT__COUNT; a++) {
		if (!vt_action_help((vt_action)a)[0])
			fail_msg("action %d has no help text", a);
		if (!vt_action_keys((vt_action)a, buf, sizeof(buf))[0])
			fail_msg("action %d has no named key", a);
	}
	assert_string_equal(vt_action_help(VT_ACT_NONE), "");
	assert_string_equal(vt_action_help(VT_ACT__COUNT), "");
}

static void test_action_keys_text(void **state)
{
	char buf[64], tiny[6];
	(void)state;
	assert_string_equal(vt_action_keys(VT_ACT_QUIT, buf, sizeof(buf)), "q, F10, Ctrl-C");
	assert_string_equal(vt_action_keys(VT_ACT_HELP, buf, sizeof(buf)), "h, ?, F1");
	assert_string_equal(vt_action_keys(VT_ACT_NONE, buf, sizeof(buf)), "");
	/* Too small: whole names only, never a cut one. */
	assert_string_equal(vt_action_keys(VT_ACT_QUIT, tiny, sizeof(tiny)), "q");
}

/* The block of the man page between '.\" keys VIEW begin' and '... end'. */
static char *man_block(const char *view)
{
	FILE *f = fopen(MANPAGE, "r");
	char line[512], begin[64], end[64], *buf = NULL;
	size_t len = 0;
	int in = 0, found = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_non_null(out);
	snprintf(begin, sizeof(begin), ".\\\" keys %s begin\n", view);
	snprintf(end, sizeof(end), ".\\\" keys %s end\n", view);
	while (fgets(line, sizeof(line), f)) {
		if (strcmp(line, end) == 0)
			in = 0;
		if (in)
			fputs(line, out);
		if (strcmp(line, begin) == 0)
			in = found = 1;
	}
	fclose(f);
	fclose(out);
	if (!found)
		fail_msg("the man page has no generated key list for '%s'", view);
	return buf;
}

static char *table_roff(vt_keyview v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	vt_key_roff(out, v);
	fclose(out);
	return buf;
}

/* The man page's key lists equal the table (regenerate: ninja -C build man-keys). */
static void test_man_page_lists_equal_table(void **state)
{
	static const char *const views[VT_KV__COUNT] = {
		[VT_KV_LIST] = "list", [VT_KV_DETAIL] = "detail", [VT_KV_SETUP] = "setup",
		[VT_KV_ALL] = "all",
	};
	(void)state;
	for (int v = 0; v < VT_KV__COUNT; v++) {
		char *man = man_block(views[v]), *want = table_roff((vt_keyview)v);
		assert_true(strlen(want) > 20);
		if (strcmp(man, want) != 0)
			fail_msg("doc/vmatop.1's '%s' key list differs from the key table: "
				 "run ninja -C build man-keys", views[v]);
		free(man);
		free(want);
	}
}

/* Every action of the bindings is documented in at least one view, and each
 * view's help has the global keys. */
static void test_views_documented(void **state)
{
	size_t n, nb;
	const vt_keydoc *d = vt_key_docs(&n);
	const vt_binding *b = vt_key_bindings(&nb);
	(void)state;
	for (size_t i = 0; i < nb; i++) {
		bool found = false;
		for (size_t j = 0; j < n && !found; j++)
			found = d[j].action == b[i].action;
		if (!found)
			fail_msg("key %d: its action is in no view's help", b[i].key);
	}
	assert_int_equal(vt_keyview_of("detail"), VT_KV_DETAIL);
	assert_int_equal(vt_keyview_of("list"), VT_KV_LIST);
	for (int v = VT_KV_LIST; v <= VT_KV_DETAIL; v++) {
		bool help = false, rss = false;
		for (size_t j = 0; j < n; j++) {
			if (!vt_keydoc_in(&d[j], (vt_keyview)v))
				continue;
			help = help || d[j].action == VT_ACT_HELP;
			rss = rss || d[j].action == VT_ACT_RSS;
		}
		assert_true(help);
		assert_int_equal(rss, v == VT_KV_DETAIL);   /* r is the pane's, not the list's */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_promised_bindings),
		cmocka_unit_test(test_unbound),
		cmocka_unit_test(test_keys_unique),
		cmocka_unit_test(test_every_action_documented),
		cmocka_unit_test(test_action_keys_text),
		cmocka_unit_test(test_man_page_lists_equal_table),
		cmocka_unit_test(test_views_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
