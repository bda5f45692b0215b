/* A process's cgroup -> container id, pod, namespace, systemd unit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/cgroup.h"
#include "vmatop/grow.h"

/* /proc/PID/cgroup: one line per hierarchy; a few hundred bytes in practice. */
#define CG_FILE_MAX 65536
#define CG_DELETED " (deleted)"

void vt_cgroup_clear(vt_cgroup *cg)
{
	free(cg->path);
	free(cg->container);
	free(cg->pod_uid);
	free(cg->pod);
	free(cg->namespace);
	free(cg->unit);
	memset(cg, 0, sizeof(*cg));
}

static int dup_field(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

int vt_cgroup_copy(vt_cgroup *dst, const vt_cgroup *src)
{
	int rc = dup_field(&dst->path, src->path);
	rc |= dup_field(&dst->container, src->container);
	rc |= dup_field(&dst->pod_uid, src->pod_uid);
	rc |= dup_field(&dst->pod, src->pod);
	rc |= dup_field(&dst->namespace, src->namespace);
	rc |= dup_field(&dst->unit, src->unit);
	if (rc) {
		vt_cgroup_clear(dst);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* --- picking the line --- */

enum { PICK_V2, PICK_SYSTEMD, PICK_MEMORY, PICK__COUNT };

/* Whether the comma-separated controller list holds name. */
static bool has_controller(const char *list, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *end = list + len;
	while (list < end) {
		const char *comma = memchr(list, ',', (size_t)(end - list));
		size_t l = comma ? (size_t)(comma - list) : (size_t)(end - list);
		if (l == nl && memcmp(list, name, nl) == 0)
			return true;
		list += l + 1;
	}
	return false;
}

/* Which slot a line "ID:CONTROLLERS:PATH" fills, -1 for none or malformed. */
static int line_slot(const char *line, size_t len, const char **path, size_t *plen)
{
	const char *c1 = memchr(line, ':', len);
	if (!c1 || c1 == line)
		return -1;
	for (const char *d = line; d < c1; d++)
		if (*d < '0' || *d > '9')
			return -1;
	const char *c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line));
	if (!c2)
		return -1;
	*path = c2 + 1;
	*plen = len - (size_t)(c2 + 1 - line);
	if (*plen == 0 || **path != '/')
		return -1;
	size_t cl = (size_t)(c2 - c1 - 1);
	if (c1 - line == 1 && line[0] == '0' && cl == 0)
		return PICK_V2;
	if (has_controller(c1 + 1, cl, "name=systemd"))
		return PICK_SYSTEMD;
	if (has_controller(c1 + 1, cl, "memory"))
		return PICK_MEMORY;
	return -1;
}

char *vt_cgroup_pick(const char *text, size_t len)
{
	const char *best[PICK__COUNT] = { NULL };
	size_t blen[PICK__COUNT] = { 0 };
	const char *end = text + len;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t l = nl ? (size_t)(nl - text) : (size_t)(end - text);
		const char *path;
		size_t plen;
		int slot = line_slot(text, l, &path, &plen);
		if (slot >= 0 && !best[slot]) {
			best[slot] = path;
			blen[slot] = plen;
		}
		text += l + 1;
	}
	int pick = -1;
	for (int s = 0; s < PICK__COUNT && pick < 0; s++)
		if (best[s] && blen[s] > 1)
			pick = s;
	for (int s = 0; s < PICK__COUNT && pick < 0; s++)
		if (best[s])
			pick = s;
	if (pick < 0)
		return NULL;
	size_t pl = blen[pick];
	size_t dl = strlen(CG_DELETED);
	if (pl > dl + 1 && memcmp(best[pick] + pl - dl, CG_DELETED, dl) == 0)
		pl -= dl;                /* a zombie whose cgroup was removed */
	return strndup(best[pick], pl);
}

/* --- deriving ids from the path --- */

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* A run of exactly 64 lowercase hex digits inside [s, s+len), or NULL. */
static const char *find_id64(const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && is_hex(s[i])) {
			run++;
			continue;
		}
		if (run == VT_CONTAINER_ID_LEN)
			return s + i - run;
		run = 0;
	}
	return NULL;
}

