/* Machine output to a file, atomically: node_exporter's textfile collector
 * (or any reader) sees the old file or the new one, never half of one.
 *
 * The temp file is ".NAME.XXXXXX" in FILE's directory (rename is atomic only
 * within one file system), hidden and without the ".prom" ending so the
 * textfile collector never reads it; its mode is 0666 minus the umask, like
 * any new file, so an unprivileged exporter can read what root wrote.
 *
 * Only a regular file (or a missing path) is replaced that way: a device,
 * FIFO or socket is written into directly.  SIGTERM, SIGINT and SIGHUP
 * while a temp file exists remove it before the process ends. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

/* The temp file being written, for the signal handler: its path is prepared
 * before the file exists, and the handler only unlinks it (async-signal-safe)
 * and ends the process the way the signal would have. */
static char file_tmp_path[PATH_MAX];
static volatile sig_atomic_t file_tmp_live;
static const int file_signals[] = { SIGTERM, SIGINT, SIGHUP };
#define FILE_NSIGNALS (sizeof(file_signals) / sizeof(file_signals[0]))
static struct sigaction file_old[FILE_NSIGNALS];

static void file_on_signal(int sig)
{
	if (file_tmp_live)
		unlink(file_tmp_path);
	file_tmp_live = 0;
	for (size_t i = 0; i < FILE_NSIGNALS; i++) {
		if (file_signals[i] != sig)
			continue;
		if (file_old[i].sa_handler != SIG_DFL && file_old[i].sa_handler != SIG_IGN &&
		    !(file_old[i].sa_flags & SA_SIGINFO)) {
			file_old[i].sa_handler(sig);
			return;
		}
		if (file_old[i].sa_handler == SIG_IGN)
			return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void file_signals_block(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < FILE_NSIGNALS; i++)
		sigaddset(&set, file_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Create the temp file with the ending signals held, so no signal finds a
 * file the handler does not know of.  fd, or -1 with errno. */
static int file_temp_create(const char *tmp)
{
	struct sigaction sa = { .sa_handler = file_on_signal };
	sigset_t old;
	if (strlen(tmp) >= sizeof(file_tmp_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sigemptyset(&sa.sa_mask);
	file_signals_block(&old);
	for (size_t i = 0; i < FILE_NSIGNALS; i++)
		sigaction(file_signals[i], &sa, &file_old[i]);
	memcpy(file_tmp_path, tmp, strlen(tmp) + 1);
	int fd = mkstemp(file_tmp_path);
	int err = errno;
	file_tmp_live = fd >= 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return fd;
}

/* The temp file is renamed or removed: the old handlers again. */
static void file_temp_done(void)
{
	sigset_t old;
	file_signals_block(&old);
	file_tmp_live = 0;
	for (size_t i = 0; i < FILE_NSIGNALS; i++)
		sigaction(file_signals[i], &file_old[i], NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Not a regular file (a character device such as /dev/null, a FIFO, a
 * socket): written into directly, never replaced.  A FIFO without a reader
 * is an error, not a hang. */
static int file_open_special(const char *path, const struct stat *st, int *err)
{
	if (S_ISSOCK(st->st_mode)) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		if (strlen(path) >= sizeof(sun.sun_path)) {
			*err = ENAMETOOLONG;
			return -1;
		}
		strcpy(sun.sun_path, path);
		for (int type = SOCK_STREAM; ; type = SOCK_DGRAM) {
			int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
			if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
				return fd;
			*err = errno;
			if (fd >= 0)
				close(fd);
			if (type == SOCK_DGRAM || *err != EPROTOTYPE)
				return -1;
		}
	}
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

static int file_write_special(const char *path, const struct stat *st, vt_fill_fn fill,
			      void *arg, const char **what)
{
	int err = 0;
	int fd = file_open_special(path, st, &err);
	if (fd < 0) {
		*what = err == ENXIO ? "no process reads this FIFO" : "cannot open it";
		return err;
	}
	*what = "cannot write it";
	FILE *f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		return err;
	}
	errno = 0;
	if (fill(f, arg) < 0 || fflush(f) == EOF)
		err = errno ? errno : EIO;
	if (fclose(f) == EOF && !err)
		err = errno ? errno : EIO;
	return err;
}

static int file_write_regular(const char *path, vt_fill_fn fill, void *arg, const char **what)
{
	char *tmp = file_temp_name(path);
	*what = "out of memory";
	if (!tmp)
		return ENOMEM;
	int fd = file_temp_create(tmp);
	free(tmp);
	if (fd < 0) {
		int err = errno;
		file_temp_done();
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
	if (!err && rename(file_tmp_path, path) < 0)
		err = errno;
	if (err)
		unlink(file_tmp_path);
	file_temp_done();
	*what = "cannot write it";
	return err;
}

/* Regular files (or a missing path) get the temp file and rename; through a
 * symbolic link, the file it names is replaced, not the link. */
int vt_atomic_write(const char *path, vt_fill_fn fill, void *arg, const char **what)
{
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*what = "cannot write it";
		if (S_ISDIR(st.st_mode))
			return EISDIR;
		return file_write_special(path, &st, fill, arg, what);
	}
	char *real = NULL;
	struct stat lst;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (real = realpath(path, NULL)))
		path = real;
	int err = file_write_regular(path, fill, arg, what);
	free(real);
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
