/* The BTF cache of vmatop's BPF objects: see btfcache-private.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btfcache-private.h"

#define BTFC_VMLINUX "/sys/kernel/btf/vmlinux"
#define BTFC_NOTES "/sys/kernel/notes"
#define BTFC_MAGIC "VMATBTF1"
#define BTFC_VERSION 1u
#define BTFC_MAX_IDS 16
#define BTFC_MAX_BLOB (1u << 20)
#define BTFC_BUILD_ID_MAX 64
#define BTFC_ITER "iter/"
#define BTFC_NOTE_GNU_BUILD_ID 3u

extern char **environ;

struct btfc_id {
	char prog[32];          /* bpf_program__name, NUL-padded */
	uint32_t btf_id;        /* of FUNC bpf_iter_<target> in vmlinux */
	uint32_t pad;
};

struct btfc_header {
	char magic[8];
	uint32_t version;
	uint32_t nids;
	uint64_t vmlinux_size;
	uint64_t obj_hash;
	uint32_t build_id_len;
	uint32_t blob_len;
	uint8_t build_id[BTFC_BUILD_ID_MAX];
	uint64_t checksum;      /* FNV-1a of the file with this field zero */
};

struct vt_btfcache {
	char *path;             /* NULL: no usable directory or kernel identity */
	struct btfc_header want;
	struct btfc_id ids[BTFC_MAX_IDS];
	uint32_t nids;
	bool warm;
	int memfd;
	char memfd_path[64];
	const void *elf;
	size_t elf_size;
};

/* --- the attach ids a warm load hands to the iter/ handler --- */

static pthread_mutex_t btfc_lock = PTHREAD_MUTEX_INITIALIZER;
static int btfc_handler = -1;      /* under btfc_lock */
static bool btfc_handler_failed;
static struct {
	const struct bpf_program *prog;
	uint32_t btf_id;
} btfc_table[BTFC_MAX_IDS];

static void btfc_debug(const char *fmt, ...)
{
	if (!getenv("VMATOP_BPF_DEBUG"))
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("vmatop: BTF cache: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static uint64_t btfc_fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define BTFC_FNV_INIT 0xcbf29ce484222325ULL

static const char *btfc_iter_target(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	if (!sec || strncmp(sec, BTFC_ITER, strlen(BTFC_ITER)) != 0)
		return NULL;
	return sec + strlen(BTFC_ITER);
}

/* The kernel BTF id of the iterator target's FUNC bpf_iter_<target>: the
 * full parse the cache avoids. */
static uint32_t btfc_lookup_full(const struct bpf_program *prog, struct btf **vmlinux)
{
	char fn[128];
	const char *target = btfc_iter_target(prog);
	if (!target || snprintf(fn, sizeof(fn), "bpf_iter_%s", target) >= (int)sizeof(fn))
		return 0;
	if (!*vmlinux) {
		*vmlinux = btf__load_vmlinux_btf();
		if (!*vmlinux || libbpf_get_error(*vmlinux)) {
			*vmlinux = NULL;
			return 0;
		}
	}
	int id = btf__find_by_name_kind(*vmlinux, fn, BTF_KIND_FUNC);
	return id > 0 ? (uint32_t)id : 0;
}

static uint32_t btfc_table_find(const struct bpf_program *prog)
{
	uint32_t id = 0;
	pthread_mutex_lock(&btfc_lock);
	for (size_t i = 0; i < BTFC_MAX_IDS; i++)
		if (btfc_table[i].prog == prog)
			id = btfc_table[i].btf_id;
	pthread_mutex_unlock(&btfc_lock);
	return id;
}

static void btfc_table_set(const struct bpf_program *prog, uint32_t id)
{
	size_t i, free_slot = BTFC_MAX_IDS;
	pthread_mutex_lock(&btfc_lock);
	for (i = 0; i < BTFC_MAX_IDS && btfc_table[i].prog != prog; i++)
		if (!btfc_table[i].prog && free_slot == BTFC_MAX_IDS)
			free_slot = i;
	if (i == BTFC_MAX_IDS)
		i = id ? free_slot : BTFC_MAX_IDS;
	if (i < BTFC_MAX_IDS) {
		btfc_table[i].prog = id ? prog : NULL;
		btfc_table[i].btf_id = id;
	}
	pthread_mutex_unlock(&btfc_lock);
}

/* iter/ programs open as a type that needs no kernel BTF (so that libbpf
 * does not parse vmlinux for them) and become tracing iterators here, with
 * the cached attach id, or the one looked up in the full BTF. */
static int btfc_prepare_load(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	(void)cookie;
	struct btf *vmlinux = NULL;
	uint32_t id = btfc_table_find(prog);
	if (!id)
		id = btfc_lookup_full(prog, &vmlinux);
	btf__free(vmlinux);
	if (!id)
		return -ESRCH;
	opts->expected_attach_type = BPF_TRACE_ITER;
	opts->attach_btf_id = id;
	opts->attach_btf_obj_fd = 0;
	return bpf_program__set_type(prog, BPF_PROG_TYPE_TRACING);
}

static int btfc_attach(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	(void)cookie;
	*link = bpf_program__attach_iter(prog, NULL);
	return *link ? 0 : -errno;
}

/* The handler is registered at the first warm load and stays, unless a
 * warm load fails: then libbpf's own iter/ handling is back for good. */
static bool btfc_register(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, ho,
		    .prog_prepare_load_fn = btfc_prepare_load,
		    .prog_attach_fn = btfc_attach);
	pthread_mutex_lock(&btfc_lock);
	if (btfc_handler < 0 && !btfc_handler_failed)
		btfc_handler = libbpf_register_prog_handler(BTFC_ITER, BPF_PROG_TYPE_KPROBE, 0, &ho);
	if (btfc_handler < 0)
		btfc_handler_failed = true;
	bool ok = btfc_handler >= 0;
	pthread_mutex_unlock(&btfc_lock);
	return ok;
}

static void btfc_unregister(void)
{
	pthread_mutex_lock(&btfc_lock);
	if (btfc_handler >= 0)
		libbpf_unregister_prog_handler(btfc_handler);
	btfc_handler = -1;
	btfc_handler_failed = true;
	pthread_mutex_unlock(&btfc_lock);
}

/* --- the kernel's identity and the cache file --- */

static ssize_t btfc_read_small(const char *path, void *buf, size_t sz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sz);
	close(fd);
	return n;
}

