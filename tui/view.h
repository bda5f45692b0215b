/* The TUI's framework: views on a stack, the shared context, reaction flags.
 *
 * The screen is a stack of views.  The list view is always at the bottom;
 * Enter on a process pushes its detail view, Esc/Backspace pops back (the
 * selection lives in the context, so it is the same after the pop).  Help,
 * the signal chooser and later views (advisor, history graphs) are pushed the
 * same way.  Only the top view gets keys; it is drawn in the area between the
 * header and the function-key bar (an overlay view is drawn over the view
 * below it).
 *
 * A view never reads /proc: it draws from ctx->snap (or asks the core through
 * ctx->scanner) and draws every string through tui/draw.h.
 *
 * Key handling: the loop first offers a key to an active prompt, then to the
 * top view's handle_key; if that returns VT_REACT_UNHANDLED the global
 * bindings (quit, help, pause, delay, redraw, ...) get it.  Keys map to
 * actions through one table (tui/keys.h); a view keeps its own table of
 * action -> handler returning reaction flags.
 */
#ifndef VMATOP_TUI_VIEW_H
#define VMATOP_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "vmatop/events.h"
#include "vmatop/columns.h"
#include "vmatop/config.h"
#include "vmatop/history.h"
#include "vmatop/options.h"
#include "vmatop/proc.h"
#include "vmatop/scan.h"
#include "vmatop/sort.h"

/* What the loop must do after a key or an event (bitwise or). */
#define VT_REACT_NONE      0x00u
#define VT_REACT_REDRAW    0x01u  /* something shown changed: redraw (dirty) */
#define VT_REACT_RESCAN    0x02u  /* scan now (filter changed, Ctrl-L, unpause) */
#define VT_REACT_QUIT      0x04u  /* leave the program, exit status 0 */
#define VT_REACT_POP       0x08u  /* pop the top view (never the list view) */
#define VT_REACT_PUSH      0x10u  /* push ctx->push (set by the handler) */
#define VT_REACT_RELAYOUT  0x20u  /* clear and redraw everything (resize, Ctrl-L) */
#define VT_REACT_RESORT    0x40u  /* sort key/direction changed: re-sort ctx->snap */
#define VT_REACT_UNHANDLED 0x80u  /* the view does not bind this key: try the globals */

/* A rectangle of the screen (stdscr coordinates). */
typedef struct vt_area {
	int y, x;
	int h, w;
} vt_area;

/* What a drawn thing means; tui.c maps each role to curses attributes once
 * (colour pairs, or bold/underline/reverse on monochrome and with -C or
 * NO_COLOR).  Threshold roles also get a marker character (draw.h) so they
 * read without colour. */
typedef enum vt_role {
	VT_ROLE_NORMAL,
	VT_ROLE_LABEL,       /* header labels */
	VT_ROLE_VALUE,       /* header values */
	VT_ROLE_TITLE,       /* column titles line */
	VT_ROLE_SORTED,      /* the title of the sort column */
	VT_ROLE_SELECTED,    /* the selection bar */
	VT_ROLE_WARN,        /* >= 50% of max_map_count */
	VT_ROLE_CRIT,        /* >= 80% */
	VT_ROLE_OVER,        /* > 100%: a process past the limit */
	VT_ROLE_DIM,         /* unknown values, kernel threads, hints */
	VT_ROLE_FKEY,        /* "F1" in the function-key bar */
	VT_ROLE_FLABEL,      /* "Help" in the function-key bar */
	VT_ROLE_PROMPT,      /* prompt line / messages */
	VT_ROLE_BAR,         /* the filled part of a bar below 50% */
	VT_ROLE_BAR_WARN,    /* the filled part at >= 50%, >= 80%, > 100%: a pair of its own */
	VT_ROLE_BAR_CRIT,    /* (or-ing two roles' pairs gives a pair that was never set) */
	VT_ROLE_BAR_OVER,
	VT_ROLE__COUNT
} vt_role;

/* Thresholds in percent of vm.max_map_count. */
#define VT_PCT_WARN 50.0
#define VT_PCT_CRIT 80.0
#define VT_PCT_OVER 100.0

typedef struct vt_ctx vt_ctx;
typedef struct vt_view vt_view;

/* One entry of the function-key bar ("F1" "Help"); arrays end with key NULL. */
typedef struct vt_fkey {
	const char *key;
	const char *label;
} vt_fkey;