/* A pod uid after "pod" in a component: 8-4-4-4-12 hex with '-' or '_'
 * (systemd slices escape '-' as '_'), or 32 hex digits (static pods). */
static bool pod_uid_at(const char *s, size_t len, char out[VT_POD_UID_LEN + 1])
{
	if (len >= VT_POD_UID_LEN) {
		bool ok = true;
		for (int i = 0; i < VT_POD_UID_LEN && ok; i++) {
			bool dash = i == 8 || i == 13 || i == 18 || i == 23;
			ok = dash ? (s[i] == '-' || s[i] == '_') : is_hex(s[i]);
			out[i] = dash ? '-' : s[i];
		}
		if (ok && (len == VT_POD_UID_LEN || s[VT_POD_UID_LEN] == '.')) {
			out[VT_POD_UID_LEN] = '\0';
			return true;
		}
	}
	if (len >= 32) {
		for (int i = 0; i < 32; i++)
			if (!is_hex(s[i]))
				return false;
		if (len == 32 || s[32] == '.') {
			memcpy(out, s, 32);
			out[32] = '\0';
			return true;
		}
	}
	return false;
}

/* The pod uid of one component: "pod<uid>" or "kubepods-...-pod<uid>.slice". */
static bool component_pod(const char *c, size_t len, char out[VT_POD_UID_LEN + 1])
{
	for (size_t i = 0; i + 3 < len; i++) {
		if (memcmp(c + i, "pod", 3) != 0 || (i > 0 && c[i - 1] != '-'))
			continue;
		if (pod_uid_at(c + i + 3, len - i - 3, out))
			return true;
	}
	return false;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);
	return len > sl && memcmp(s + len - sl, suffix, sl) == 0;
}

/* What one path component tells; later (inner) components win. */
static int parse_component(vt_cgroup *cg, const char *c, size_t len, bool kube)
{
	char uid[VT_POD_UID_LEN + 1];
	const char *id = find_id64(c, len);
	if (id && !memmem(c, len, "conmon", 6)) {   /* cri-o/podman's monitor is no container */
		free(cg->container);
		if (!(cg->container = strndup(id, VT_CONTAINER_ID_LEN)))
			return -1;
	}
	if (kube && !cg->pod_uid && component_pod(c, len, uid)) {
		if (!(cg->pod_uid = strdup(uid)))
			return -1;
	}
	if (ends_with(c, len, ".service") || ends_with(c, len, ".scope")) {
		free(cg->unit);
		if (!(cg->unit = strndup(c, len)))
			return -1;
	}
	return 0;
}

int vt_cgroup_parse(vt_cgroup *cg, char *path)
{
	vt_cgroup_clear(cg);
	cg->path = path;
	if (!path)
		return 0;
	bool kube = strstr(path, "kubepods") != NULL;
	const char *s = path;
	while (*s) {
		while (*s == '/')
			s++;
		size_t len = strcspn(s, "/");
		if (len && parse_component(cg, s, len, kube) < 0) {
			errno = ENOMEM;
			return -1;
		}
		s += len;
	}
	return 0;
}

/* Read a small proc file whole; its length, or -1. */
static ssize_t read_small(int dirfd, const char *rel, char *buf, size_t sz)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got < sz) {
		ssize_t n = read(fd, buf + got, sz - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			if (n < 0) {
				errno = e;
				return -1;
			}
			return (ssize_t)got;
		}
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
}

