/* vmatop core: the settings file, $XDG_CONFIG_HOME/vmatop/vmatoprc
 * (~/.config/vmatop/vmatoprc), like htop's htoprc.
 *
 * One "name=value" per line; '#' starts a comment line; blank lines are
 * ignored.  A bad line (unknown name, bad value, no '=') is reported through
 * the warning callback with its line number and ignored: it never stops the
 * program.  The parser is pure (a buffer in, settings out) and fuzzed. */
#ifndef VMATOP_CONFIG_H
#define VMATOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "vmatop/columns.h"
#include "vmatop/sort.h"

typedef enum vt_scheme {
	VT_SCHEME_DEFAULT,      /* colours when the terminal has them */
	VT_SCHEME_MONO,         /* bold/underline/reverse only, as with -C */
	VT_SCHEME__COUNT
} vt_scheme;

typedef struct vt_config {
	vt_col_set colset;      /* columns=pid,user,... */
	vt_sort_key sort;       /* sort=vmas */
	bool invert;            /* invert=0|1 */
	double delay;           /* delay=1.5 (seconds) */
	double warn, crit;      /* warn=50 crit=80 (percent: colours, markers, meter) */
	bool kernel_threads;    /* kernel_threads=0|1 */
	bool other_users;       /* other_users=1|0 (0: only the processes of the user running vmatop) */
	vt_scheme scheme;       /* color_scheme=default|mono */
} vt_config;

/* The defaults (the same as without a file). */
void vt_config_defaults(vt_config *c);
/* Called for each bad line: line number (1-based) and a one-line reason. */
typedef void (*vt_config_warn_fn)(void *arg, int line, const char *reason);
/* Parse len bytes (NULs and any bytes allowed) over c; bad lines go to warn
 * (may be NULL).  Returns the number of bad lines. */
int vt_config_parse(vt_config *c, const char *buf, size_t len, vt_config_warn_fn warn, void *arg);
/* The file's text for c, malloc'd (NULL on ENOMEM). */
char *vt_config_format(const vt_config *c);
/* The path: $XDG_CONFIG_HOME/vmatop/vmatoprc, else $HOME/.config/vmatop/vmatoprc;
 * NULL when neither is set (malloc'd). */
char *vt_config_path(void);
/* Read path over c (a missing file is no error: 0).  Bad lines go to warn;
 * -1 with *cause when the file exists but cannot be read (or is not a
 * regular file, or is larger than 64 KiB). */
int vt_config_load(vt_config *c, const char *path, vt_config_warn_fn warn, void *arg,
		   char **cause);
/* Write c to path atomically (the directory is created, a temp file in it is
 * renamed over the file); a path that exists and is not a regular file is
 * never replaced.  0, or -1 with *cause. */
int vt_config_save(const vt_config *c, const char *path, char **cause);

#endif
