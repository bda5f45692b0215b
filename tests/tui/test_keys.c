/* Unit tests of the key table (key -> action, help text). */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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
	{ KEY_F(6), VT_ACT_SORT_NEXT }, { '>', VT_ACT_SORT_NEXT }, { '<', VT_ACT_SORT_PREV },
	{ 'I', VT_ACT_INVERT },
	{ '/', VT_ACT_SEARCH }, { KEY_F(3), VT_ACT_SEARCH }, { 'n', VT_ACT_SEARCH_NEXT },
	{ '\\', VT_ACT_FILTER }, { KEY_F(4), VT_ACT_FILTER },
	{ 'u', VT_ACT_USER }, { 'K', VT_ACT_KTHREADS }, { 'F', VT_ACT_FOLLOW },
	{ ' ', VT_ACT_PAUSE }, { 'Z', VT_ACT_PAUSE }, { 'd', VT_ACT_DELAY },
	{ 12, VT_ACT_REDRAW },
	{ 'k', VT_ACT_KILL }, { KEY_F(9), VT_ACT_KILL },
	{ 'h', VT_ACT_HELP }, { '?', VT_ACT_HELP }, { KEY_F(1), VT_ACT_HELP },
	{ 'q', VT_ACT_QUIT }, { KEY_F(10), VT_ACT_QUIT }, { 3, VT_ACT_QUIT },
	{ KEY_MOUSE, VT_ACT_MOUSE },
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

/* The key names on the .B/.BR lines of the man page's "Keys" subsection,
 * with roff escapes undone, as one string " name name ... ". */
static void man_key_names(char *out, size_t outsz)
{
	FILE *f = fopen(MANPAGE, "r");
	char line[512];
	int in_keys = 0;
	size_t o = 0;
	assert_non_null(f);
	out[o++] = ' ';
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, ".SS Keys", 8) == 0)
			in_keys = 1;
		else if (strncmp(line, ".SH", 3) == 0 || strncmp(line, ".SS", 3) == 0)
			in_keys = 0;
		if (!in_keys || strncmp(line, ".B", 2) != 0)
			continue;
		for (const char *p = line + 3; *p && *p != '\n' && o + 2 < outsz; p++) {
			if (p[0] == '\\' && (p[1] == '-' || p[1] == 'e')) {
				out[o++] = p[1] == '-' ? '-' : '\\';
				p++;
			} else {
				out[o++] = strchr("\",()", *p) ? ' ' : *p;
			}
		}
		out[o++] = ' ';
	}
	out[o] = '\0';
	fclose(f);
}

static void test_man_page_lists_every_key(void **state)
{
	static char names[16384];
	char want[64];
	size_t n;
	const vt_binding *b = vt_key_bindings(&n);
	(void)state;
	man_key_names(names, sizeof(names));
	for (size_t i = 0; i < n; i++) {
		if (!b[i].name)
			continue;
		snprintf(want, sizeof(want), " %s ", b[i].name);
		if (!strstr(names, want))
			fail_msg("the man page's Keys section lacks '%s'", b[i].name);
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
		cmocka_unit_test(test_man_page_lists_every_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
