/* Key bindings: one table of key -> action (keys.c).  Views keep their own
 * table of action -> handler returning VT_REACT_* flags; the global actions
 * (quit, help, pause, ...) are handled by the loop (tui.c).  The help view
 * and the man page list this table. */
#ifndef VMATOP_TUI_KEYS_H
#define VMATOP_TUI_KEYS_H

#include <stddef.h>

typedef enum vt_action {
	VT_ACT_NONE,
	VT_ACT_UP,
	VT_ACT_DOWN,
	VT_ACT_PGUP,
	VT_ACT_PGDN,
	VT_ACT_HOME,
	VT_ACT_END,
	VT_ACT_ENTER,        /* open the selected process's detail */
	VT_ACT_BACK,         /* Esc, Backspace: back to the previous view */
	VT_ACT_SORT_NEXT,    /* F6, > */
	VT_ACT_SORT_PREV,    /* < */
	VT_ACT_INVERT,       /* I */
	VT_ACT_SEARCH,       /* / F3 */
	VT_ACT_SEARCH_NEXT,  /* n */
	VT_ACT_FILTER,       /* \ F4 */
	VT_ACT_USER,         /* u */
	VT_ACT_KTHREADS,     /* K */
	VT_ACT_FOLLOW,       /* F */
	VT_ACT_PAUSE,        /* space Z */
	VT_ACT_DELAY,        /* d */
	VT_ACT_REDRAW,       /* Ctrl-L */
	VT_ACT_KILL,         /* k F9 */
	VT_ACT_ADVISE,       /* a: the limit advisor */
	VT_ACT_EVENTS,       /* e: the ENOMEM events */
	VT_ACT_HELP,         /* h ? F1 */
	VT_ACT_QUIT,         /* q F10 Ctrl-C */
	VT_ACT_MOUSE,        /* KEY_MOUSE: click selects, wheel scrolls */
	VT_ACT_CGROUP_COL,   /* c: show/hide the CONTAINER/UNIT column */
	VT_ACT_CGROUP_FILTER, /* G: filter by cgroup, container, pod, unit */
	VT_ACT_GROUPS,       /* g: processes folded per container/pod/unit */
	VT_ACT_LEFT,         /* Left: scroll the command lines back (the detail: fold) */
	VT_ACT_RIGHT,        /* Right: scroll the command lines on (the detail: unfold) */
	VT_ACT_REPLAY_PREV,  /* [: replay, one sample back */
	VT_ACT_REPLAY_NEXT,  /* ]: one sample forward */
	VT_ACT_REPLAY_BACK_MIN, /* {: a minute back */
	VT_ACT_REPLAY_FWD_MIN,  /* }: a minute forward */
	VT_ACT_REPLAY_JUMP,  /* t: jump to a typed time */
	VT_ACT_REPLAY_LIVE,  /* L: between the recording and live */
	VT_ACT_EXITED,       /* X: show the processes that exited lately */
	VT_ACT__COUNT
} vt_action;

typedef struct vt_binding {
	int key;             /* curses key code or character */
	vt_action action;
	const char *name;    /* as shown in help: "Up", "F6", "<", "Ctrl-L" */
} vt_binding;

/* The action bound to key, VT_ACT_NONE if none. */
vt_action vt_key_action(int key);
/* The table, in help order; *n gets its length. */
const vt_binding *vt_key_bindings(size_t *n);
/* One line describing the action, for the help view. */
const char *vt_action_help(vt_action a);
/* The names of all keys bound to a, joined with ", " into buf. */
const char *vt_action_keys(vt_action a, char *buf, size_t bufsz);

#endif
