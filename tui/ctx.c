/* The shared context's helpers: selection, messages, display filter. */
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
