/* The bindings every view shares: a table of action -> handler. */
#include <curses.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "replay.h"
#include "view.h"

typedef unsigned (*vt_global_fn)(vt_ctx *ctx);

static unsigned act_quit(vt_ctx *ctx)
{
	(void)ctx;
	return VT_REACT_QUIT;
}

static unsigned act_back(vt_ctx *ctx)
{
	return ctx->depth > 1 ? VT_REACT_POP : VT_REACT_NONE;
}

static unsigned act_help(vt_ctx *ctx)
{
	vt_view *top = vt_ctx_top(ctx);
	if (top && strcmp(top->ops->name, "help") == 0)
		return VT_REACT_POP;
	return vt_ctx_push(ctx, vt_view_help_new(ctx));
}

static unsigned act_pause(vt_ctx *ctx)
{
	ctx->paused = !ctx->paused;
	return VT_REACT_REDRAW | (ctx->paused ? 0 : VT_REACT_RESCAN);
}

static unsigned act_redraw(vt_ctx *ctx)
{
	(void)ctx;
	return VT_REACT_RELAYOUT | VT_REACT_RESCAN;
}

static unsigned delay_done(vt_ctx *ctx, const char *text, bool accepted)
{
	double d;
	if (!accepted || !text[0])
		return VT_REACT_REDRAW;
	if (vt_parse_double(text, 0.05, 86400, &d) < 0) {
		vt_ctx_message(ctx, "delay: '%s' is not a number of seconds from 0.05 to 86400", text);
		return VT_REACT_REDRAW;
	}
	ctx->delay = d;
	return VT_REACT_REDRAW | VT_REACT_RESCAN;
}

static unsigned act_delay(vt_ctx *ctx)
{
	char cur[32];
	snprintf(cur, sizeof(cur), "%g", ctx->delay);
	return vt_prompt_begin(ctx, "Delay (seconds):", cur, NULL, delay_done);
}

/* A user name or uid; -1 when unknown.  Reentrant: the scan thread's
 * libproc2 uses getpwuid() meanwhile. */
static int lookup_user(const char *text, uid_t *uid)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[4096];
	long v;
	if (getpwnam_r(text, &pwbuf, buf, sizeof(buf), &pw) == 0 && pw) {
		*uid = pw->pw_uid;
		return 0;
	}
	if (vt_parse_long(text, 0, INT_MAX, &v) < 0)
		return -1;
	*uid = (uid_t)v;
	return 0;
}

static unsigned user_done(vt_ctx *ctx, const char *text, bool accepted)
{
	uid_t uid;
	if (!accepted)
		return VT_REACT_REDRAW;
	if (!text[0]) {
		ctx->filter.by_uid = false;
		ctx->user[0] = '\0';
		return VT_REACT_REDRAW | VT_REACT_RESCAN;
	}
	if (lookup_user(text, &uid) < 0) {
		vt_ctx_message(ctx, "user: unknown user '%s'", text);
		return VT_REACT_REDRAW;
	}
	ctx->filter.by_uid = true;
	ctx->filter.uid = uid;
	snprintf(ctx->user, sizeof(ctx->user), "%s", text);
	return VT_REACT_REDRAW | VT_REACT_RESCAN;
}

static unsigned act_user(vt_ctx *ctx)
{
	return vt_prompt_begin(ctx, "User (empty: all):", ctx->user, NULL, user_done);
}

static unsigned act_kthreads(vt_ctx *ctx)
{
	ctx->filter.show_kthreads = !ctx->filter.show_kthreads;
	vt_ctx_message(ctx, "kernel threads %s", ctx->filter.show_kthreads ? "shown" : "hidden");
	return VT_REACT_REDRAW | VT_REACT_RESCAN;
}

static unsigned act_kill(vt_ctx *ctx)
{
	const vt_proc *p = vt_ctx_selected(ctx);
	if (vt_ctx_replaying(ctx) || (p && (p->flags & VT_PROC_EXITED))) {
		vt_ctx_message(ctx, "a recorded or exited process cannot be signalled");
		return VT_REACT_REDRAW;
	}
	if (!p && ctx->ntags == 0) {
		vt_ctx_message(ctx, "no process selected");
		return VT_REACT_REDRAW;
	}
	return vt_ctx_push(ctx, vt_view_kill_new(ctx, p));
}

/* a: the advisor view; a again (or Esc) goes back. */
static unsigned act_advise(vt_ctx *ctx)
{
	vt_view *top = vt_ctx_top(ctx);
	if (top && strcmp(top->ops->name, "advise") == 0)
		return VT_REACT_POP;
	return vt_ctx_push(ctx, vt_view_advise_new(ctx));
}

/* e: the events view; e again (or Esc) goes back. */
static unsigned act_events(vt_ctx *ctx)
{
	vt_view *top = vt_ctx_top(ctx);
	if (top && strcmp(top->ops->name, "events") == 0)
		return VT_REACT_POP;
	return vt_ctx_push(ctx, vt_view_events_new(ctx));
}

static const vt_global_fn globals[VT_ACT__COUNT] = {
	[VT_ACT_QUIT]     = act_quit,
	[VT_ACT_BACK]     = act_back,
	[VT_ACT_HELP]     = act_help,
	[VT_ACT_PAUSE]    = act_pause,
	[VT_ACT_REDRAW]   = act_redraw,
	[VT_ACT_DELAY]    = act_delay,
	[VT_ACT_USER]     = act_user,
	[VT_ACT_KTHREADS] = act_kthreads,
	[VT_ACT_KILL]     = act_kill,
	[VT_ACT_ADVISE]   = act_advise,
	[VT_ACT_EVENTS]   = act_events,
};

unsigned vt_global_key(vt_ctx *ctx, int key)
{
	vt_action a = vt_key_action(key);
	if (a >= VT_ACT_REPLAY_PREV && a <= VT_ACT_EXITED)
		return vt_replay_key(ctx, (int)a) & ~VT_REACT_UNHANDLED;
	if (a != VT_ACT_NONE && globals[a])
		return globals[a](ctx);
	if (key == KEY_MOUSE || key == ERR)
		return VT_REACT_NONE;
	/* a key no view binds: a short hint instead of silence */
	const char *name = keyname(key);
	vt_ctx_message(ctx, "%s%s%sdoes nothing here: F1 for help", name ? "key " : "",
		       name ? name : "", name ? " " : "");
	return VT_REACT_REDRAW;
}
