/* The one sanitizing layer: untrusted bytes -> printable, valid UTF-8 (or ASCII). */
#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmatop/sanitize.h"

#define REPL_UTF8 "\xEF\xBF\xBD"

/* Decode one strict UTF-8 sequence (no overlongs, surrogates or > U+10FFFF).
 * Returns its length, or 0 when the byte at s does not start a valid one. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Zero-width, format (Cf), filler and tag characters: a name holding them
 * looks like another name (spoofing), so they are shown as replacements. */
static const uint32_t invisible_ranges[][2] = {
	{ 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x0600, 0x0605 }, { 0x06DD, 0x06DD },
	{ 0x070F, 0x070F }, { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F },
	{ 0x200B, 0x200F }, { 0x2060, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F },
	{ 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF9, 0xFFFB }, { 0x110BD, 0x110BD },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
};

static int cp_is_invisible(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(invisible_ranges) / sizeof(invisible_ranges[0]); i++)
		if (cp >= invisible_ranges[i][0] && cp <= invisible_ranges[i][1])
			return 1;
	return 0;
}

/* Characters that must not reach a terminal raw: controls and the invisible
 * formatting/bidi controls that can reorder or hide what is displayed. */
static int cp_is_unsafe(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return 1;
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029)
		return 1;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	return cp_is_invisible(cp);
}

size_t vt_sanitize(char *dst, size_t dstsz, const char *src, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0, i = 0;
	bool ascii = flags & VT_SAN_ASCII;
	if (dstsz == 0)
		return 0;
	while (i < n) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);
		const char *out;
		size_t outlen;
		bool keep = len > 0 && !cp_is_unsafe(cp) && (!ascii || cp < 0x80);
		if ((flags & VT_SAN_KEEP_NL) && len == 1 && cp == '\n')
			keep = true;
		if (keep) {
			out = (const char *)s + i;
			outlen = len;
		} else {
			out = ascii ? "?" : REPL_UTF8;
			outlen = ascii ? 1 : 3;
		}
		if (o + outlen + 1 > dstsz)
			break;
		memcpy(dst + o, out, outlen);
		o += outlen;
		i += len ? len : 1;
	}
	dst[o] = '\0';
	return o;
}

char *vt_sanitize_dup(const char *src, size_t n, unsigned flags)
{
	size_t cap = n * 3 + 1;      /* worst case: every byte -> U+FFFD */
	char *d = malloc(cap);
	if (d)
		vt_sanitize(d, cap, src, n, flags);
	return d;
}

bool vt_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}