int vt_cgroup_read(int proc_fd, const char *proc_root, pid_t pid, vt_cgroup *cg)
{
	char rel[32];
	int dirfd = proc_fd;
	vt_cgroup_clear(cg);
	if (dirfd < 0)
		dirfd = open(proc_root ? proc_root : "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -1;
	char *buf = malloc(CG_FILE_MAX);
	snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
	ssize_t n = buf ? read_small(dirfd, rel, buf, CG_FILE_MAX) : -1;
	if (dirfd != proc_fd)
		close(dirfd);
	char *path = n > 0 ? vt_cgroup_pick(buf, (size_t)n) : NULL;
	free(buf);
	if (!path)
		return -1;                  /* gone (ENOENT, ESRCH), empty, or no usable line */
	if (vt_cgroup_parse(cg, path) < 0) {
		vt_cgroup_clear(cg);
		return -1;
	}
	return 0;
}

/* --- pods from the kubelet's log directory --- */

typedef struct pod_entry {
	char *uid, *ns, *name;
} pod_entry;

struct vt_pods {
	pod_entry *e;
	size_t n, cap;
};

void vt_pods_free(vt_pods *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->e[i].uid);
		free(p->e[i].ns);
		free(p->e[i].name);
	}
	free(p->e);
	free(p);
}

/* "NAMESPACE_NAME_UID" (Kubernetes names never hold '_'): 0 added, 1 not a pod, -1 ENOMEM. */
static int pods_add(vt_pods *p, const char *d)
{
	const char *u1 = strchr(d, '_');
	const char *u2 = u1 ? strchr(u1 + 1, '_') : NULL;
	if (!u1 || !u2 || u1 == d || u2 == u1 + 1 || !u2[1] || strchr(u2 + 1, '_'))
		return 1;
	if (vt_grow(&p->e, &p->cap, p->n + 1, sizeof(*p->e), 32) < 0)
		return -1;
	pod_entry *e = &p->e[p->n];
	e->ns = strndup(d, (size_t)(u1 - d));
	e->name = strndup(u1 + 1, (size_t)(u2 - u1 - 1));
	e->uid = strdup(u2 + 1);
	p->n++;
	return e->ns && e->name && e->uid ? 0 : -1;
}

vt_pods *vt_pods_load(const char *root)
{
	vt_pods *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	DIR *dir = opendir(root ? root : "/var/log/pods");
	if (!dir)
		return p;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] != '.' && pods_add(p, de->d_name) < 0) {
			closedir(dir);
			vt_pods_free(p);
			return NULL;
		}
	}
	closedir(dir);
	return p;
}

int vt_pods_fill(const vt_pods *p, vt_cgroup *cg)
{
	if (!p || !cg->pod_uid)
		return 0;
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->e[i].uid, cg->pod_uid) != 0)
			continue;
		free(cg->pod);
		free(cg->namespace);
		cg->pod = strdup(p->e[i].name);
		cg->namespace = strdup(p->e[i].ns);
		return cg->pod && cg->namespace ? 0 : -1;
	}
	return 0;
}

/* --- showing and matching --- */

const char *vt_cgroup_label(const vt_cgroup *cg, char *buf, size_t sz)
{
	if (!cg || sz == 0)
		return NULL;
	if (cg->container)
		snprintf(buf, sz, "%.*s", VT_CONTAINER_SHORT, cg->container);
	else if (cg->pod && cg->namespace)
		snprintf(buf, sz, "%s/%s", cg->namespace, cg->pod);
	else if (cg->pod_uid)
		snprintf(buf, sz, "pod%s", cg->pod_uid);
	else if (cg->unit)
		snprintf(buf, sz, "%s", cg->unit);
	else
		return NULL;
	return buf;
}

static bool one_matches(const char *s, const char *pattern, bool glob)
{
	if (!s)
		return false;
	return glob ? fnmatch(pattern, s, 0) == 0 : strstr(s, pattern) != NULL;
}

bool vt_cgroup_match(const vt_cgroup *cg, const char *pattern)
{
	if (!cg || !cg->path)
		return false;
	bool glob = strpbrk(pattern, "*?[") != NULL;
	char pod[512];
	const char *podname = NULL;
	if (cg->pod && cg->namespace) {
		snprintf(pod, sizeof(pod), "%s/%s", cg->namespace, cg->pod);
		podname = pod;
	}
	return one_matches(cg->path, pattern, glob) || one_matches(cg->container, pattern, glob) ||
	       one_matches(podname, pattern, glob) || one_matches(cg->pod, pattern, glob) ||
	       one_matches(cg->pod_uid, pattern, glob) || one_matches(cg->unit, pattern, glob);
}
