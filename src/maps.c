/* Parsing /proc/PID/maps (and the Rss of smaps) into VMA records. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/count.h"
#include "vmatop/grow.h"
#include "vmatop/maps.h"
#include "vmatop/thread.h"
#include "vmatop/proc.h"

#define DELETED_SUFFIX " (deleted)"
#define DELETED_LEN (sizeof(DELETED_SUFFIX) - 1)
/* The kernel pads the fields before the path to this column, then adds one
 * space (show_vma_header_prefix: seq_setwidth(25 + sizeof(void *) * 6 - 1)). */
#define PAD_COL (25 + sizeof(void *) * 6 - 1)
#define READ_BUFSZ (256 * 1024)
#define LINE_MAX_BYTES (1024 * 1024)

/* ---- one line ---- */

static const char *parse_hex(const char *p, const char *end, unsigned long long *v)
{
	unsigned long long x = 0;
	const char *s = p;
	if (!p)
		return NULL;
	for (; p < end; p++) {
		unsigned d;
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else
			break;
		if (x >> 60)
			return NULL;
		x = x << 4 | d;
	}
	*v = x;
	return p > s ? p : NULL;
}

static const char *parse_dec(const char *p, const char *end, unsigned long long *v)
{
	unsigned long long x = 0;
	const char *s = p;
	if (!p)
		return NULL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (x > (ULLONG_MAX - d) / 10)
			return NULL;
		x = x * 10 + d;
	}
	*v = x;
	return p > s ? p : NULL;
}

static const char *expect(const char *p, const char *end, char c)
{
	return p && p < end && *p == c ? p + 1 : NULL;
}

static const char *parse_perms(const char *p, const char *end, unsigned *perms)
{
	static const char want[4][2] = { { 'r', '-' }, { 'w', '-' }, { 'x', '-' }, { 's', 'p' } };
	static const unsigned bit[4] = { VT_PERM_R, VT_PERM_W, VT_PERM_X, VT_PERM_SHARED };
	if (!p || end - p < 4)
		return NULL;
	*perms = 0;
	for (int i = 0; i < 4; i++) {
		if (p[i] == want[i][0])
			*perms |= bit[i];
		else if (p[i] != want[i][1])
			return NULL;
	}
	return p + 4;
}

/* Where the path starts: at the kernel's padding column when the line has
 * exactly the kernel's padding (so names starting with spaces survive),
 * otherwise after any run of spaces. */
static const char *path_start(const char *line, const char *p, const char *end)
{
	size_t prefix = (size_t)(p - line), len = (size_t)(end - line);
	if (prefix >= PAD_COL)
		return p + 1;
	if (len > PAD_COL) {
		size_t i = prefix;
		while (i <= PAD_COL && line[i] == ' ')
			i++;
		if (i == PAD_COL + 1)
			return line + PAD_COL + 1;
	}
	while (p < end && *p == ' ')
		p++;
	return p;
}

static void set_path(vt_maps_line *out, const char *path, const char *end)
{
	size_t n = (size_t)(end - path);
	out->path = path;
	out->deleted = n > DELETED_LEN && memcmp(end - DELETED_LEN, DELETED_SUFFIX, DELETED_LEN) == 0;
	out->path_len = out->deleted ? n - DELETED_LEN : n;
}

int vt_maps_parse_line(const char *line, size_t len, vt_maps_line *out)
{
	const char *end = line + len, *p = line;
	unsigned long long start = 0, stop = 0, off = 0, maj = 0, min = 0, ino = 0;
	/* Each step passes NULL on once a field failed. */
	p = parse_hex(p, end, &start);
	p = parse_hex(expect(p, end, '-'), end, &stop);
	p = parse_perms(expect(p, end, ' '), end, &out->perms);
	p = parse_hex(expect(p, end, ' '), end, &off);
	p = parse_hex(expect(p, end, ' '), end, &maj);
	p = parse_hex(expect(p, end, ':'), end, &min);
	p = parse_dec(expect(p, end, ' '), end, &ino);
	if (!p || stop < start || start > ULONG_MAX || stop > ULONG_MAX ||
	    maj > UINT32_MAX || min > UINT32_MAX)
		return -1;
	if (p < end && *p != ' ')
		return -1;
	out->start = (unsigned long)start;
	out->end = (unsigned long)stop;
	out->offset = off;
	out->dev_major = (unsigned)maj;
	out->dev_minor = (unsigned)min;
	out->inode = ino;
	set_path(out, p < end ? path_start(line, p, end) : end, end);
	return 0;
}

/* ---- the record arrays ---- */

void vt_maps_init(vt_maps *m)
{
	memset(m, 0, sizeof(*m));
}

