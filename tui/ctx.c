/* The shared context's helpers: selection, messages, display filter, saving
 * the settings. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

unsigned vt_ctx_push(vt_ctx *ctx, vt_view *v)
{
	if (!v)
		return VT_REACT_NONE;
	ctx->push = v;
	return VT_REACT_PUSH | VT_REACT_REDRAW;
}

const vt_proc *vt_ctx_selected(const vt_ctx *ctx)
{
	const vt_proc *p;
	if (ctx->sel_pid <= 0)
		return NULL;
	p = vt_snapshot_find(&ctx->snap, ctx->sel_pid);
	if (!p || (ctx->sel_start && p->start_time != ctx->sel_start))
		return NULL;
	return p;
}

void vt_ctx_select(vt_ctx *ctx, const vt_proc *p)
{
	ctx->sel_pid = p ? p->pid : 0;
	ctx->sel_start = p ? p->start_time : 0;
}

void vt_ctx_message(vt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->message, sizeof(ctx->message), fmt, ap);
	va_end(ap);
}

bool vt_ctx_visible(const vt_ctx *ctx, const vt_proc *p)
{
	if (ctx->cgroup_filter[0] && !vt_cgroup_match(&p->cg, ctx->cgroup_filter))
		return false;
	if (!ctx->cmd_filter[0])
		return true;
	return strcasestr(p->comm, ctx->cmd_filter) || strcasestr(p->cmdline, ctx->cmd_filter);
}

vt_view *vt_view_new(const struct vt_view_ops *ops, void *priv)
{
	vt_view *v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->ops = ops;
	v->priv = priv;
	return v;
}

void vt_view_free(vt_view *v)
{
	if (!v)
		return;
	if (v->ops->destroy)
		v->ops->destroy(v);
	free(v);
}

static int tag_index(const vt_ctx *ctx, pid_t pid, unsigned long long start)
{
	for (int i = 0; i < ctx->ntags; i++)
		if (ctx->tags[i].pid == pid && ctx->tags[i].start_time == start)
			return i;
	return -1;
}

bool vt_ctx_tagged(const vt_ctx *ctx, const vt_proc *p)
{
	return tag_index(ctx, p->pid, p->start_time) >= 0;
}

bool vt_ctx_tag(vt_ctx *ctx, const vt_proc *p, bool on)
{
	int i = tag_index(ctx, p->pid, p->start_time);
	if (!on) {
		if (i >= 0)
			ctx->tags[i] = ctx->tags[--ctx->ntags];
		return true;
	}
	if (i >= 0)
		return true;
	if (ctx->ntags >= VT_TAGS_MAX)
		return false;
	vt_tag *t = &ctx->tags[ctx->ntags++];
	t->pid = p->pid;
	t->start_time = p->start_time;
	snprintf(t->comm, sizeof(t->comm), "%s", p->comm);
	return true;
}

void vt_ctx_prune_tags(vt_ctx *ctx)
{
	for (int i = 0; i < ctx->ntags;) {
		const vt_proc *p = vt_snapshot_find(&ctx->snap, ctx->tags[i].pid);
		if (p && p->start_time == ctx->tags[i].start_time)
			i++;
		else
			ctx->tags[i] = ctx->tags[--ctx->ntags];
	}
}

/* The settings the screen changed, back into vmatoprc (Setup, quit). */
void vt_ctx_save_config(vt_ctx *ctx)
{
	char *cause = NULL;
	vt_config *c = &ctx->config;
	c->colset = ctx->colset;
	c->sort = ctx->sort;
	c->invert = ctx->invert;
	c->delay = ctx->delay;
	c->warn = ctx->warn;
	c->crit = ctx->crit;
	c->kernel_threads = ctx->filter.show_kthreads;
	if (ctx->config_path && vt_config_save(c, ctx->config_path, &cause) < 0) {
		vt_ctx_message(ctx, "settings not saved: %s", cause ? cause : ctx->config_path);
		free(cause);
	}
}