/* The GNU build id note of the running kernel. */
static int btfc_build_id(struct btfc_header *h)
{
	unsigned char notes[4096];
	ssize_t n = btfc_read_small(BTFC_NOTES, notes, sizeof(notes));
	size_t off = 0;
	while (n > 0 && off + 12 <= (size_t)n) {
		uint32_t nsz, dsz, type;
		memcpy(&nsz, notes + off, 4);
		memcpy(&dsz, notes + off + 4, 4);
		memcpy(&type, notes + off + 8, 4);
		size_t name = off + 12, desc = name + ((nsz + 3u) & ~3u);
		if (desc + dsz > (size_t)n || nsz > 64)
			break;
		if (type == BTFC_NOTE_GNU_BUILD_ID && nsz == 4 && memcmp(notes + name, "GNU", 4) == 0 &&
		    dsz > 0 && dsz <= BTFC_BUILD_ID_MAX) {
			memcpy(h->build_id, notes + desc, dsz);
			h->build_id_len = dsz;
			return 0;
		}
		off = desc + ((dsz + 3u) & ~3u);
	}
	return -1;
}

/* Owned by us and writable by nobody else: a directory or a regular file. */
static bool btfc_trusted(const struct stat *st, mode_t type)
{
	return (st->st_mode & S_IFMT) == type && st->st_uid == geteuid() &&
	       (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static char *btfc_dir(void)
{
	const char *env = getenv("VMATOP_CACHE_DIR");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = NULL;
	int rc;
	if (env)
		rc = *env ? asprintf(&dir, "%s", env) : -1;
	else if (geteuid() == 0)
		rc = asprintf(&dir, "/var/cache/vmatop");
	else if (xdg && *xdg == '/')
		rc = asprintf(&dir, "%s/vmatop", xdg);
	else if (home && *home == '/')
		rc = asprintf(&dir, "%s/.cache/vmatop", home);
	else
		rc = -1;
	if (rc < 0)
		return NULL;
	struct stat st;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		free(dir);
		return NULL;
	}
	if (lstat(dir, &st) < 0 || !btfc_trusted(&st, S_IFDIR)) {
		btfc_debug("%s is not a directory of this user only: not used", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

static uint64_t btfc_checksum(const struct btfc_header *h, const void *rest, size_t len)
{
	struct btfc_header z = *h;
	z.checksum = 0;
	return btfc_fnv(btfc_fnv(BTFC_FNV_INIT, &z, sizeof(z)), rest, len);
}

/* Read and validate the cache file into a memfd libbpf can parse. */
static bool btfc_load(vt_btfcache *c)
{
	int fd = open(c->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	struct btfc_header h;
	char *rest = NULL;
	bool ok = false;
	const char *why = errno == ENOENT ? "absent" : errno == ELOOP ? "a symlink" : strerror(errno);
	if (fd < 0)
		goto out;
	why = "not a regular file of this user only";
	if (fstat(fd, &st) < 0 || !btfc_trusted(&st, S_IFREG))
		goto out;
	why = "bad size or magic";
	if (st.st_size < (off_t)sizeof(h) || st.st_size > (off_t)(sizeof(h) + sizeof(c->ids) + BTFC_MAX_BLOB))
		goto out;
	size_t len = (size_t)st.st_size - sizeof(h);
	rest = malloc(len ? len : 1);
	if (!rest || read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) || read(fd, rest, len) != (ssize_t)len)
		goto out;
	if (memcmp(h.magic, BTFC_MAGIC, 8) != 0 || h.version != BTFC_VERSION || h.nids > BTFC_MAX_IDS ||
	    len != h.nids * sizeof(struct btfc_id) + h.blob_len)
		goto out;
	why = "checksum";
	if (btfc_checksum(&h, rest, len) != h.checksum)
		goto out;
	why = "another kernel or another build of the program";
	if (h.vmlinux_size != c->want.vmlinux_size || h.obj_hash != c->want.obj_hash ||
	    h.build_id_len != c->want.build_id_len ||
	    memcmp(h.build_id, c->want.build_id, sizeof(h.build_id)) != 0)
		goto out;
	const char *blob = rest + h.nids * sizeof(struct btfc_id);
	why = "not BTF";
	struct btf *b = btf__new(blob, h.blob_len);
	if (!b || libbpf_get_error(b))
		goto out;
	btf__free(b);
	why = "memfd";
	c->memfd = memfd_create("vmatop-btf", MFD_CLOEXEC);
	if (c->memfd < 0 || write(c->memfd, blob, h.blob_len) != (ssize_t)h.blob_len)
		goto out;
	snprintf(c->memfd_path, sizeof(c->memfd_path), "/proc/self/fd/%d", c->memfd);
	memcpy(c->ids, rest, h.nids * sizeof(struct btfc_id));
	c->nids = h.nids;
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	free(rest);
	if (!ok && c->memfd >= 0) {
		close(c->memfd);
		c->memfd = -1;
	}
	btfc_debug("%s %s%s%s", ok ? "hit" : "miss", c->path, ok ? "" : ": ", ok ? "" : why);
	return ok;
}

vt_btfcache *vt_btfcache_get(const char *name, const void *elf, size_t size)
{
	vt_btfcache *c = calloc(1, sizeof(*c));
	struct stat st;
	if (!c)
		return NULL;
	c->memfd = -1;
	c->elf = elf;
	c->elf_size = size;
	memcpy(c->want.magic, BTFC_MAGIC, 8);
	c->want.version = BTFC_VERSION;
	c->want.obj_hash = btfc_fnv(BTFC_FNV_INIT, elf, size);
	if (stat(BTFC_VMLINUX, &st) < 0 || btfc_build_id(&c->want) < 0)
		return c;
	c->want.vmlinux_size = (uint64_t)st.st_size;
	char *dir = btfc_dir();
	char hex[2 * BTFC_BUILD_ID_MAX + 1];
	for (uint32_t i = 0; i < c->want.build_id_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", c->want.build_id[i]);
	hex[2 * c->want.build_id_len] = '\0';
	if (dir && asprintf(&c->path, "%s/%s-%s.btf", dir, name, hex) < 0)
		c->path = NULL;
	free(dir);
	if (c->path)
		c->warm = btfc_load(c);
	return c;
}

bool vt_btfcache_warm(vt_btfcache *c, struct bpf_object_open_opts *opts)
{
	if (!c || !c->warm)
		return false;
	if (!btfc_register())
		return false;
	opts->btf_custom_path = c->memfd_path;
	return true;
}

void vt_btfcache_prepare(vt_btfcache *c, struct bpf_object *obj)
{
	struct bpf_program *prog;
	if (!c || !c->warm)
		return;
	bpf_object__for_each_program(prog, obj) {
		for (uint32_t i = 0; i < c->nids; i++)
			if (strncmp(c->ids[i].prog, bpf_program__name(prog), sizeof(c->ids[i].prog)) == 0)
				btfc_table_set(prog, c->ids[i].btf_id);
	}
}

bool vt_btfcache_verify_iter(const struct bpf_program *prog, const struct bpf_link *link)
{
	struct bpf_link_info info;
	char target[64] = "";
	__u32 len = sizeof(info);
	const char *want = btfc_iter_target(prog);
	if (!want || !link)
		return false;
	memset(&info, 0, sizeof(info));
	info.iter.target_name = (__u64)(uintptr_t)target;
	info.iter.target_name_len = sizeof(target);
	if (bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len) < 0)
		return false;
	return info.type == BPF_LINK_TYPE_ITER && strcmp(target, want) == 0;
}

void vt_btfcache_reject(vt_btfcache *c)
{
	if (!c || !c->warm)
		return;
	c->warm = false;
	btfc_unregister();
	btfc_debug("miss %s: the warm load failed", c->path);
}

/* --- the first run: build the file --- */

static int btfc_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* bpftool gen min_core_btf vmlinux OUT OBJ, with no shell and no output. */
static int btfc_run_bpftool(const char *out, const char *obj)
{
#ifdef VMATOP_BPFTOOL
	char *argv[] = { (char *)VMATOP_BPFTOOL, (char *)"gen", (char *)"min_core_btf",
			 (char *)BTFC_VMLINUX, (char *)out, (char *)obj, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawn(&pid, VMATOP_BPFTOOL, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
#else
	(void)out;
	(void)obj;
	return -1;
#endif
}

/* The minimal BTF of the object, made by bpftool from temp files. */
static char *btfc_min_btf(const vt_btfcache *c, size_t *len)
{
	char *obj = NULL, *out = NULL, *blob = NULL;
	int fd = -1;
	if (asprintf(&obj, "%s.XXXXXX", c->path) < 0)
		goto out;
	if ((fd = mkstemp(obj)) < 0 || asprintf(&out, "%s.min", obj) < 0)
		goto out;
	if (btfc_write_all(fd, c->elf, c->elf_size) < 0 || btfc_run_bpftool(out, obj) < 0)
		goto out;
	struct btf *b = btf__parse_raw(out);
	const void *raw;
	__u32 sz;
	if (b && !libbpf_get_error(b) && (raw = btf__raw_data(b, &sz)) && sz <= BTFC_MAX_BLOB &&
	    (blob = malloc(sz))) {
		memcpy(blob, raw, sz);
		*len = sz;
	}
	if (b && !libbpf_get_error(b))
		btf__free(b);
out:
	if (fd >= 0) {
		close(fd);
		unlink(obj);
	}
	if (out)
		unlink(out);
	free(obj);
	free(out);
	return blob;
}

static int btfc_write_file(const vt_btfcache *c, struct btfc_header *h, const struct btfc_id *ids,
			   const char *blob)
{
	char *tmp = NULL;
	int fd = -1, rc = -1;
	size_t idlen = h->nids * sizeof(*ids);
	struct btfc_header z = *h;
	z.checksum = 0;
	uint64_t sum = btfc_fnv(btfc_fnv(BTFC_FNV_INIT, &z, sizeof(z)), ids, idlen);
	h->checksum = btfc_fnv(sum, blob, h->blob_len);
	if (asprintf(&tmp, "%s.XXXXXX", c->path) < 0)
		return -1;
	if ((fd = mkstemp(tmp)) >= 0 && fchmod(fd, 0644) == 0 && btfc_write_all(fd, h, sizeof(*h)) == 0 &&
	    btfc_write_all(fd, ids, idlen) == 0 && btfc_write_all(fd, blob, h->blob_len) == 0 &&
	    fsync(fd) == 0 && close(fd) == 0) {
		fd = -1;
		rc = rename(tmp, c->path);
	}
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void vt_btfcache_store(vt_btfcache *c, struct bpf_object *obj)
{
	struct btfc_id ids[BTFC_MAX_IDS];
	struct btfc_header h;
	struct bpf_program *prog;
	struct btf *vmlinux = NULL;
	size_t len = 0;
	uint32_t n = 0;
	if (!c || c->warm || !c->path)
		return;
	memset(ids, 0, sizeof(ids));
	bpf_object__for_each_program(prog, obj) {
		if (!btfc_iter_target(prog))
			continue;
		if (n == BTFC_MAX_IDS || strlen(bpf_program__name(prog)) >= sizeof(ids[n].prog) ||
		    !(ids[n].btf_id = btfc_lookup_full(prog, &vmlinux)))
			goto out;
		strcpy(ids[n++].prog, bpf_program__name(prog));
	}
	char *blob = btfc_min_btf(c, &len);
	if (!blob) {
		btfc_debug("cannot make the minimal BTF (needs %s)",
#ifdef VMATOP_BPFTOOL
			   VMATOP_BPFTOOL
#else
			   "bpftool"
#endif
		);
		goto out;
	}
	h = c->want;
	h.nids = n;
	h.blob_len = (uint32_t)len;
	if (btfc_write_file(c, &h, ids, blob) == 0)
		btfc_debug("stored %s (%zu bytes of BTF)", c->path, len);
	free(blob);
out:
	btf__free(vmlinux);
}

void vt_btfcache_free(vt_btfcache *c, struct bpf_object *obj)
{
	struct bpf_program *prog;
	if (obj)
		bpf_object__for_each_program(prog, obj)
			btfc_table_set(prog, 0);
	if (!c)
		return;
	if (c->memfd >= 0)
		close(c->memfd);
	free(c->path);
	free(c);
}