void vt_maps_free(vt_maps *m)
{
	free(m->vmas);
	free(m->paths);
	free(m->strings);
	free(m->exe);
	free(m->rss_kb);
	free(m->hash);
	vt_maps_init(m);
}

static uint64_t path_hash(const char *s, size_t n, bool deleted)
{
	uint64_t h = 1469598103934665603ULL ^ (deleted ? 0x9e37u : 0);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static bool path_equal(const vt_maps *m, uint32_t id, const char *s, size_t n, bool deleted)
{
	const vt_path *p = &m->paths[id];
	return p->len == n && p->deleted == deleted && memcmp(m->strings + p->off, s, n) == 0;
}

static int hash_rehash(vt_maps *m)
{
	size_t cap = m->hash_cap ? m->hash_cap * 2 : 64;
	uint32_t *h = calloc(cap, sizeof(*h));
	if (!h)
		return -1;
	for (uint32_t id = 1; id < m->npaths; id++) {
		const vt_path *p = &m->paths[id];
		size_t i = path_hash(m->strings + p->off, p->len, p->deleted) & (cap - 1);
		while (h[i])
			i = (i + 1) & (cap - 1);
		h[i] = id + 1;
	}
	free(m->hash);
	m->hash = h;
	m->hash_cap = cap;
	return 0;
}

static long path_append(vt_maps *m, const char *s, size_t n, bool deleted)
{
	if (m->npaths >= UINT32_MAX - 1 || n >= UINT32_MAX ||
	    vt_grow(&m->paths, &m->paths_cap, m->npaths + 1, sizeof(vt_path), 64) < 0 ||
	    vt_grow(&m->strings, &m->strings_cap, m->strings_len + n + 1, 1, 4096) < 0)
		return -1;
	vt_path *p = &m->paths[m->npaths];
	p->off = m->strings_len;
	p->len = (uint32_t)n;
	p->deleted = deleted;
	p->exec = false;
	memcpy(m->strings + p->off, s, n);
	m->strings[p->off + n] = '\0';
	m->strings_len += n + 1;
	return (long)m->npaths++;
}

/* The id of a path, added when new.  -1 on ENOMEM. */
static long path_intern(vt_maps *m, const char *s, size_t n, bool deleted)
{
	if (m->npaths == 0 && path_append(m, "", 0, false) < 0)
		return -1;
	if (n == 0 && !deleted)
		return 0;
	if ((m->npaths + 1) * 2 > m->hash_cap && hash_rehash(m) < 0)
		return -1;
	size_t i = path_hash(s, n, deleted) & (m->hash_cap - 1);
	for (; m->hash[i]; i = (i + 1) & (m->hash_cap - 1))
		if (path_equal(m, m->hash[i] - 1, s, n, deleted))
			return (long)m->hash[i] - 1;
	long id = path_append(m, s, n, deleted);
	if (id >= 0)
		m->hash[i] = (uint32_t)id + 1;
	return id;
}

static int maps_add(vt_maps *m, const vt_maps_line *l)
{
	long id = path_intern(m, l->path, l->path_len, l->deleted);
	if (id < 0 || vt_grow(&m->vmas, &m->cap, m->n + 1, sizeof(vt_vma), 256) < 0)
		return -1;
	vt_vma *v = &m->vmas[m->n++];
	v->start = l->start;
	v->end = l->end;
	v->offset = l->offset;
	v->inode = l->inode;
	v->dev_major = l->dev_major;
	v->dev_minor = l->dev_minor;
	v->path = (uint32_t)id;
	v->perms = (uint8_t)l->perms;
	v->type = 0;
	v->cause = 0;
	if (l->perms & VT_PERM_X)
		m->paths[id].exec = true;
	return 0;
}

/* One line of maps: parse, leave out the gate line, count the malformed. */
static int maps_line(void *ctx, const char *line, size_t len)
{
	vt_maps *m = ctx;
	vt_maps_line l;
	if (vt_is_vsyscall_line(line, len)) {
		m->vsyscall = true;
		return 0;
	}
	if (vt_maps_parse_line(line, len, &l) < 0) {
		m->malformed++;
		return 0;
	}
	return maps_add(m, &l);
}

/* ---- feeding lines from a buffer or a file ---- */

typedef int (*line_fn)(void *ctx, const char *line, size_t len);

/* Feed the complete lines of data; returns the bytes consumed, or -1. */
static long feed_lines(const char *data, size_t len, line_fn fn, void *ctx)
{
	const char *p = data, *end = data + len, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if (fn(ctx, p, (size_t)(nl - p)) < 0)
			return -1;
		p = nl + 1;
	}
	return (long)(p - data);
}

