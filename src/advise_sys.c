/* The limit advisor's view of the machine: kernel memory per VMA from
 * /proc/slabinfo, and whether vmatop runs inside a container. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/advise.h"

#define SLAB_NAME "vm_area_struct"
/* A vm_area_struct is a few hundred bytes on every kernel: reject nonsense. */
#define SLAB_MIN_OBJSIZE 32L
#define SLAB_MAX_OBJSIZE 65536L

static const char *root_or(const char *root, const char *def)
{
	return root ? root : def;
}

/* "name active num objsize ..." -> active and objsize; -1 when garbled. */
static long slab_parse_line(const char *line, long *active)
{
	char name[64];
	long act, num, objsize;
	if (sscanf(line, "%63s %ld %ld %ld", name, &act, &num, &objsize) != 4)
		return -1;
	if (strcmp(name, SLAB_NAME) != 0 || act < 0 || num < 0)
		return -1;
	if (objsize < SLAB_MIN_OBJSIZE || objsize > SLAB_MAX_OBJSIZE)
		return -1;
	*active = act;
	return objsize;
}

long vt_advise_slab_vma_bytes(const char *proc_root, long *active_objs)
{
	char path[4096], line[512];
	long size = -1, active = -1;
	snprintf(path, sizeof(path), "%s/slabinfo", root_or(proc_root, "/proc"));
	FILE *f = fopen(path, "re");
	if (f) {
		size_t n = strlen(SLAB_NAME);
		while (size < 0 && fgets(line, sizeof(line), f))
			if (strncmp(line, SLAB_NAME, n) == 0 && (line[n] == ' ' || line[n] == '\t'))
				size = slab_parse_line(line, &active);
		fclose(f);
	}
	if (active_objs)
		*active_objs = size > 0 ? active : -1;
	return size;
}

static bool file_exists(const char *root, const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s%s", root, rel);
	return access(path, F_OK) == 0;
}

/* Container runtimes leave their names in the cgroup paths of pid 1 (cgroup
 * v1, or v2 without a cgroup namespace) and in the sources of the files they
 * bind-mount into a container (/etc/hostname, /etc/hosts, /etc/resolv.conf).
 * The host's own mount table mentions /var/lib/docker too (overlay mounts),
 * so only those bind mounts count.  Ordered: the more specific first. */
typedef struct hint {
	const char *needle;
	vt_container_kind kind;
} hint;

static const hint cgroup_hints[] = {
	{ "kubepods", VT_CONTAINER_KUBERNETES },
	{ "libpod", VT_CONTAINER_PODMAN },
	{ "/docker", VT_CONTAINER_DOCKER },
	{ "/lxc", VT_CONTAINER_LXC },
	{ "containerd", VT_CONTAINER_OTHER },
	{ NULL, VT_CONTAINER_NONE }
};

static const hint mount_hints[] = {
	{ "/kubelet/pods/", VT_CONTAINER_KUBERNETES },
	{ "/containers/storage/", VT_CONTAINER_PODMAN },
	{ "/docker/containers/", VT_CONTAINER_DOCKER },
	{ "/lxc/", VT_CONTAINER_LXC },
	{ "containerd", VT_CONTAINER_OTHER },
	{ NULL, VT_CONTAINER_NONE }
};

static vt_container_kind hint_match(const hint *h, const char *s)
{
	for (; h->needle; h++)
		if (strstr(s, h->needle))
			return h->kind;
	return VT_CONTAINER_NONE;
}

/* A mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT ...".  The root of a
 * bind mount onto /etc/hostname and friends, or "" when it is not one. */
static const char *bind_source(char *line)
{
	static const char *targets[] = { "/etc/hostname", "/etc/hosts", "/etc/resolv.conf" };
	char *save = NULL, *f[5];
	for (int i = 0; i < 5; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " \t\n", &save)))
			return "";
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (strcmp(f[4], targets[i]) == 0)
			return f[3];
	return "";
}

/* Scan one file for a runtime's name.  NONE when absent or unreadable.
 * Whole lines: overlay mount lines with many layers run past any buffer. */
static vt_container_kind hint_in_file(const char *path, bool mountinfo)
{
	char *line = NULL;
	size_t cap = 0;
	vt_container_kind k = VT_CONTAINER_NONE;
	FILE *f = fopen(path, "re");
	if (!f)
		return k;
	while (k == VT_CONTAINER_NONE && getline(&line, &cap, f) > 0)
		k = mountinfo ? hint_match(mount_hints, bind_source(line))
			      : hint_match(cgroup_hints, line);
	free(line);
	fclose(f);
	return k;
}

/* The $container variable (systemd-nspawn, podman, lxc set it). */
static vt_container_kind kind_from_var(const char *v)
{
	if (!v || !*v)
		return VT_CONTAINER_NONE;
	if (strcmp(v, "docker") == 0)
		return VT_CONTAINER_DOCKER;
	if (strcmp(v, "podman") == 0 || strcmp(v, "oci") == 0)
		return VT_CONTAINER_PODMAN;
	if (strcmp(v, "lxc") == 0 || strcmp(v, "lxc-libvirt") == 0)
		return VT_CONTAINER_LXC;
	if (strcmp(v, "systemd-nspawn") == 0)
		return VT_CONTAINER_NSPAWN;
	return VT_CONTAINER_OTHER;
}

static vt_container_kind hint_in_proc(const vt_advise_env *env, char *why, size_t whysz)
{
	static const char *files[] = { "1/cgroup", "self/mountinfo" };
	char path[4096];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root_or(env->proc_root, "/proc"), files[i]);
		vt_container_kind k = hint_in_file(path, i == 1);
		if (k != VT_CONTAINER_NONE) {
			snprintf(why, whysz, "/proc/%s", files[i]);
			return k;
		}
	}
	return VT_CONTAINER_NONE;
}

vt_container_kind vt_advise_detect_container(const vt_advise_env *env, char *why, size_t whysz)
{
	static const vt_advise_env defaults = VT_ADVISE_ENV_DEFAULT;
	const char *root = env && env->fs_root ? env->fs_root : "";
	if (!env)
		env = &defaults;
	if (whysz)
		why[0] = '\0';
	if (file_exists(root, "/.dockerenv")) {
		snprintf(why, whysz, "/.dockerenv");
		return VT_CONTAINER_DOCKER;
	}
	if (file_exists(root, "/run/.containerenv")) {
		snprintf(why, whysz, "/run/.containerenv");
		return VT_CONTAINER_PODMAN;
	}
	const char *var = env->no_container_var ? NULL
			  : env->container_var ? env->container_var : getenv("container");
	vt_container_kind k = kind_from_var(var);
	if (k != VT_CONTAINER_NONE) {
		snprintf(why, whysz, "$container");
		return k;
	}
	return hint_in_proc(env, why, whysz);
}

const char *vt_container_name(vt_container_kind k)
{
	static const char *names[] = {
		[VT_CONTAINER_NONE] = "none",
		[VT_CONTAINER_DOCKER] = "Docker",
		[VT_CONTAINER_PODMAN] = "Podman",
		[VT_CONTAINER_KUBERNETES] = "Kubernetes",
		[VT_CONTAINER_LXC] = "LXC",
		[VT_CONTAINER_NSPAWN] = "systemd-nspawn",
		[VT_CONTAINER_OTHER] = "a container",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "a container";
}
