/* The sanitizing draw layer: every string reaches the screen through here. */
#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "vmatop/columns.h"
#include "vmatop/sanitize.h"

#define REPL_UTF8 "\xEF\xBF\xBD"
#define FIT_MAX 4096

/* Width of the character at s (len bytes, already valid UTF-8), -1 unprintable. */
static int char_width(const char *s, size_t len, size_t *used)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof(st));
	size_t r = mbrtowc(&wc, s, len, &st);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*used = 1;
		return -1;
	}
	*used = r;
	return wcwidth(wc);
}

/* Append one character (or its replacement) if it fits in maxcols. 0 when full. */
static int fit_append(char *dst, size_t dstsz, size_t *o, int *cols, int maxcols,
		      const char *ch, size_t chlen, int w)
{
	if (*cols + w > maxcols || *o + chlen + 1 > dstsz)
		return 0;
	memcpy(dst + *o, ch, chlen);
	*o += chlen;
	*cols += w;
	return 1;
}

/* Walk sanitized UTF-8 text, keeping whole characters within maxcols. */
static size_t fit_utf8(char *dst, size_t dstsz, const char *s, int maxcols, int *cols)
{
	size_t o = 0, i = 0, n = strlen(s);
	*cols = 0;
	while (i < n) {
		size_t used;
		int w = char_width(s + i, n - i, &used);
		int ok = w < 0 ? fit_append(dst, dstsz, &o, cols, maxcols, REPL_UTF8, 3, 1)
			       : fit_append(dst, dstsz, &o, cols, maxcols, s + i, used, w);
		if (!ok)
			break;
		i += used;
	}
	dst[o] = '\0';
	return o;
}

size_t vt_draw_fit(char *dst, size_t dstsz, const char *src, size_t n, int maxcols,
		   bool utf8, int *cols)
{
	char clean[FIT_MAX];
	int used = 0;
	size_t o;
	if (dstsz == 0)
		return 0;
	if (maxcols < 0)
		maxcols = 0;
	/* A column holds at most a few bytes: never sanitize more than needed. */
	vt_sanitize(clean, sizeof(clean), src, n, utf8 ? 0u : VT_SAN_ASCII);
	if (utf8) {
		o = fit_utf8(dst, dstsz, clean, maxcols, &used);
	} else {
		o = strlen(clean);
		if (o > (size_t)maxcols)
			o = (size_t)maxcols;
		if (o + 1 > dstsz)
			o = dstsz - 1;
		memcpy(dst, clean, o);
		dst[o] = '\0';
		used = (int)o;
	}
	if (cols)
		*cols = used;
	return o;
}

vt_role vt_draw_role_for_percent(double pct)
{
	return vt_draw_role_between(pct, VT_PCT_WARN, VT_PCT_CRIT);
}

vt_role vt_draw_role_between(double pct, double warn, double crit)
{
	if (isnan(pct))
		return VT_ROLE_DIM;
	if (pct > VT_PCT_OVER)
		return VT_ROLE_OVER;
	if (pct >= crit)
		return VT_ROLE_CRIT;
	if (pct >= warn)
		return VT_ROLE_WARN;
	return VT_ROLE_NORMAL;
}

vt_role vt_draw_bar_role(const vt_ctx *ctx, double pct)
{
	static const vt_role bar[VT_ROLE__COUNT] = {
		[VT_ROLE_WARN] = VT_ROLE_BAR_WARN, [VT_ROLE_CRIT] = VT_ROLE_BAR_CRIT,
		[VT_ROLE_OVER] = VT_ROLE_BAR_OVER,
	};
	vt_role r = bar[vt_draw_role_for(ctx, pct)];
	return r ? r : VT_ROLE_BAR;
}

vt_role vt_draw_role_for(const vt_ctx *ctx, double pct)
{
	return vt_draw_role_between(pct, ctx->warn, ctx->crit);
}

char vt_draw_marker_for_percent(double pct)
{
	return vt_column_marker(pct, VT_PCT_WARN, VT_PCT_CRIT);
}

char vt_draw_sticky_mark(unsigned flags, double pct)
{
	return vt_column_sticky(flags, pct, VT_PCT_CRIT);
}

/* Clip (y, x, w) to the screen; 0 when nothing is visible. */
static int clip(const vt_ctx *ctx, int y, int x, int *w)
{
	if (y < 0 || y >= ctx->rows || x < 0 || x >= ctx->cols || *w <= 0)
		return 0;
	if (*w > ctx->cols - x)
		*w = ctx->cols - x;
	return 1;
}

int vt_draw_attr(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *s)
{
	char buf[FIT_MAX];
	int cols = 0;
	if (!clip(ctx, y, x, &w))
		return 0;
	vt_draw_fit(buf, sizeof(buf), s, strlen(s), w, ctx->utf8, &cols);
	attrset((attr_t)attr);
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
	return cols;
}

int vt_draw(const vt_ctx *ctx, int y, int x, int w, vt_role role, const char *s)
{
	return vt_draw_attr(ctx, y, x, w, ctx->attrs[role], s);
}

void vt_draw_fill(const vt_ctx *ctx, int y, int x, int w, unsigned attr)
{
	if (!clip(ctx, y, x, &w))
		return;
	attrset((attr_t)attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void vt_draw_pad(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *s,
		 bool right)
{
	char buf[FIT_MAX];
	int cols = 0;
	if (!clip(ctx, y, x, &w))
		return;
	vt_draw_fit(buf, sizeof(buf), s, strlen(s), w, ctx->utf8, &cols);
	vt_draw_fill(ctx, y, x, w, attr);
	attrset((attr_t)attr);
	mvaddstr(y, right ? x + w - cols : x, buf);
	attrset(A_NORMAL);
}

int vt_draw_fmt(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return vt_draw_attr(ctx, y, x, w, attr, buf);
}

void vt_draw_bar(const vt_ctx *ctx, int y, int x, int w, double pct)
{
	char label[32];
	int inner = w - 2;
	if (inner < 1)
		return;
	if (isnan(pct))
		snprintf(label, sizeof(label), "?");
	else
		snprintf(label, sizeof(label), "%.1f%%%c", pct, vt_draw_marker_for_percent(pct));
	int filled = isnan(pct) ? 0 : (int)lround(fmin(pct, 100.0) / 100.0 * inner);
	unsigned fill_attr = ctx->attrs[vt_draw_bar_role(ctx, pct)];
	vt_draw_attr(ctx, y, x, 1, ctx->attrs[VT_ROLE_LABEL], "[");
	for (int i = 0; i < inner; i++)
		vt_draw_attr(ctx, y, x + 1 + i, 1, i < filled ? fill_attr : ctx->attrs[VT_ROLE_NORMAL],
			     i < filled ? "|" : " ");
	int lw = (int)strlen(label);
	if (lw <= inner)
		vt_draw_attr(ctx, y, x + 1 + inner - lw, lw, ctx->attrs[VT_ROLE_VALUE], label);
	vt_draw_attr(ctx, y, x + w - 1, 1, ctx->attrs[VT_ROLE_LABEL], "]");
}
