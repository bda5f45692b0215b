/* The help view: what the numbers mean and every key, from the key table. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "keys.h"
#include "view.h"

typedef struct help_state {
	int top;                /* first line shown */
	int page;
} help_state;

static const char *const intro[] = {
	"A VMA (virtual memory area) is one line of /proc/PID/maps: a mapped library, heap, stack, file or anonymous region.",
	"vm.max_map_count caps the VMAs of each process: past it, mmap and mprotect fail with ENOMEM and the program usually crashes.",
	"",
	"Columns: PID, USER (effective), VMAS (the kernel's map_count; '-' when not readable), %MAX (percent of the limit),",
	NULL,   /* the Delta line: utf8_delta or ascii_delta */
	"Markers after %MAX: '*' at 50% or more of the limit, '!' at 80% or more, '#' above 100%;",
	"  '^' after them: crossed 80% or the limit while watched, and fell back since.",
	"",
};

static const char utf8_delta[] =
	"  \xCE\x94 (change since the previous refresh), RATE (VMAs per second), TREND (recent counts), COMMAND (name, then command line).";
static const char ascii_delta[] =
	"  DELTA (change since the previous refresh), RATE (VMAs per second), TREND (recent counts), COMMAND (name, then command line).";

/* The lines of the key list: one per action with its keys. */
static int key_lines(void)
{
	return VT_ACT__COUNT - 1;
}

static int total_lines(void)
{
	return (int)(sizeof(intro) / sizeof(intro[0])) + 1 + key_lines();
}

static void draw_line(const vt_ctx *ctx, int y, int x, int w, int i)
{
	int n_intro = (int)(sizeof(intro) / sizeof(intro[0]));
	char keys[96];
	if (i < n_intro) {
		const char *text = intro[i] ? intro[i] : ctx->utf8 ? utf8_delta : ascii_delta;
		vt_draw(ctx, y, x, w, i < 2 ? VT_ROLE_VALUE : VT_ROLE_NORMAL, text);
		return;
	}
	if (i == n_intro) {
		vt_draw(ctx, y, x, w, VT_ROLE_LABEL, "Keys:");
		return;
	}
	vt_action a = (vt_action)(i - n_intro);
	vt_draw(ctx, y, x + 2, w - 2, VT_ROLE_FKEY, vt_action_keys(a, keys, sizeof(keys)));
	vt_draw(ctx, y, x + 26, w - 26, VT_ROLE_NORMAL, vt_action_help(a));
}

static void help_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	help_state *hs = v->priv;
	hs->page = a.h;
	if (hs->top > total_lines() - a.h)
		hs->top = total_lines() - a.h;
	if (hs->top < 0)
		hs->top = 0;
	for (int r = 0; r < a.h && hs->top + r < total_lines(); r++)
		draw_line(ctx, a.y + r, a.x, a.w, hs->top + r);
}

static unsigned help_key(vt_view *v, vt_ctx *ctx, int key)
{
	help_state *hs = v->priv;
	(void)ctx;
	switch (vt_key_action(key)) {
	case VT_ACT_UP: hs->top--; return VT_REACT_REDRAW;
	case VT_ACT_DOWN: hs->top++; return VT_REACT_REDRAW;
	case VT_ACT_PGUP: hs->top -= hs->page; return VT_REACT_REDRAW;
	case VT_ACT_PGDN: hs->top += hs->page; return VT_REACT_REDRAW;
	case VT_ACT_HOME: hs->top = 0; return VT_REACT_REDRAW;
	case VT_ACT_END: hs->top = total_lines(); return VT_REACT_REDRAW;
	case VT_ACT_QUIT: return VT_REACT_UNHANDLED;
	case VT_ACT_MOUSE: return VT_REACT_NONE;
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
	(void)ctx;
	help_state *hs = calloc(1, sizeof(*hs));
	if (!hs)
		return NULL;
	vt_view *v = vt_view_new(&help_ops, hs);
	if (!v)
		free(hs);
	return v;
}
