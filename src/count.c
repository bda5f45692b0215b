/* Counting VMAs from /proc/PID/maps: newline counting in big reads, no parsing.
 * The text backend, and what every backend shares (close, name, the pid
 * namespace test).  The choice among backends is backend.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/count.h"
#include "vmatop/thread.h"
#include "backend-private.h"

/* The gate line: "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0   [vsyscall]".
 * Only a kernel address can start with this, so a file named "[vsyscall]" never matches. */
#define VSYSCALL_PREFIX "ffffffffff600000-"
#define VSYSCALL_SUFFIX " [vsyscall]"
#define TAIL_MAX 256

int vt_is_vsyscall_line(const char *line, size_t len)
{
	size_t pl = sizeof(VSYSCALL_PREFIX) - 1, sl = sizeof(VSYSCALL_SUFFIX) - 1;
	if (len < pl + sl)
		return 0;
	return memcmp(line, VSYSCALL_PREFIX, pl) == 0 &&
	       memcmp(line + len - sl, VSYSCALL_SUFFIX, sl) == 0;
}

/* Streaming state: newline count plus the last TAIL_MAX bytes seen. */
struct counter {
	long lines;
	size_t total;
	char tail[TAIL_MAX];
	size_t tail_len;
};

static void counter_feed(struct counter *c, const char *p, size_t n)
{
	const char *end = p + n, *q = p;
	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		c->lines++;
		q++;
	}
	c->total += n;
	if (n >= TAIL_MAX) {
		memcpy(c->tail, end - TAIL_MAX, TAIL_MAX);
		c->tail_len = TAIL_MAX;
	} else {
		size_t keep = c->tail_len + n > TAIL_MAX ? TAIL_MAX - n : c->tail_len;
		memmove(c->tail, c->tail + c->tail_len - keep, keep);
		memcpy(c->tail + keep, p, n);
		c->tail_len = keep + n;
	}
}

static long counter_finish(const struct counter *c)
{
	if (c->total == 0)
		return 0;
	long count = c->lines;
	size_t len = c->tail_len;
	if (c->tail[len - 1] == '\n')
		len--;
	else
		count++;                      /* last line without a newline */
	const char *nl = memrchr(c->tail, '\n', len);
	size_t start = nl ? (size_t)(nl - c->tail) + 1 : 0;
	/* A last line longer than the tail cannot be the ~90-byte gate line. */
	if ((nl || c->total == c->tail_len) && vt_is_vsyscall_line(c->tail + start, len - start))
		count--;
	return count;
}

long vt_count_maps_mem(const char *data, size_t len)
{
	struct counter c = { 0 };
	counter_feed(&c, data, len);
	return counter_finish(&c);
}

long vt_count_maps_fd(int fd, char *buf, size_t bufsz, int *err)
{
	struct counter c = { 0 };
	for (;;) {
		ssize_t n = read(fd, buf, bufsz);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			return -1;
		}
		if (n == 0)
			break;
		counter_feed(&c, buf, (size_t)n);
	}
	return counter_finish(&c);
}

/* ---- the text backend ---- */

#define TEXT_BUFSZ (256 * 1024)

struct text_priv {
	int proc_fd;
	char *buf;
};

static int text_begin(vt_backend *b, char **cause)
{
	(void)b;
	(void)cause;
	return 0;
}

static long text_count_file(struct text_priv *t, const char *rel, int *err)
{
	int fd = openat(t->proc_fd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno == ESRCH ? ENOENT : errno;
		return -1;
	}
	long n = vt_count_maps_fd(fd, t->buf, TEXT_BUFSZ, err);
	if (n < 0 && *err == ESRCH)
		*err = ENOENT;
	close(fd);
	return n;
}

/* Empty maps of a process that is not a kernel thread: its leader exited
 * (or the whole process is a zombie).  A live thread holds the mm, if any. */
static long text_count(vt_backend *b, pid_t pid, int *err)
{
	struct text_priv *t = b->priv;
	char rel[64];
	snprintf(rel, sizeof(rel), "%d/maps", (int)pid);
	long n = text_count_file(t, rel, err);
	pid_t tid = n == 0 ? vt_live_thread(t->proc_fd, pid, NULL) : 0;
	if (tid <= 0)
		return n;
	vt_thread_file(rel, sizeof(rel), pid, tid, "maps");
	long m = text_count_file(t, rel, err);
	return m < 0 ? 0 : m;         /* that thread ended too: the empty count stands */
}

static void text_destroy(vt_backend *b)
{
	struct text_priv *t = b->priv;
	if (t) {
		if (t->proc_fd >= 0)
			close(t->proc_fd);
		free(t->buf);
		free(t);
	}
}

static const struct vt_backend_ops text_ops = {
	.name = "text",
	.begin = text_begin,
	.count = text_count,
	.destroy = text_destroy,
};

vt_backend *vt_backend_text_open(const char *proc_root, char **cause)
{
	vt_backend *b = calloc(1, sizeof(*b));
	struct text_priv *t = calloc(1, sizeof(*t));
	if (!b || !t)
		goto nomem;
	b->ops = &text_ops;
	b->priv = t;
	t->proc_fd = -1;
	b->proc_root = strdup(proc_root ? proc_root : "/proc");
	t->buf = malloc(TEXT_BUFSZ);
	if (!b->proc_root || !t->buf)
		goto nomem;
	t->proc_fd = open(b->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->proc_fd < 0) {
		if (asprintf(cause, "%s: %s", b->proc_root, strerror(errno)) < 0)
			*cause = NULL;
		vt_backend_close(b);
		return NULL;
	}
	return b;
nomem:
	if (b && !b->priv)
		free(t);
	vt_backend_close(b);
	*cause = strdup("out of memory");
	return NULL;
}

int vt_pidns_differs(const char *proc_root)
{
	char path[4096], link[32];
	snprintf(path, sizeof(path), "%s/self", proc_root ? proc_root : "/proc");
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 1;                     /* no "self": we are not in its namespace */
	link[n] = '\0';
	return atol(link) != (long)getpid();
}

void vt_backend_close(vt_backend *b)
{
	if (!b)
		return;
	if (b->ops && b->ops->destroy)
		b->ops->destroy(b);
	free(b->proc_root);
	free(b);
}

const char *vt_backend_name(const vt_backend *b)
{
	return b ? b->ops->name : "none";
}
