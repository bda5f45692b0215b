/* The help view: what the numbers mean and every key, from the key table. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "widget_list.h"

typedef struct help_state {
	vt_wlist list;          /* the lines shown (no cursor) */
	vt_keyview view;        /* whose keys and legend: the view below the help */
} help_state;

/* The list's legend: the lines before the columns, then one line per column
 * of the column table (title and description), then the markers. */
static const char *const intro[] = {
	"A VMA (virtual memory area) is one line of /proc/PID/maps: a mapped library, heap, stack, file or anonymous region.",
	"vm.max_map_count caps the VMAs of each process: past it, mmap and mprotect fail with ENOMEM and the program usually crashes.",
	"",
	"Columns (F2 Setup chooses them):",
};
static const char *const intro_after[] = {
	"Markers after %MAX: '*' at 50% or more of the limit, '!' at 80% or more, '#' above 100%;",
	"  '^' after them: crossed 80% or the limit while watched, and fell back since.",
	"",
};
#define N_INTRO ((int)(sizeof(intro) / sizeof(intro[0])))
#define N_INTRO_AFTER ((int)(sizeof(intro_after) / sizeof(intro_after[0])))
#define COL_TITLE_CELLS 16   /* the title's cell before the description */
#define KEY_CELLS 26         /* the keys' cell before what they do */
#define KEY_NAMES_MAX 96     /* room for the names of one action's keys */

/* The detail pane's legend: its groups and markers. */
static const char *const detail_intro[] = {
	"The detail pane: one process's VMAs grouped by type, sorted by VMAs; Enter expands a type into its paths, a path into its VMAs.",
	"Types: heap ([heap]), stack ([stack]), anon (no file; NOACC counts ---p guard pages and reservations), file (mapped data files),",
	"  lib (shared objects), exe (the program itself), shm (shared memory, memfd, SysV), kernel ([vdso], [vvar] and other kernel names).",
	"Columns: VMAS, %PROC (share of the process), %MAX (share of the limit, with the list's markers '*' '!' '#'), VIRT (virtual size),",
	"  NOACC (no-access VMAs), RSS ('-' until r), then the number of files or names with the biggest contributor.",
	"A path marked (deleted) is a file removed while mapped.",
	"DIR/ (N files, M VMAs): 8 or more mapped files of one directory folded into one row (their sums); Enter or Right lists them.",
	"",
};

static int n_intro(const help_state *hs)
{
	return hs->view == VT_KV_DETAIL ? (int)(sizeof(detail_intro) / sizeof(detail_intro[0]))
					: N_INTRO + VT_COL__COUNT + N_INTRO_AFTER;
}

/* The rows of the key table shown in this view's help. */
static const vt_keydoc *nth_doc(const help_state *hs, int k)
{
	size_t n;
	const vt_keydoc *d = vt_key_docs(&n);
	for (size_t i = 0; i < n; i++)
		if (vt_keydoc_in(&d[i], hs->view) && k-- == 0)
			return &d[i];
	return NULL;
}

static int key_lines(const help_state *hs)
{
	int k = 0;
	while (nth_doc(hs, k))
		k++;
	return k;
}

static int total_lines(const help_state *hs)
{
	return n_intro(hs) + 1 + key_lines(hs);
}

static void draw_line(const vt_ctx *ctx, const help_state *hs, int y, int x, int w, int i)
{
	int ni = n_intro(hs);
	char keys[KEY_NAMES_MAX];
	if (i < ni && (hs->view == VT_KV_DETAIL || i < N_INTRO)) {
		const char *text = hs->view == VT_KV_DETAIL ? detail_intro[i] : intro[i];
		vt_draw(ctx, y, x, w, i < 2 ? VT_ROLE_VALUE : VT_ROLE_NORMAL, text);
		return;
	}
	if (i < ni && i < N_INTRO + VT_COL__COUNT) {
		const vt_column *c = vt_column_get(i - N_INTRO);
		vt_draw(ctx, y, x + 2, COL_TITLE_CELLS, VT_ROLE_LABEL, ctx->utf8 ? c->title : c->ascii_title);
		vt_draw(ctx, y, x + 2 + COL_TITLE_CELLS, w - 2 - COL_TITLE_CELLS, VT_ROLE_NORMAL,
			c->description);
		return;
	}
	if (i < ni) {
		vt_draw(ctx, y, x, w, VT_ROLE_NORMAL, intro_after[i - N_INTRO - VT_COL__COUNT]);
		return;
	}
	if (i == ni) {
		vt_draw(ctx, y, x, w, VT_ROLE_LABEL,
			hs->view == VT_KV_DETAIL ? "Keys (of every view, then of the detail pane):" :
			hs->view == VT_KV_SETUP ? "Keys (of every view, then of Setup):" :
			"Keys (of every view, then of the process list):");
		return;
	}
	const vt_keydoc *d = nth_doc(hs, i - ni - 1);
	if (!d)
		return;
	vt_draw(ctx, y, x + 2, w - 2, VT_ROLE_FKEY, vt_action_keys(d->action, keys, sizeof(keys)));
	vt_draw(ctx, y, x + KEY_CELLS, w - KEY_CELLS, VT_ROLE_NORMAL, d->help);
}

static void help_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	help_state *hs = v->priv;
	int total = total_lines(hs);
	vt_wlist_set(&hs->list, total, a.h);
	for (int r = 0; r < a.h && hs->list.top + r < total; r++)
		draw_line(ctx, hs, a.y + r, a.x, a.w, hs->list.top + r);
}

static unsigned help_key(vt_view *v, vt_ctx *ctx, int key)
{
	help_state *hs = v->priv;
	(void)ctx;
	vt_action act = vt_key_action(key);
	if (vt_wlist_action(&hs->list, act))
		return VT_REACT_REDRAW;
	switch (act) {
	case VT_ACT_QUIT: return VT_REACT_UNHANDLED;
	case VT_ACT_MOUSE: return vt_wlist_mouse(&hs->list) ? VT_REACT_REDRAW : VT_REACT_NONE;
	default: return VT_REACT_POP;
	}
}

static const vt_fkey help_fkeys[] = {
	{ "Esc", "Back" }, { "Up", "Scroll" }, { "Down", "Scroll" }, { "F10", "Quit" },
	{ NULL, NULL },
};

static const vt_fkey *help_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return help_fkeys;
}

static void help_destroy(vt_view *v)
{
	free(v->priv);
}

static const struct vt_view_ops help_ops = {
	.name = "help",
	.draw = help_draw,
	.handle_key = help_key,
	.fkeys = help_bar,
	.destroy = help_destroy,
};

vt_view *vt_view_help_new(vt_ctx *ctx)
{
	vt_view *below = vt_ctx_top(ctx);
	help_state *hs = calloc(1, sizeof(*hs));
	if (!hs)
		return NULL;
	hs->view = vt_keyview_of(below ? below->ops->name : NULL);
	vt_wlist_init(&hs->list, false);
	vt_view *v = vt_view_new(&help_ops, hs);
	if (!v)
		free(hs);
	return v;
}
