/* The key table: every binding of the program, in help order. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

#define VT_CTRL(c) ((c) & 0x1f)

static const vt_binding bindings[] = {
	{ KEY_UP,        VT_ACT_UP,          "Up" },
	{ KEY_DOWN,      VT_ACT_DOWN,        "Down" },
	{ KEY_PPAGE,     VT_ACT_PGUP,        "PgUp" },
	{ KEY_NPAGE,     VT_ACT_PGDN,        "PgDn" },
	{ KEY_HOME,      VT_ACT_HOME,        "Home" },
	{ KEY_END,       VT_ACT_END,         "End" },
	{ '\n',          VT_ACT_ENTER,       "Enter" },
	{ '\r',          VT_ACT_ENTER,       NULL },
	{ KEY_ENTER,     VT_ACT_ENTER,       NULL },
	{ 27,            VT_ACT_BACK,        "Esc" },
	{ KEY_BACKSPACE, VT_ACT_BACK,        "Backspace" },
	{ 127,           VT_ACT_BACK,        NULL },
	{ VT_CTRL('h'),     VT_ACT_BACK,        NULL },
	{ KEY_F(6),      VT_ACT_SORT_MENU,   "F6" },
	{ '>',           VT_ACT_SORT_NEXT,   ">" },
	{ '.',           VT_ACT_SORT_NEXT,   NULL },
	{ '<',           VT_ACT_SORT_PREV,   "<" },
	{ ',',           VT_ACT_SORT_PREV,   NULL },
	{ 'I',           VT_ACT_INVERT,      "I" },
	{ '/',           VT_ACT_SEARCH,      "/" },
	{ KEY_F(3),      VT_ACT_SEARCH,      "F3" },
	{ 'n',           VT_ACT_SEARCH_NEXT, "n" },
	{ '\\',          VT_ACT_FILTER,      "\\" },
	{ KEY_F(4),      VT_ACT_FILTER,      "F4" },
	{ 'u',           VT_ACT_USER,        "u" },
	{ 'K',           VT_ACT_KTHREADS,    "K" },
	{ 'F',           VT_ACT_FOLLOW,      "F" },
	{ 'Z',           VT_ACT_PAUSE,       "Z" },
	{ 'd',           VT_ACT_DELAY,       "d" },
	{ VT_CTRL('l'),     VT_ACT_REDRAW,      "Ctrl-L" },
	{ 'k',           VT_ACT_KILL,        "k" },
	{ KEY_F(9),      VT_ACT_KILL,        "F9" },
	{ 'a',           VT_ACT_ADVISE,      "a" },
	{ 'e',           VT_ACT_EVENTS,      "e" },
	{ 'h',           VT_ACT_HELP,        "h" },
	{ '?',           VT_ACT_HELP,        "?" },
	{ KEY_F(1),      VT_ACT_HELP,        "F1" },
	{ 'q',           VT_ACT_QUIT,        "q" },
	{ KEY_F(10),     VT_ACT_QUIT,        "F10" },
	{ VT_CTRL('c'),     VT_ACT_QUIT,        "Ctrl-C" },
	{ KEY_MOUSE,     VT_ACT_MOUSE,       "Mouse" },
	{ KEY_RIGHT,     VT_ACT_RIGHT,       "Right" },
	{ KEY_LEFT,      VT_ACT_LEFT,        "Left" },
	{ 'r',           VT_ACT_RSS,         "r" },
	{ KEY_F(2),      VT_ACT_SETUP,       "F2" },
	{ 'S',           VT_ACT_SETUP,       "S" },
	{ ' ',           VT_ACT_TOGGLE,      "Space" },
	{ '[',           VT_ACT_MOVE_UP,     "[" },
	{ KEY_F(7),      VT_ACT_MOVE_UP,     "F7" },
	{ ']',           VT_ACT_MOVE_DOWN,   "]" },
	{ KEY_F(8),      VT_ACT_MOVE_DOWN,   "F8" },
	{ 'U',           VT_ACT_UNTAG,       "U" },
	{ KEY_F(5),      VT_ACT_TREE,        "F5" },
	{ 't',           VT_ACT_TREE,        "t" },
	{ 'c',           VT_ACT_TAG_CHILDREN, "c" },
	{ 'C',           VT_ACT_CGROUP_COL,  "C" },
	{ 'G',           VT_ACT_CGROUP_FILTER, "G" },
	{ 'g',           VT_ACT_GROUPS,      "g" },
	{ '{',           VT_ACT_REPLAY_PREV, "{" },
	{ '}',           VT_ACT_REPLAY_NEXT, "}" },
	{ '-',           VT_ACT_REPLAY_BACK_MIN, "-" },
	{ '+',           VT_ACT_REPLAY_FWD_MIN,  "+" },
	{ '=',           VT_ACT_REPLAY_FWD_MIN,  NULL },
	{ 'T',           VT_ACT_REPLAY_JUMP, "T" },
	{ 'L',           VT_ACT_REPLAY_LIVE, "L" },
	{ 'X',           VT_ACT_EXITED,      "X" },
};

static const vt_keydoc docs[] = {
	{ VT_KV_ALL,    VT_ACT_BACK,        "back to the previous view (same selection)" },
	{ VT_KV_ALL,    VT_ACT_PAUSE,       "pause/resume the refresh" },
	{ VT_KV_ALL,    VT_ACT_DELAY,       "change the refresh delay (seconds, decimals allowed)" },
	{ VT_KV_ALL,    VT_ACT_REDRAW,      "redraw the screen and refresh now" },
	{ VT_KV_ALL,    VT_ACT_KILL,        "send a signal to the tagged processes, or the selected one (each checked by pid and start time)" },
	{ VT_KV_ALL,    VT_ACT_ADVISE,      "limit advisor: the vm.max_map_count to set, its cost, the commands" },
	{ VT_KV_ALL,    VT_ACT_HELP,        "the help of this view" },
	{ VT_KV_ALL,    VT_ACT_QUIT,        "quit" },
	{ VT_KV_LIST,   VT_ACT_UP,          "move the selection up" },
	{ VT_KV_LIST,   VT_ACT_DOWN,        "move the selection down" },
	{ VT_KV_LIST,   VT_ACT_PGUP,        "one page up" },
	{ VT_KV_LIST,   VT_ACT_PGDN,        "one page down" },
	{ VT_KV_LIST,   VT_ACT_HOME,        "first process" },
	{ VT_KV_LIST,   VT_ACT_END,         "last process" },
	{ VT_KV_LIST,   VT_ACT_MOUSE,       "a click selects a row, a click on a title sorts by it (again: inverts), the wheel scrolls" },
	{ VT_KV_LIST,   VT_ACT_ENTER,       "open the selected process's detail" },
	{ VT_KV_LIST,   VT_ACT_SORT_MENU,   "choose the sort column from a list (Enter sorts, Esc keeps the order)" },
	{ VT_KV_LIST,   VT_ACT_SORT_NEXT,   "sort by the next column" },
	{ VT_KV_LIST,   VT_ACT_SORT_PREV,   "sort by the previous column" },
	{ VT_KV_LIST,   VT_ACT_INVERT,      "invert the sort order" },
	{ VT_KV_LIST,   VT_ACT_SEARCH,      "search a command (incremental, case-insensitive)" },
	{ VT_KV_LIST,   VT_ACT_SEARCH_NEXT, "next match of the search" },
	{ VT_KV_LIST,   VT_ACT_FILTER,      "filter: show only commands containing a text (empty: all)" },
	{ VT_KV_LIST,   VT_ACT_USER,        "show only one user's processes (a name or a uid; empty: all)" },
	{ VT_KV_LIST,   VT_ACT_KTHREADS,    "show/hide kernel threads" },
	{ VT_KV_LIST,   VT_ACT_TREE,        "tree view by parent, with each subtree's VMA sum (SUBTREE); again: the sorted list" },
	{ VT_KV_LIST,   VT_ACT_TOGGLE,      "tag or untag the selected process (then the next row); k signals all tagged" },
	{ VT_KV_LIST,   VT_ACT_TAG_CHILDREN, "tag the selected process and all its descendants" },
	{ VT_KV_LIST,   VT_ACT_UNTAG,       "untag all processes" },
	{ VT_KV_LIST,   VT_ACT_FOLLOW,      "follow the selected process across re-sorts" },
	{ VT_KV_LIST,   VT_ACT_RIGHT,       "scroll long command lines on (horizontally)" },
	{ VT_KV_LIST,   VT_ACT_LEFT,        "scroll long command lines back" },
	{ VT_KV_LIST,   VT_ACT_CGROUP_COL,  "show/hide the CONTAINER/UNIT column" },
	{ VT_KV_LIST,   VT_ACT_CGROUP_FILTER, "filter by cgroup, container id, pod or unit (a glob or a text)" },
	{ VT_KV_LIST,   VT_ACT_GROUPS,      "groups: processes folded per container, pod or unit (Enter filters)" },
	{ VT_KV_DETAIL, VT_ACT_UP,          "move the selection up" },
	{ VT_KV_DETAIL, VT_ACT_DOWN,        "move the selection down" },
	{ VT_KV_DETAIL, VT_ACT_PGUP,        "one page up" },
	{ VT_KV_DETAIL, VT_ACT_PGDN,        "one page down" },
	{ VT_KV_DETAIL, VT_ACT_HOME,        "first row" },
	{ VT_KV_DETAIL, VT_ACT_END,         "last row" },
	{ VT_KV_DETAIL, VT_ACT_MOUSE,       "a click selects a row, the wheel scrolls" },
	{ VT_KV_DETAIL, VT_ACT_ENTER,       "expand the selected type into its paths, a directory into its files, a path into its VMAs; again: fold" },
	{ VT_KV_DETAIL, VT_ACT_RIGHT,       "expand the selected row" },
	{ VT_KV_DETAIL, VT_ACT_LEFT,        "fold the selected row, or move to its parent" },
	{ VT_KV_DETAIL, VT_ACT_RSS,         "resident memory per type, path and VMA from smaps (costly), until r again" },
	{ VT_KV_SETUP,  VT_ACT_UP,          "move the selection up" },
	{ VT_KV_SETUP,  VT_ACT_DOWN,        "move the selection down" },
	{ VT_KV_SETUP,  VT_ACT_TOGGLE,      "show or hide the selected column; switch the selected setting" },
	{ VT_KV_SETUP,  VT_ACT_MOVE_UP,     "move the selected column left" },
	{ VT_KV_SETUP,  VT_ACT_MOVE_DOWN,   "move the selected column right" },
	{ VT_KV_SETUP,  VT_ACT_RIGHT,       "raise the selected value (delay, warn, crit)" },
	{ VT_KV_SETUP,  VT_ACT_LEFT,        "lower the selected value" },
	{ VT_KV_SETUP,  VT_ACT_SETUP,       "save the settings to vmatoprc and return (Esc too)" },
	{ VT_KV_LIST,   VT_ACT_SETUP,       "Setup: columns, colour scheme, delay, thresholds, kernel threads, other users, saved to vmatoprc" },
	{ VT_KV_ALL,    VT_ACT_EVENTS,      "ENOMEM events: each failed mmap/mprotect/munmap/mremap/brk/madvise and its cause" },
	{ VT_KV_LIST,   VT_ACT_EXITED,      "show/hide the processes that exited in the last 5 minutes, dimmed, \"exited HH:MM:SS\" (last seen) and their last count" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_PREV, "replay (vmatop --db PATH): one recorded sample back" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_NEXT, "replay: one recorded sample forward" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_BACK_MIN, "replay: one minute back (not before the first sample)" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_FWD_MIN,  "replay: one minute forward (not after the last sample)" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_JUMP, "replay: jump to a typed TIME (-10m, 13:05, 2026-12-02T13:05:00, @EPOCH)" },
	{ VT_KV_ALL,    VT_ACT_REPLAY_LIVE, "replay: back to the live scan; again: back to the recording" },
};

const vt_keydoc *vt_key_docs(size_t *n)
{
	*n = sizeof(docs) / sizeof(docs[0]);
	return docs;
}

vt_keyview vt_keyview_of(const char *view_name)
{
	if (view_name && strcmp(view_name, "detail") == 0)
		return VT_KV_DETAIL;
	if (view_name && strcmp(view_name, "setup") == 0)
		return VT_KV_SETUP;
	return VT_KV_LIST;
}

bool vt_keydoc_in(const vt_keydoc *d, vt_keyview v)
{
	return d->view == v || d->view == VT_KV_ALL;
}

/* roff: "\-" for '-', "\e" for '\\'. */
static void roff_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
	}
}

