/* Key bindings: one table of key -> action (keys.c).  Views keep their own
 * table of action -> handler returning VT_REACT_* flags; the global actions
 * (quit, help, pause, ...) are handled by the loop (tui.c).  The help view
 * and the man page list this table. */
#ifndef VMATOP_TUI_KEYS_H
#define VMATOP_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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
	VT_ACT_SORT_MENU,    /* F6: the list of sort columns */
	VT_ACT_RIGHT,        /* Right: detail: expand; list: scroll the command lines on */
	VT_ACT_LEFT,         /* Left: detail: fold; list: scroll the command lines back */
	VT_ACT_RSS,          /* r: detail: resident memory */
	VT_ACT_SETUP,        /* F2 S: Setup */
	VT_ACT_TOGGLE,       /* Space: Setup: show/hide the column, switch the setting */
	VT_ACT_MOVE_UP,      /* [ F7: Setup: move the column left */
	VT_ACT_MOVE_DOWN,    /* ] F8: Setup: move the column right */
	VT_ACT_UNTAG,        /* U: untag all */
	VT_ACT_TREE,         /* F5 t: the tree view */
	VT_ACT_TAG_CHILDREN, /* c: tag the process and its descendants */
	VT_ACT_CGROUP_COL,   /* C: show/hide the CONTAINER/UNIT column */
	VT_ACT_CGROUP_FILTER, /* G: filter by cgroup, container, pod, unit */
	VT_ACT_GROUPS,       /* g: processes folded per container/pod/unit */
	VT_ACT_REPLAY_PREV,  /* {: replay (--db), one sample back */
	VT_ACT_REPLAY_NEXT,  /* }: one sample forward */
	VT_ACT_REPLAY_BACK_MIN, /* -: a minute back */
	VT_ACT_REPLAY_FWD_MIN,  /* +: a minute forward */
	VT_ACT_REPLAY_JUMP,  /* T: jump to a typed time */
	VT_ACT_REPLAY_LIVE,  /* L: between the recording and live */
	VT_ACT_EXITED,       /* X: show the processes that exited lately */
	VT_ACT__COUNT
} vt_action;

typedef struct vt_binding {
	int key;             /* curses key code or character */
	vt_action action;
	const char *name;    /* as shown in help: "Up", "F6", "<", "Ctrl-L" */
} vt_binding;

/* Which view a documented key belongs to (its help screen, the man page). */
typedef enum vt_keyview {
	VT_KV_LIST,          /* the process list (man: "Keys") */
	VT_KV_DETAIL,        /* the detail pane (man: "Detail pane") */
	VT_KV_SETUP,         /* Setup (man: "Setup") */
	VT_KV_ALL,           /* every view (listed in each help) */
	VT_KV__COUNT
} vt_keyview;

/* One documented key: the view, the action (its keys come from the
 * bindings) and what it does there. */
typedef struct vt_keydoc {
	vt_keyview view;
	vt_action action;
	const char *help;
} vt_keydoc;

/* The documentation table, in help order; *n gets its length. */
const vt_keydoc *vt_key_docs(size_t *n);
/* The view of a view's ops->name ("detail", "setup"; else VT_KV_LIST). */
vt_keyview vt_keyview_of(const char *view_name);
/* Whether a row of the table is shown in the help of view v. */
bool vt_keydoc_in(const vt_keydoc *d, vt_keyview v);
/* Write the man page's key list of view v (roff: .TP, .BR keys, help text). */
void vt_key_roff(FILE *f, vt_keyview v);

/* The action bound to key, VT_ACT_NONE if none. */
vt_action vt_key_action(int key);
/* The table, in help order; *n gets its length. */
const vt_binding *vt_key_bindings(size_t *n);
/* One line describing the action in the list (or, for keys of other views
 * only, there), for the help view. */
const char *vt_action_help(vt_action a);
/* The names of all keys bound to a, joined with ", " into buf. */
const char *vt_action_keys(vt_action a, char *buf, size_t bufsz);

#endif
