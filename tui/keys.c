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
	{ KEY_F(6),      VT_ACT_SORT_NEXT,   "F6" },
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
	{ ' ',           VT_ACT_PAUSE,       "Space" },
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
	{ 'c',           VT_ACT_CGROUP_COL,  "c" },
	{ 'G',           VT_ACT_CGROUP_FILTER, "G" },
	{ 'g',           VT_ACT_GROUPS,      "g" },
	{ KEY_LEFT,      VT_ACT_LEFT,        "Left" },
	{ KEY_RIGHT,     VT_ACT_RIGHT,       "Right" },
	{ '[',           VT_ACT_REPLAY_PREV, "[" },
	{ ']',           VT_ACT_REPLAY_NEXT, "]" },
	{ '{',           VT_ACT_REPLAY_BACK_MIN, "{" },
	{ '}',           VT_ACT_REPLAY_FWD_MIN,  "}" },
	{ 't',           VT_ACT_REPLAY_JUMP, "t" },
	{ 'L',           VT_ACT_REPLAY_LIVE, "L" },
	{ 'X',           VT_ACT_EXITED,      "X" },
};

static const char *const helps[VT_ACT__COUNT] = {
	[VT_ACT_UP]          = "move the selection up",
	[VT_ACT_DOWN]        = "move the selection down",
	[VT_ACT_PGUP]        = "one page up",
	[VT_ACT_PGDN]        = "one page down",
	[VT_ACT_HOME]        = "first process",
	[VT_ACT_END]         = "last process",
	[VT_ACT_ENTER]       = "open the selected process's detail",
	[VT_ACT_BACK]        = "back to the previous view (same selection)",
	[VT_ACT_SORT_NEXT]   = "sort by the next column",
	[VT_ACT_SORT_PREV]   = "sort by the previous column",
	[VT_ACT_INVERT]      = "invert the sort order",
	[VT_ACT_SEARCH]      = "search a command (incremental)",
	[VT_ACT_SEARCH_NEXT] = "next match of the search",
	[VT_ACT_FILTER]      = "filter: show only commands containing a text",
	[VT_ACT_USER]        = "show only one user's processes (empty: all)",
	[VT_ACT_KTHREADS]    = "show/hide kernel threads",
	[VT_ACT_FOLLOW]      = "follow the selected process across re-sorts",
	[VT_ACT_PAUSE]       = "pause/resume the refresh",
	[VT_ACT_DELAY]       = "change the refresh delay (seconds)",
	[VT_ACT_REDRAW]      = "redraw the screen and refresh now",
	[VT_ACT_KILL]        = "send a signal to the selected process",
	[VT_ACT_ADVISE]      = "limit advisor: the vm.max_map_count to set, its cost, the commands",
	[VT_ACT_EVENTS]      = "ENOMEM events: each failed mmap/mprotect/munmap/mremap/brk/madvise and its cause",
	[VT_ACT_HELP]        = "this help",
	[VT_ACT_QUIT]        = "quit",
	[VT_ACT_MOUSE]       = "click selects a row, the wheel scrolls",
	[VT_ACT_CGROUP_COL]  = "show/hide the CONTAINER/UNIT column",
	[VT_ACT_CGROUP_FILTER] = "filter by cgroup, container id, pod or unit (a glob or a text)",
	[VT_ACT_GROUPS]      = "groups: processes folded per container, pod or unit (Enter filters)",
	[VT_ACT_LEFT]        = "scroll long command lines back",
	[VT_ACT_RIGHT]       = "scroll long command lines on (horizontally)",
	[VT_ACT_REPLAY_PREV] = "replay (--db): one recorded sample back",
	[VT_ACT_REPLAY_NEXT] = "replay (--db): one recorded sample forward",
	[VT_ACT_REPLAY_BACK_MIN] = "replay (--db): one minute back",
	[VT_ACT_REPLAY_FWD_MIN]  = "replay (--db): one minute forward",
	[VT_ACT_REPLAY_JUMP] = "replay (--db): jump to a typed TIME (-10m, 13:05, @EPOCH)",
	[VT_ACT_REPLAY_LIVE] = "replay (--db): back to live, and to the recording again",
	[VT_ACT_EXITED]      = "show/hide the processes that exited in the last 5 minutes",
};

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
	if ((int)a < 0 || a >= VT_ACT__COUNT || !helps[a])
		return "";
	return helps[a];
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
