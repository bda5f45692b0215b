/* The one-line prompt in the bar line: search, filter, user, delay. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "view.h"

unsigned vt_prompt_begin(vt_ctx *ctx, const char *label, const char *initial,
			 vt_prompt_fn on_change, vt_prompt_fn on_done)
{
	vt_prompt *p = &ctx->prompt;
	memset(p, 0, sizeof(*p));
	p->active = true;
	snprintf(p->label, sizeof(p->label), "%s", label);
	snprintf(p->text, sizeof(p->text), "%s", initial ? initial : "");
	p->len = strlen(p->text);
	p->on_change = on_change;
	p->on_done = on_done;
	curs_set(1);
	return VT_REACT_REDRAW;
}

static unsigned prompt_end(vt_ctx *ctx, bool accepted)
{
	vt_prompt *p = &ctx->prompt;
	unsigned r = VT_REACT_REDRAW;
	p->active = false;
	curs_set(0);
	if (p->on_done)
		r |= p->on_done(ctx, p->text, accepted);
	return r;
}

static unsigned prompt_changed(vt_ctx *ctx)
{
	vt_prompt *p = &ctx->prompt;
	unsigned r = VT_REACT_REDRAW;
	if (p->on_change)
		r |= p->on_change(ctx, p->text, true);
	return r;
}

/* Remove the last character (a whole UTF-8 sequence). */
static void prompt_erase(vt_prompt *p)
{
	while (p->len > 0) {
		unsigned char c = (unsigned char)p->text[--p->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	p->text[p->len] = '\0';
}

unsigned vt_prompt_key(vt_ctx *ctx, int key)
{
	vt_prompt *p = &ctx->prompt;
	switch (key) {
	case '\n': case '\r': case KEY_ENTER:
		return prompt_end(ctx, true);
	case 27: case 3: case 7:           /* Esc, Ctrl-C, Ctrl-G */
		return prompt_end(ctx, false);
	case KEY_BACKSPACE: case 127: case 8:
		prompt_erase(p);
		return prompt_changed(ctx);
	case 21:                           /* Ctrl-U */
		p->len = 0;
		p->text[0] = '\0';
		return prompt_changed(ctx);
	default:
		break;
	}
	/* Printable bytes (UTF-8 continuation bytes included); keys are ignored. */
	if (key < 0x20 || key > 0xff || key == 0x7f || p->len + 1 >= sizeof(p->text))
		return VT_REACT_NONE;
	p->text[p->len++] = (char)key;
	p->text[p->len] = '\0';
	return prompt_changed(ctx);
}

void vt_prompt_draw(vt_ctx *ctx, int y)
{
	vt_prompt *p = &ctx->prompt;
	unsigned a = ctx->attrs[VT_ROLE_PROMPT];
	vt_draw_fill(ctx, y, 0, ctx->cols, a);
	int x = vt_draw_attr(ctx, y, 0, ctx->cols, a | A_BOLD, p->label);
	x += vt_draw_attr(ctx, y, x, ctx->cols - x, a, " ");
	x += vt_draw_attr(ctx, y, x, ctx->cols - x - 1, a, p->text);
	if (x < ctx->cols)
		move(y, x);
}