static int feed_mem(const char *data, size_t len, line_fn fn, void *ctx)
{
	long used = feed_lines(data, len, fn, ctx);
	if (used < 0)
		return -1;
	if ((size_t)used < len)
		return fn(ctx, data + used, len - (size_t)used);
	return 0;
}

struct reader {
	char *buf;
	size_t cap;
	size_t have;
	bool skipping;       /* inside a line longer than LINE_MAX_BYTES */
	long *overlong;      /* counted as malformed */
};

/* Drop the head of an overlong line up to its newline. */
static void reader_skip(struct reader *r)
{
	char *nl = memchr(r->buf, '\n', r->have);
	if (!nl) {
		r->have = 0;
		return;
	}
	size_t used = (size_t)(nl - r->buf) + 1;
	memmove(r->buf, nl + 1, r->have - used);
	r->have -= used;
	r->skipping = false;
}

/* Make room after a chunk with no newline: grow, or start skipping. */
static int reader_room(struct reader *r)
{
	if (r->have < r->cap)
		return 0;
	if (r->cap >= LINE_MAX_BYTES) {
		(*r->overlong)++;
		r->skipping = true;
		r->have = 0;
		return 0;
	}
	char *b = realloc(r->buf, r->cap * 2);
	if (!b)
		return -1;
	r->buf = b;
	r->cap *= 2;
	return 0;
}

static int reader_chunk(struct reader *r, line_fn fn, void *ctx)
{
	if (r->skipping)
		reader_skip(r);
	if (r->skipping)
		return 0;
	long used = feed_lines(r->buf, r->have, fn, ctx);
	if (used < 0)
		return -1;
	memmove(r->buf, r->buf + used, r->have - (size_t)used);
	r->have -= (size_t)used;
	return reader_room(r);
}

static int feed_fd(int fd, line_fn fn, void *ctx, long *overlong, int *err)
{
	struct reader r = { .buf = malloc(READ_BUFSZ), .cap = READ_BUFSZ, .overlong = overlong };
	int rc = 0;
	if (!r.buf) {
		*err = ENOMEM;
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, r.buf + r.have, r.cap - r.have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			rc = -1;
			break;
		}
		if (n == 0) {
			if (r.have > 0 && !r.skipping && fn(ctx, r.buf, r.have) < 0)
				*err = ENOMEM, rc = -1;
			break;
		}
		r.have += (size_t)n;
		if (reader_chunk(&r, fn, ctx) < 0) {
			*err = ENOMEM;
			rc = -1;
			break;
		}
	}
	free(r.buf);
	return rc;
}

int vt_maps_parse_mem(vt_maps *m, const char *data, size_t len)
{
	return feed_mem(data, len, maps_line, m);
}

int vt_maps_read_fd(vt_maps *m, int fd, int *err)
{
	return feed_fd(fd, maps_line, m, &m->malformed, err);
}

/* ---- whole files under a proc root ---- */

static int open_pid_file(const char *proc_root, pid_t pid, const char *name, int *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%d/%s", proc_root ? proc_root : "/proc", (int)pid, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		*err = errno == ESRCH ? ENOENT : errno;
	return fd;
}