struct vt_view_ops {
	const char *name;          /* "list", "detail", "help", "kill", ... */
	bool overlay;              /* draw the view below first, then this one */
	/* Draw into area (inside the header and above the bar). */
	void (*draw)(vt_view *v, vt_ctx *ctx, vt_area area);
	/* A key (curses code, KEY_MOUSE, KEY_RESIZE never): VT_REACT_* flags. */
	unsigned (*handle_key)(vt_view *v, vt_ctx *ctx, int key);
	/* A new snapshot is in ctx->snap (already sorted): update state. May be NULL. */
	void (*on_snapshot)(vt_view *v, vt_ctx *ctx);
	/* The bar at the bottom while this view is on top. May be NULL (the list's). */
	const vt_fkey *(*fkeys)(vt_view *v, vt_ctx *ctx);
	/* Free v->priv (not v itself: vt_view_free does). May be NULL. */
	void (*destroy)(vt_view *v);
};

struct vt_view {
	const struct vt_view_ops *ops;
	void *priv;                /* the view's own state */
	vt_area area;              /* where it was drawn last (mouse hit-testing) */
};

/* A one-line text prompt in the bar line (search, filter, user, delay).
 * on_change runs after every edit (incremental search); on_done once with
 * accepted = false on Esc.  Both return VT_REACT_* flags. */
typedef unsigned (*vt_prompt_fn)(vt_ctx *ctx, const char *text, bool accepted);

typedef struct vt_prompt {
	bool active;
	char label[32];
	char text[128];
	size_t len;
	vt_prompt_fn on_change;
	vt_prompt_fn on_done;
} vt_prompt;

#define VT_STACK_MAX 8
#define VT_TAGS_MAX 256

/* A tagged process (Space, c): the identity, and its name for messages. */
typedef struct vt_tag {
	pid_t pid;
	unsigned long long start_time;
	char comm[64];
} vt_tag;
#define VT_TEXT_MAX 128

struct vt_ctx {
	const vt_opts *opts;
	vt_scanner *scanner;
	struct vt_scanjob *scanjob;  /* the background scan (scanjob.h); NULL: scans in the loop */
	vt_filter filter;           /* what the scanner is asked for (-p, -u, K) */
	vt_snapshot snap;           /* the current snapshot, sorted */
	unsigned long generation;   /* incremented at every new snapshot */
	vt_history *history;        /* counts over time: delta, rate, ETA, sparklines */
	vt_events *events;          /* the ENOMEM catcher, NULL when it could not start */
	vt_event_log evlog;         /* its latest events (tui/events.c) */
	char events_off[160];       /* why the catcher is off ("" when on) */

	/* Selection, shared by all views: (pid, start_time) is the identity. */
	pid_t sel_pid;              /* 0 when nothing is selected */
	unsigned long long sel_start;
	bool follow;                /* F: keep the selection on this pid across re-sorts */

	/* Display state. */
	vt_sort_key sort;
	bool invert;
	bool tree;                  /* F5: rows as the process tree, SUBTREE shown */
	vt_col_set colset;          /* the list's columns in order (Setup, vmatoprc) */
	double warn, crit;          /* percent thresholds of the colours and markers */
	vt_config config;           /* vmatoprc as read at start; written back at quit */
	char *config_path;          /* NULL: no $XDG_CONFIG_HOME nor $HOME */
	bool paused;
	double delay;               /* seconds between refreshes */
	char search[VT_TEXT_MAX];   /* incremental search (/ F3), on the command */
	char cmd_filter[VT_TEXT_MAX]; /* filter (\ F4): case-insensitive substring of comm/cmdline */
	char cgroup_filter[VT_TEXT_MAX]; /* filter (G, --cgroup): vt_cgroup_match */
	char user[64];              /* user filter name as typed ("" = all) */
	bool utf8;                  /* the locale's charset is UTF-8 */
	bool color;                 /* colours in use */
	unsigned attrs[VT_ROLE__COUNT]; /* curses attr_t for each role */
	int rows, cols;             /* screen size */

	/* Tagged processes: k signals all of them (each checked right before). */
	vt_tag tags[VT_TAGS_MAX];
	int ntags;

	/* A one-line message shown in the bar until a key is pressed. */
	char message[160];

	/* The view stack: stack[0] is the list view. */
	vt_view *stack[VT_STACK_MAX];
	int depth;
	vt_view *push;              /* set with VT_REACT_PUSH by a handler */
	vt_prompt prompt;

	/* The recorded source and the processes that exited lately (replay.h). */
	struct vt_replay *replay;   /* --db PATH: the recording; NULL live only */
	struct vt_exited *exited;   /* live: remembered from the previous snapshots */
	bool show_exited;           /* X: list them */
};

/* The top of the stack. */
static inline vt_view *vt_ctx_top(vt_ctx *ctx)
{
	return ctx->depth > 0 ? ctx->stack[ctx->depth - 1] : NULL;
}

