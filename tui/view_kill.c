/* The signal chooser: pick a signal, confirm, and send it only if the pid
 * still names the same process (same start time): the core's
 * vt_proc_signal_checked does the check and the signal through one pidfd. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "vmatop/proc.h"

typedef struct kill_sig {
	int sig;
	const char *name;
} kill_sig;

static const kill_sig sigs[] = {
	{ SIGTERM, "SIGTERM" }, { SIGKILL, "SIGKILL" }, { SIGINT, "SIGINT" },
	{ SIGHUP, "SIGHUP" },   { SIGQUIT, "SIGQUIT" }, { SIGUSR1, "SIGUSR1" },
	{ SIGUSR2, "SIGUSR2" }, { SIGSTOP, "SIGSTOP" }, { SIGCONT, "SIGCONT" },
	{ SIGABRT, "SIGABRT" },
};
#define NSIGS ((int)(sizeof(sigs) / sizeof(sigs[0])))

typedef struct kill_state {
	vt_tag targets[VT_TAGS_MAX];   /* the tagged processes, or the selected one */
	int n;
	bool tagged;                   /* the targets are the tags (cleared once sent) */
	int choice;
	bool confirming;
} kill_state;

static unsigned send_one(vt_ctx *ctx, const kill_state *ks)
{
	const kill_sig *s = &sigs[ks->choice];
	const vt_tag *t = &ks->targets[0];
	if (vt_proc_signal_checked(t->pid, t->start_time, s->sig) < 0) {
		if (errno == ESRCH)
			vt_ctx_message(ctx, "process %d (%s) is gone: nothing sent", (int)t->pid, t->comm);
		else
			vt_ctx_message(ctx, "%s to %d failed: %s", s->name, (int)t->pid, strerror(errno));
	} else {
		vt_ctx_message(ctx, "sent %s to %d (%s)", s->name, (int)t->pid, t->comm);
	}
	return VT_REACT_POP | VT_REACT_RESCAN | VT_REACT_REDRAW;
}

/* Every tagged process, each checked by pid and start time right before. */
static unsigned do_send(vt_ctx *ctx, kill_state *ks)
{
	const kill_sig *s = &sigs[ks->choice];
	int sent = 0, gone = 0, failed = 0, err = 0;
	if (!ks->tagged)
		return send_one(ctx, ks);
	for (int i = 0; i < ks->n; i++) {
		if (vt_proc_signal_checked(ks->targets[i].pid, ks->targets[i].start_time, s->sig) == 0)
			sent++;
		else if (errno == ESRCH)
			gone++;
		else
			failed++, err = errno;
	}
	ctx->ntags = 0;
	if (failed)
		vt_ctx_message(ctx, "sent %s to %d of %d tagged processes (%d gone, %d failed: %s)",
			       s->name, sent, ks->n, gone, failed, strerror(err));
	else
		vt_ctx_message(ctx, "sent %s to %d of %d tagged processes (%d gone)", s->name, sent,
			       ks->n, gone);
	return VT_REACT_POP | VT_REACT_RESCAN | VT_REACT_REDRAW;
}

static void draw_box(const vt_ctx *ctx, vt_area box)
{
	unsigned a = ctx->attrs[VT_ROLE_NORMAL] | A_BOLD;
	for (int r = 0; r < box.h; r++)
		vt_draw_fill(ctx, box.y + r, box.x, box.w, ctx->attrs[VT_ROLE_NORMAL]);
	if (box.w < 2 || box.h < 2)
		return;
	attrset(a);
	mvhline(box.y, box.x, ACS_HLINE, box.w);
	mvhline(box.y + box.h - 1, box.x, ACS_HLINE, box.w);
	attrset(A_NORMAL);
}