/* readlink PID/exe, escaped like maps paths ('\n' as "\012"), without " (deleted)". */
static char *read_exe(const char *proc_root, pid_t pid)
{
	char path[PATH_MAX], link[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%d/exe", proc_root ? proc_root : "/proc", (int)pid);
	ssize_t n = readlink(path, link, sizeof(link));
	if (n <= 0 || n >= (ssize_t)sizeof(link))
		return NULL;
	if ((size_t)n > DELETED_LEN && memcmp(link + n - DELETED_LEN, DELETED_SUFFIX, DELETED_LEN) == 0)
		n -= (ssize_t)DELETED_LEN;
	char *out = malloc((size_t)n * 4 + 1), *o = out;
	if (!out)
		return NULL;
	for (ssize_t i = 0; i < n; i++) {
		if (link[i] == '\n')
			o += sprintf(o, "\\012");
		else
			*o++ = link[i];
	}
	*o = '\0';
	return out;
}

/* The leader exited (empty maps): PID/task/TID/maps of a live thread, or -1. */
static int open_live_thread_maps(const char *proc_root, pid_t pid)
{
	int dir = open(proc_root ? proc_root : "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -1;
	char rel[64];
	pid_t tid = vt_live_thread(dir, pid, NULL);
	int fd = -1;
	if (tid > 0) {
		vt_thread_file(rel, sizeof(rel), pid, tid, "maps");
		fd = openat(dir, rel, O_RDONLY | O_CLOEXEC);
	}
	close(dir);
	return fd;
}

int vt_maps_read(vt_maps *m, const char *proc_root, pid_t pid, int *err)
{
	vt_maps_free(m);
	m->pid = pid;
	int fd = open_pid_file(proc_root, pid, "maps", err);
	if (fd < 0)
		return -1;
	int rc = vt_maps_read_fd(m, fd, err);
	close(fd);
	if (rc == 0 && m->n == 0 && !m->vsyscall && (fd = open_live_thread_maps(proc_root, pid)) >= 0) {
		vt_maps_free(m);
		m->pid = pid;
		rc = vt_maps_read_fd(m, fd, err);
		close(fd);
	}
	if (rc < 0 && *err == ESRCH)
		*err = ENOENT;
	if (rc == 0)
		m->exe = read_exe(proc_root, pid);
	return rc;
}

int vt_maps_read_comm(const char *proc_root, pid_t pid, char *buf, size_t bufsz, int *err)
{
	int fd = open_pid_file(proc_root, pid, "comm", err);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, bufsz > 0 ? bufsz - 1 : 0);
	if (n < 0)
		*err = errno == ESRCH ? ENOENT : errno;
	close(fd);
	if (n < 0)
		return -1;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

/* ---- smaps: Rss per VMA ---- */

struct smaps_ctx {
	vt_maps *m;
	size_t cursor;       /* VMAs are in address order, so is smaps */
	long current;        /* VMA index of the current header, -1 if unmatched */
};

static void smaps_header(struct smaps_ctx *c, unsigned long start)
{
	vt_maps *m = c->m;
	while (c->cursor < m->n && m->vmas[c->cursor].start < start)
		c->cursor++;
	c->current = c->cursor < m->n && m->vmas[c->cursor].start == start ? (long)c->cursor : -1;
}

static int smaps_line(void *ctx, const char *line, size_t len)
{
	struct smaps_ctx *c = ctx;
	vt_maps_line l;
	unsigned long long kb;
	if (len > 4 && memcmp(line, "Rss:", 4) == 0) {
		const char *p = line + 4, *end = line + len;
		while (p < end && *p == ' ')
			p++;
		if (c->current >= 0 && parse_dec(p, end, &kb) && kb <= LONG_MAX)
			c->m->rss_kb[c->current] = (long)kb;
		return 0;
	}
	if (len > 0 && line[0] >= 'A' && line[0] <= 'Z')
		return 0;                    /* other "Key: value" lines */
	if (vt_maps_parse_line(line, len, &l) == 0)
		smaps_header(c, l.start);
	return 0;
}

static int smaps_begin(vt_maps *m, struct smaps_ctx *c)
{
	free(m->rss_kb);
	m->rss_kb = malloc((m->n ? m->n : 1) * sizeof(long));
	if (!m->rss_kb)
		return -1;
	for (size_t i = 0; i < m->n; i++)
		m->rss_kb[i] = VT_UNKNOWN;
	c->m = m;
	c->cursor = 0;
	c->current = -1;
	return 0;
}

int vt_maps_smaps_mem(vt_maps *m, const char *data, size_t len)
{
	struct smaps_ctx c;
	if (smaps_begin(m, &c) < 0)
		return -1;
	return feed_mem(data, len, smaps_line, &c);
}

int vt_maps_load_smaps(vt_maps *m, const char *proc_root, pid_t pid, int *err)
{
	struct smaps_ctx c;
	long overlong = 0;
	if (smaps_begin(m, &c) < 0) {
		*err = ENOMEM;
		return -1;
	}
	int fd = open_pid_file(proc_root, pid, "smaps", err);
	if (fd < 0)
		return -1;
	int rc = feed_fd(fd, smaps_line, &c, &overlong, err);
	close(fd);
	if (rc < 0 && *err == ESRCH)
		*err = ENOENT;
	return rc;
}

/* ---- accessors ---- */

const char *vt_maps_path(const vt_maps *m, uint32_t id, size_t *len)
{
	if (id >= m->npaths) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = m->paths[id].len;
	return m->strings + m->paths[id].off;
}

const char *vt_maps_vma_path(const vt_maps *m, size_t i, size_t *len)
{
	return vt_maps_path(m, i < m->n ? m->vmas[i].path : UINT32_MAX, len);
}

void vt_maps_perms_text(unsigned perms, char buf[5])
{
	buf[0] = perms & VT_PERM_R ? 'r' : '-';
	buf[1] = perms & VT_PERM_W ? 'w' : '-';
	buf[2] = perms & VT_PERM_X ? 'x' : '-';
	buf[3] = perms & VT_PERM_SHARED ? 's' : 'p';
	buf[4] = '\0';
}
