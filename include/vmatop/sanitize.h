/* vmatop core: the one place that turns untrusted bytes into displayable text.
 *
 * Process names, command lines, user names and map paths are attacker-
 * controlled.  Every writer (terminal, text, JSON) passes them through here:
 * control characters (C0, DEL, C1), bidi/format controls and invalid UTF-8
 * become U+FFFD (or '?' in ASCII mode).
 */
#ifndef VMATOP_SANITIZE_H
#define VMATOP_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#define VT_SAN_ASCII 0x1u   /* output printable ASCII only ('?' replacements) */
#define VT_SAN_KEEP_NL 0x2u /* reserved: keep '\n' (never used for terminals) */

/* Sanitize n bytes of src into dst (always NUL-terminated when dstsz > 0),
 * truncating on a character boundary.  Returns the bytes written. */
size_t vt_sanitize(char *dst, size_t dstsz, const char *src, size_t n, unsigned flags);
/* Same, into a new string (NULL on ENOMEM). */
char *vt_sanitize_dup(const char *src, size_t n, unsigned flags);
/* Whether the current locale's charset is UTF-8 (after setlocale). */
bool vt_locale_is_utf8(void);

#endif
