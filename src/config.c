/* The settings file (vmatoprc): parse, format, load, save atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmatop/config.h"
#include "vmatop/export.h"
#include "vmatop/options.h"

#define CONFIG_MAX (64 * 1024)

void vt_config_defaults(vt_config *c)
{
	memset(c, 0, sizeof(*c));
	vt_col_set_default(&c->colset);
	c->sort = VT_COL_VMAS;
	c->delay = 1.5;
	c->warn = 50;
	c->crit = 80;
	c->other_users = true;
	c->scheme = VT_SCHEME_DEFAULT;
}

static const char *const scheme_names[VT_SCHEME__COUNT] = {
	[VT_SCHEME_DEFAULT] = "default", [VT_SCHEME_MONO] = "mono",
};

static int parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

/* One "name=value" (both trimmed, NUL-free): NULL, or why it is bad. */
static const char *apply(vt_config *c, const char *name, const char *value)
{
	double d;
	int k;
	if (strcmp(name, "columns") == 0) {
		const char *bad;
		size_t badlen;
		vt_col_set s;
		if (vt_col_set_parse(&s, value, &bad, &badlen) < 0 || s.n == 0)
			return "columns: not a list of known column names (each once)";
		c->colset = s;
	} else if (strcmp(name, "sort") == 0) {
		if ((k = vt_sort_lookup(value)) < 0)
			return "sort: not a sort key";
		c->sort = (vt_sort_key)k;
	} else if (strcmp(name, "invert") == 0) {
		if (parse_bool(value, &c->invert) < 0)
			return "invert: not 0 or 1";
	} else if (strcmp(name, "delay") == 0) {
		if (vt_parse_double(value, 0.05, 86400, &d) < 0)
			return "delay: not a number of seconds from 0.05 to 86400";
		c->delay = d;
	} else if (strcmp(name, "warn") == 0 || strcmp(name, "crit") == 0) {
		if (vt_parse_double(value, 1, 100, &d) < 0)
			return "warn/crit: not a percent from 1 to 100";
		*(name[0] == 'w' ? &c->warn : &c->crit) = d;
	} else if (strcmp(name, "kernel_threads") == 0) {
		if (parse_bool(value, &c->kernel_threads) < 0)
			return "kernel_threads: not 0 or 1";
	} else if (strcmp(name, "other_users") == 0) {
		if (parse_bool(value, &c->other_users) < 0)
			return "other_users: not 0 or 1";
	} else if (strcmp(name, "color_scheme") == 0) {
		for (k = 0; k < VT_SCHEME__COUNT; k++)
			if (strcmp(value, scheme_names[k]) == 0)
				break;
		if (k == VT_SCHEME__COUNT)
			return "color_scheme: not default or mono";
		c->scheme = (vt_scheme)k;
	} else {
		return "unknown setting";
	}
	return NULL;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* One line (len bytes, no '\n'): NULL when fine or ignorable, else why not. */
static const char *parse_line(vt_config *c, const char *p, size_t len)
{
	char line[1024];
	if (memchr(p, '\0', len))
		return "a NUL byte in the line";
	if (len >= sizeof(line))
		return "line too long";
	memcpy(line, p, len);
	line[len] = '\0';
	char *s = trim(line);
	if (!*s || *s == '#')
		return NULL;
	char *eq = strchr(s, '=');
	if (!eq)
		return "not name=value";
	*eq = '\0';
	return apply(c, trim(s), trim(eq + 1));
}

int vt_config_parse(vt_config *c, const char *buf, size_t len, vt_config_warn_fn warn, void *arg)
{
	int bad = 0, line = 0;
	size_t o = 0;
	while (o < len) {
		const char *nl = memchr(buf + o, '\n', len - o);
		size_t n = nl ? (size_t)(nl - (buf + o)) : len - o;
		line++;
		const char *why = parse_line(c, buf + o, n);
		if (why) {
			bad++;
			if (warn)
				warn(arg, line, why);
		}
		o += n + (nl ? 1 : 0);
	}
	/* crit below warn would make one threshold unreachable */
	if (c->crit < c->warn) {
		double t = c->crit;
		c->crit = c->warn;
		c->warn = t;
	}
	return bad;
}

char *vt_config_format(const vt_config *c)
{
	char cols[256], *out = NULL;
	const vt_sort_info *si = vt_sort_info_get(c->sort);
	if (vt_col_set_format(&c->colset, cols, sizeof(cols)) < 0)
		cols[0] = '\0';
	if (asprintf(&out,
		     "# vmatop settings, written by vmatop (F2 Setup); command-line options override them.\n"
		     "columns=%s\nsort=%s\ninvert=%d\ndelay=%g\nwarn=%g\ncrit=%g\n"
		     "kernel_threads=%d\nother_users=%d\ncolor_scheme=%s\n",
		     cols, si ? si->name : "vmas", c->invert, c->delay, c->warn, c->crit,
		     c->kernel_threads, c->other_users, scheme_names[c->scheme]) < 0)
		return NULL;
	return out;
}

char *vt_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *p = NULL;
	int r;
	if (xdg && xdg[0] == '/')
		r = asprintf(&p, "%s/vmatop/vmatoprc", xdg);
	else if (home && home[0])
		r = asprintf(&p, "%s/.config/vmatop/vmatoprc", home);
	else
		return NULL;
	return r < 0 ? NULL : p;
}

static int fail(char **cause, const char *path, const char *what, int err)
{
	if (asprintf(cause, "%s: %s%s%s", path, what, err ? ": " : "", err ? strerror(err) : "") < 0)
		*cause = NULL;
	return -1;
}

int vt_config_load(vt_config *c, const char *path, vt_config_warn_fn warn, void *arg,
		   char **cause)
{
	struct stat st;
	char *buf;
	*cause = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail(cause, path, "cannot open it", errno);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX) {
		close(fd);
		return fail(cause, path, "not a regular file of at most 64 KiB", 0);
	}
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return fail(cause, path, "out of memory", ENOMEM);
	}
	ssize_t n = read(fd, buf, (size_t)st.st_size);
	int err = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		return fail(cause, path, "cannot read it", err);
	}
	vt_config_parse(c, buf, (size_t)n, warn, arg);
	free(buf);
	return 0;
}

static int fill_text(FILE *f, void *arg)
{
	return fputs(arg, f) == EOF ? -1 : 0;
}

/* mkdir -p of path's directory (mode 0700 for what is created). */
static int make_dirs(const char *path)
{
	char *d = strdup(path);
	if (!d)
		return ENOMEM;
	for (char *s = strchr(d + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(d, 0700) < 0 && errno != EEXIST) {
			int err = errno;
			free(d);
			return err;
		}
		*s = '/';
	}
	free(d);
	return 0;
}

int vt_config_save(const vt_config *c, const char *path, char **cause)
{
	struct stat st;
	const char *what = "cannot create its directory";
	*cause = NULL;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return fail(cause, path, "exists and is not a regular file: not replaced", 0);
	char *text = vt_config_format(c);
	if (!text)
		return fail(cause, path, "out of memory", ENOMEM);
	int err = make_dirs(path);
	if (!err)
		err = vt_atomic_write(path, fill_text, text, &what);
	free(text);
	return err ? fail(cause, path, what, err) : 0;
}