static void kill_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	kill_state *ks = v->priv;
	int w = a.w < 44 ? a.w : 44, h = a.h < NSIGS + 4 ? a.h : NSIGS + 4;
	vt_area box = { a.y + (a.h - h) / 2, a.x + (a.w - w) / 2, h, w };
	draw_box(ctx, box);
	if (ks->tagged)
		vt_draw_fmt(ctx, box.y + 1, box.x + 1, w - 2, ctx->attrs[VT_ROLE_LABEL],
			    "Send a signal to %d tagged processes", ks->n);
	else
		vt_draw_fmt(ctx, box.y + 1, box.x + 1, w - 2, ctx->attrs[VT_ROLE_LABEL],
			    "Send a signal to %d %s", (int)ks->targets[0].pid, ks->targets[0].comm);
	if (ks->confirming) {
		vt_draw_fmt(ctx, box.y + 2, box.x + 1, w - 2, ctx->attrs[VT_ROLE_CRIT],
			    "Send %s? y to confirm, n to cancel", sigs[ks->choice].name);
		return;
	}
	for (int i = 0; i < NSIGS && 2 + i < h - 1; i++) {
		unsigned attr = ctx->attrs[i == ks->choice ? VT_ROLE_SELECTED : VT_ROLE_NORMAL];
		vt_draw_fill(ctx, box.y + 2 + i, box.x + 1, w - 2, attr);
		vt_draw_fmt(ctx, box.y + 2 + i, box.x + 2, w - 3, attr, "%2d %s", sigs[i].sig,
			    sigs[i].name);
	}
}

static unsigned confirm_key(vt_ctx *ctx, kill_state *ks, int key)
{
	if (key == 'y' || key == 'Y')
		return do_send(ctx, ks);
	if (vt_key_action(key) == VT_ACT_QUIT && key != 'q')
		return VT_REACT_UNHANDLED;
	ks->confirming = false;
	return VT_REACT_REDRAW;
}

static unsigned kill_key(vt_view *v, vt_ctx *ctx, int key)
{
	kill_state *ks = v->priv;
	if (ks->confirming)
		return confirm_key(ctx, ks, key);
	if (key >= '1' && key <= '9' && key - '1' < NSIGS) {
		ks->choice = key - '1';
		ks->confirming = true;
		return VT_REACT_REDRAW;
	}
	switch (vt_key_action(key)) {
	case VT_ACT_UP: ks->choice = (ks->choice + NSIGS - 1) % NSIGS; return VT_REACT_REDRAW;
	case VT_ACT_DOWN: ks->choice = (ks->choice + 1) % NSIGS; return VT_REACT_REDRAW;
	case VT_ACT_ENTER: ks->confirming = true; return VT_REACT_REDRAW;
	case VT_ACT_QUIT: return key == 'q' ? VT_REACT_POP : VT_REACT_UNHANDLED;
	case VT_ACT_MOUSE: return VT_REACT_NONE;
	default: return VT_REACT_POP;
	}
}

static const vt_fkey kill_fkeys[] = {
	{ "Enter", "Send" }, { "Esc", "Cancel" }, { "Up", "" }, { "Down", "Choose" },
	{ NULL, NULL },
};

static const vt_fkey *kill_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return kill_fkeys;
}

static void kill_destroy(vt_view *v)
{
	free(v->priv);
}

static const struct vt_view_ops kill_ops = {
	.name = "kill",
	.overlay = true,
	.draw = kill_draw,
	.handle_key = kill_key,
	.fkeys = kill_bar,
	.destroy = kill_destroy,
};

vt_view *vt_view_kill_new(vt_ctx *ctx, const vt_proc *p)
{
	kill_state *ks = calloc(1, sizeof(*ks));
	if (!ks)
		return NULL;
	if (ctx->ntags > 0) {
		ks->tagged = true;
		ks->n = ctx->ntags;
		memcpy(ks->targets, ctx->tags, (size_t)ctx->ntags * sizeof(vt_tag));
	} else {
		ks->n = 1;
		ks->targets[0].pid = p->pid;
		ks->targets[0].start_time = p->start_time;
		snprintf(ks->targets[0].comm, sizeof(ks->targets[0].comm), "%s", p->comm);
	}
	vt_view *v = vt_view_new(&kill_ops, ks);
	if (!v)
		free(ks);
	return v;
}
