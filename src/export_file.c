/* Machine output to a file, atomically: node_exporter's textfile collector
 * (or any reader) sees the old file or the new one, never half of one.
 *
 * The temp file is ".NAME.XXXXXX" in FILE's directory (rename is atomic only
 * within one file system), hidden and without the ".prom" ending so the
 * textfile collector never reads it; its mode is 0666 minus the umask, like
 * any new file, so an unprivileged exporter can read what root wrote. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmatop/export.h"

int vt_write_machine(FILE *f, const vt_snapshot *s, vt_format format, long top)
{
	if (format == VT_FORMAT_OPENMETRICS)
		return vt_write_openmetrics(f, s, top);
	return vt_write_json(f, s, top);
}

static int file_fail(char **cause, const char *path, const char *what, int err)
{
	if (asprintf(cause, "--output %s: %s: %s", path, what, strerror(err)) < 0)
		*cause = NULL;
	errno = err;
	return -1;
}

/* "DIR/.NAME.XXXXXX" for "DIR/NAME" (or ".NAME.XXXXXX" without a slash). */
static char *file_temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	char *tmp = NULL;
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", dirlen, path, path + dirlen) < 0)
		return NULL;
	return tmp;
}

static mode_t file_mode(void)
{
	mode_t mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

/* Fill, flush, fsync and close; the stream is closed either way. 0 or errno. */
static int file_fill(FILE *f, vt_fill_fn fill, void *arg)
{
	int err = 0;
	errno = 0;
	if (fill(f, arg) < 0 || fflush(f) == EOF || fsync(fileno(f)) < 0)
		err = errno ? errno : EIO;
	if (fclose(f) == EOF && !err)
		err = errno ? errno : EIO;
	return err;
}

int vt_atomic_write(const char *path, vt_fill_fn fill, void *arg, const char **what)
{
	char *tmp = file_temp_name(path);
	*what = "out of memory";
	if (!tmp)
		return ENOMEM;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int err = errno;
		free(tmp);
		*what = "cannot create a temporary file beside it";
		return err;
	}
	FILE *f = NULL;
	int err = fchmod(fd, file_mode()) < 0 ? errno : 0;
	if (!err && !(f = fdopen(fd, "w")))
		err = errno;
	if (!f)
		close(fd);
	if (!err)
		err = file_fill(f, fill, arg);
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	*what = "cannot write it";
	return err;
}

struct machine_arg {
	const vt_snapshot *s;
	vt_format format;
	long top;
};

static int fill_machine(FILE *f, void *arg)
{
	const struct machine_arg *m = arg;
	return vt_write_machine(f, m->s, m->format, m->top);
}

int vt_write_atomic(const char *path, const vt_snapshot *s, vt_format format, long top,
		    char **cause)
{
	struct machine_arg m = { s, format, top };
	const char *what;
	*cause = NULL;
	int err = vt_atomic_write(path, fill_machine, &m, &what);
	return err ? file_fail(cause, path, what, err) : 0;
}