void vt_key_roff(FILE *f, vt_keyview v)
{
	char keys[128];
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (docs[i].view != v)
			continue;
		vt_action_keys(docs[i].action, keys, sizeof(keys));
		fputs(".TP\n.B ", f);
		roff_escape(f, keys);
		fputs("\n", f);
		/* a sentence: capital first letter, full stop */
		fputc(docs[i].help[0] >= 'a' && docs[i].help[0] <= 'z' ? docs[i].help[0] - 32 : docs[i].help[0], f);
		roff_escape(f, docs[i].help + 1);
		fputs(".\n", f);
	}
}

vt_action vt_key_action(int key)
{
	for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++) {
		if (bindings[i].key == key)
			return bindings[i].action;
	}
	return VT_ACT_NONE;
}

const vt_binding *vt_key_bindings(size_t *n)
{
	*n = sizeof(bindings) / sizeof(bindings[0]);
	return bindings;
}

const char *vt_action_help(vt_action a)
{
	const char *other = NULL;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (docs[i].action != a)
			continue;
		if (docs[i].view == VT_KV_LIST || docs[i].view == VT_KV_ALL)
			return docs[i].help;
		other = other ? other : docs[i].help;
	}
	return other ? other : "";
}

const char *vt_action_keys(vt_action a, char *buf, size_t bufsz)
{
	size_t o = 0;
	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++) {
		if (bindings[i].action != a || !bindings[i].name)
			continue;
		int r = snprintf(buf + o, bufsz - o, "%s%s", o ? ", " : "", bindings[i].name);
		if (r < 0 || (size_t)r >= bufsz - o) {
			buf[o] = '\0';      /* whole names only */
			break;
		}
		o += (size_t)r;
	}
	return buf;
}