/* Ask the loop to push v: returns VT_REACT_PUSH | VT_REACT_REDRAW. */
unsigned vt_ctx_push(vt_ctx *ctx, vt_view *v);
/* The selected process in ctx->snap (same pid and start time), or NULL. */
const vt_proc *vt_ctx_selected(const vt_ctx *ctx);
/* Select p (NULL: nothing). */
void vt_ctx_select(vt_ctx *ctx, const vt_proc *p);
/* Set the one-line message (printf format, drawn sanitized). */
void vt_ctx_message(vt_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Tags (tui/ctx.c): whether p is tagged; tag or untag it (false when the
 * table is full). */
bool vt_ctx_tagged(const vt_ctx *ctx, const vt_proc *p);
bool vt_ctx_tag(vt_ctx *ctx, const vt_proc *p, bool on);
/* Drop the tags of processes that are not in ctx->snap any more. */
void vt_ctx_prune_tags(vt_ctx *ctx);

/* Whether p passes the display filters (command filter); the scanner does -p/-u/K. */
bool vt_ctx_visible(const vt_ctx *ctx, const vt_proc *p);

/* Start a prompt (tui/prompt.c). */
unsigned vt_prompt_begin(vt_ctx *ctx, const char *label, const char *initial,
			 vt_prompt_fn on_change, vt_prompt_fn on_done);
/* A key while the prompt is active: VT_REACT_* flags. */
unsigned vt_prompt_key(vt_ctx *ctx, int key);
/* Draw the prompt line at row y. */
void vt_prompt_draw(vt_ctx *ctx, int y);

/* The keys every view shares (quit, help, pause, delay, redraw, user filter,
 * kernel threads, kill, back): the loop calls this when the top view returns
 * VT_REACT_UNHANDLED (tui/actions.c). */
unsigned vt_global_key(vt_ctx *ctx, int key);
/* Re-sort ctx->snap with ctx->sort/invert and tell every view (tui.c). */
void vt_ctx_resort(vt_ctx *ctx);

/* The settings now (sort, columns, delay, thresholds, ...) into ctx->config,
 * and written to ctx->config_path; a failure is a message (tui.c). */
void vt_ctx_save_config(vt_ctx *ctx);
/* ctx->attrs and ctx->color from ctx->config.scheme, at once (tui.c). */
void vt_ctx_apply_scheme(vt_ctx *ctx);

/* The views.  Constructors return NULL on ENOMEM. */
vt_view *vt_view_list_new(vt_ctx *ctx);        /* view_list.c */
vt_view *vt_view_help_new(vt_ctx *ctx);        /* view_help.c */
vt_view *vt_view_kill_new(vt_ctx *ctx, const vt_proc *p);  /* kill.c: signal chooser */
vt_view *vt_view_advise_new(vt_ctx *ctx);      /* view_advise.c: the limit advisor (a) */
vt_view *vt_view_sort_new(vt_ctx *ctx);        /* view_sort.c: the sort picker (F6) */
vt_view *vt_view_setup_new(vt_ctx *ctx);       /* view_setup.c: Setup (F2) */
vt_view *vt_view_events_new(vt_ctx *ctx);      /* view_events.c: the ENOMEM events (e) */

/* The ENOMEM events on the screen (view_events.c): start the catcher (its
 * failure is kept in ctx->events_off, never fatal), take what it queued
 * (returns true when something new arrived), stop it. */
void vt_tui_events_start(vt_ctx *ctx);
bool vt_tui_events_take(vt_ctx *ctx);
void vt_tui_events_stop(vt_ctx *ctx);
/* "16:40:12 pid 1234 java mprotect at 65530/65530 VMAs: max_map_count" */
void vt_tui_event_text(char *buf, size_t sz, const vt_event *ev);
/* How many of p's kept events were at the limit (the list's mark). */
size_t vt_tui_limit_hits(const vt_ctx *ctx, const vt_proc *p);
vt_view *vt_view_groups_new(vt_ctx *ctx);      /* view_groups.c: per container/pod/unit (g) */
/* A view with these ops and state (NULL on ENOMEM; priv is not freed then). */
vt_view *vt_view_new(const struct vt_view_ops *ops, void *priv);
/* ops->destroy, then free v.  NULL is fine. */
void vt_view_free(vt_view *v);

/* The detail pane of one process (view_detail.c). */
vt_view *vt_view_detail_new(vt_ctx *ctx, pid_t pid);

/* The header (header.c): how many lines it needs at this width, and drawing. */
int vt_header_height(const vt_ctx *ctx);
void vt_header_draw(vt_ctx *ctx, vt_area area);

/* The function-key bar (header.c): the top view's entries on the last line. */
void vt_fkeys_draw(vt_ctx *ctx, const vt_fkey *keys, int y);

#endif
