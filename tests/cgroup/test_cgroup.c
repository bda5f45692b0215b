/* cgroup attribution on fixtures: real /proc/PID/cgroup files of docker,
 * containerd (CRI), cri-o, podman and systemd, this hybrid build host, and
 * hostile lines; the pods log directory; groups; the writers' fields. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/cgroup.h"
#include "vmatop/export.h"
#include "vmatop/proc.h"

#define PROC FIXTURES "/cgroup/proc"
#define PODS FIXTURES "/cgroup/pods"
#define DOCKER "4bd5a8f8c7e3d2a1b0c9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7"
#define CRI "9e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"
#define CRIO "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc"
#define LIBPOD "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define POD "6c1b8e0a-2f3d-4b5c-9a7e-1d2c3b4a5f60"
#define STATIC_POD "0123456789abcdef0123456789abcdef"

/* What one fixture must give (NULL: unknown). */
typedef struct want {
	pid_t pid;
	const char *path, *container, *pod_uid, *pod, *namespace, *unit;
} want;

static const want wants[] = {
	{ 101, "/docker/" DOCKER, DOCKER, NULL, NULL, NULL, NULL },
	{ 102, "/system.slice/docker-" DOCKER ".scope", DOCKER, NULL, NULL, NULL,
	  "docker-" DOCKER ".scope" },
	{ 103, "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	       "6c1b8e0a_2f3d_4b5c_9a7e_1d2c3b4a5f60.slice/cri-containerd-" CRI ".scope",
	  CRI, POD, "web-7d9f8b6c5-x2x9z", "shop", "cri-containerd-" CRI ".scope" },
	{ 104, "/kubepods/besteffort/pod" POD "/" CRI, CRI, POD, "web-7d9f8b6c5-x2x9z", "shop", NULL },
	{ 105, "/kubepods.slice/kubepods-pod6c1b8e0a_2f3d_4b5c_9a7e_1d2c3b4a5f60.slice/crio-" CRIO
	       ".scope", CRIO, POD, "web-7d9f8b6c5-x2x9z", "shop", "crio-" CRIO ".scope" },
	{ 106, "/kubepods.slice/kubepods-pod6c1b8e0a_2f3d_4b5c_9a7e_1d2c3b4a5f60.slice/crio-conmon-"
	       CRIO ".scope", NULL, POD, "web-7d9f8b6c5-x2x9z", "shop", "crio-conmon-" CRIO ".scope" },
	{ 107, "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" LIBPOD
	       ".scope/container", LIBPOD, NULL, NULL, NULL, "libpod-" LIBPOD ".scope" },
	{ 108, "/machine.slice/libpod-" LIBPOD ".scope", LIBPOD, NULL, NULL, NULL,
	  "libpod-" LIBPOD ".scope" },
	{ 109, "/system.slice/nginx.service", NULL, NULL, NULL, NULL, "nginx.service" },
	{ 110, "/user.slice/user-1000.slice/session-3.scope", NULL, NULL, NULL, NULL, "session-3.scope" },
	{ 111, "/kubepods/burstable/pod" STATIC_POD "/" CRI, CRI, STATIC_POD, "etcd-node1",
	  "kube-system", NULL },
	{ 112, "/process_api/e3fd9e24bf626ab97d6d8b43134dd424", NULL, NULL, NULL, NULL, NULL },
	{ 113, "/system.slice/gone.service", NULL, NULL, NULL, NULL, "gone.service" },
};

static void assert_str_or_null(const char *want, const char *got)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(want, got);
	}
}

static void test_runtimes(void **state)
{
	(void)state;
	vt_pods *pods = vt_pods_load(PODS);
	assert_non_null(pods);
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const want *w = &wants[i];
		vt_cgroup cg = { 0 };
		print_message("pid %d\n", (int)w->pid);
		assert_int_equal(vt_cgroup_read(-1, PROC, w->pid, &cg), 0);
		assert_int_equal(vt_pods_fill(pods, &cg), 0);
		assert_str_or_null(w->path, cg.path);
		assert_str_or_null(w->container, cg.container);
		assert_str_or_null(w->pod_uid, cg.pod_uid);
		assert_str_or_null(w->pod, cg.pod);
		assert_str_or_null(w->namespace, cg.namespace);
		assert_str_or_null(w->unit, cg.unit);
		vt_cgroup_clear(&cg);
	}
	vt_pods_free(pods);
}

static void test_hostile(void **state)
{
	(void)state;
	vt_cgroup cg = { 0 };
	/* Junk lines skipped; 63 and 65 digits are no container id; raw bytes kept
	 * (the writers sanitize). */
	assert_int_equal(vt_cgroup_read(-1, PROC, 114, &cg), 0);
	assert_non_null(cg.path);
	assert_memory_equal(cg.path, "/evil/", 6);
	assert_non_null(strstr(cg.path, "\033[2J\xff"));
	assert_null(cg.container);
	assert_null(cg.pod_uid);
	assert_non_null(cg.unit);
	assert_memory_equal(cg.unit, "\033[2J", 4);
	vt_cgroup_clear(&cg);
	/* An empty file, no usable line, a process that is gone: -1, nothing known. */
	assert_int_equal(vt_cgroup_read(-1, PROC, 115, &cg), -1);
	assert_null(cg.path);
	assert_int_equal(vt_cgroup_read(-1, PROC, 116, &cg), -1);
	assert_null(cg.path);
	assert_int_equal(vt_cgroup_read(-1, PROC, 999999, &cg), -1);
	assert_null(cg.path);
	assert_int_equal(vt_cgroup_read(-1, FIXTURES "/cgroup/no-such-root", 101, &cg), -1);
}

static void pick(const char *text, const char *want)
{
	char *got = vt_cgroup_pick(text, strlen(text));
	assert_str_or_null(want, got);
	free(got);
}

static void test_pick(void **state)
{
	(void)state;
	pick("0::/a\n1:name=systemd:/b\n", "/a");
	pick("1:name=systemd:/b\n0::/\n", "/b");
	pick("4:memory:/m\n1:name=systemd:/\n0::/\n", "/m");
	pick("4:cpu,memory:/m\n", "/m");
	pick("4:memoryx:/m\n", NULL);
	pick("0::/\n", "/");
	pick("0:x:/a\n", NULL);
	pick("", NULL);
	pick("0::", NULL);
	pick("0::/a (deleted)", "/a");
	pick(":::::\n::/x\n0::/ok", "/ok");
}

static void test_pods_dir(void **state)
{
	(void)state;
	/* Missing directory: an empty table, never an error. */
	vt_pods *p = vt_pods_load(FIXTURES "/cgroup/no-such-dir");
	assert_non_null(p);
	vt_cgroup cg = { 0 };
	assert_int_equal(vt_cgroup_read(-1, PROC, 103, &cg), 0);
	assert_int_equal(vt_pods_fill(p, &cg), 0);
	assert_string_equal(cg.pod_uid, POD);
	assert_null(cg.pod);
	assert_null(cg.namespace);
	vt_pods_free(p);
	vt_cgroup_clear(&cg);
}

static void test_label_and_match(void **state)
{
	(void)state;
	char buf[128];
	vt_pods *pods = vt_pods_load(PODS);
	vt_cgroup cg = { 0 };
	assert_int_equal(vt_cgroup_read(-1, PROC, 103, &cg), 0);
	assert_string_equal(vt_cgroup_label(&cg, buf, sizeof(buf)), "9e1f2a3b4c5d");
	assert_true(vt_cgroup_match(&cg, "9e1f2a3b4c5d"));
	assert_true(vt_cgroup_match(&cg, "kubepods-burstable"));
	assert_false(vt_cgroup_match(&cg, "shop/web"));      /* pod unnamed yet */
	vt_pods_fill(pods, &cg);
	assert_true(vt_cgroup_match(&cg, "shop/web"));
	assert_true(vt_cgroup_match(&cg, "shop/web-*"));
	assert_true(vt_cgroup_match(&cg, "web-*"));
	assert_true(vt_cgroup_match(&cg, "*.slice/cri-containerd-*"));
	assert_false(vt_cgroup_match(&cg, "docker"));
	assert_false(vt_cgroup_match(&cg, "shop/db-*"));
	vt_cgroup_clear(&cg);
	assert_int_equal(vt_cgroup_read(-1, PROC, 109, &cg), 0);
	assert_string_equal(vt_cgroup_label(&cg, buf, sizeof(buf)), "nginx.service");
	assert_true(vt_cgroup_match(&cg, "nginx.service"));
	assert_true(vt_cgroup_match(&cg, "*.service"));
	vt_cgroup_clear(&cg);
	assert_int_equal(vt_cgroup_read(-1, PROC, 106, &cg), 0);
	vt_pods_fill(pods, &cg);
	assert_string_equal(vt_cgroup_label(&cg, buf, sizeof(buf)), "shop/web-7d9f8b6c5-x2x9z");
	vt_cgroup_clear(&cg);
	/* Unknown: no label, matches nothing (not even "*"). */
	assert_null(vt_cgroup_label(&cg, buf, sizeof(buf)));
	assert_false(vt_cgroup_match(&cg, "*"));
	vt_pods_free(pods);
}

/* A snapshot of fixture processes: pid -> vmas; cgroups from the fixtures. */
static void build(vt_snapshot *s, const pid_t *pids, const long *vmas, size_t n)
{
	vt_pods *pods = vt_pods_load(PODS);
	vt_snapshot_init(s);
	s->max_map_count = 1000;
	for (size_t i = 0; i < n; i++) {
		vt_proc *p = vt_snapshot_add(s);
		assert_non_null(p);
		p->pid = pids[i];
		p->comm = strdup("proc");
		p->cmdline = strdup("");
		snprintf(p->user, sizeof(p->user), "root");
		p->vmas = vmas[i];
		if (vt_cgroup_read(-1, PROC, pids[i], &p->cg) == 0)
			vt_pods_fill(pods, &p->cg);
	}
	vt_pods_free(pods);
}

static void test_groups(void **state)
{
	(void)state;
	/* 101 and 102 are the same docker container (two drivers, one id); 103
	 * and 104 the same CRI container; 106 the pod's conmon; 109 a unit;
	 * 115 unreadable. */
	static const pid_t pids[] = { 101, 102, 103, 104, 106, 109, 115, 112 };
	static const long vmas[] = { 300, 500, 100, VT_UNKNOWN, 7, 900, 40, 2 };
	vt_snapshot s;
	vt_cgroup_group *g;
	size_t n;
	build(&s, pids, vmas, 8);
	assert_int_equal(vt_cgroup_groups(&s, NULL, NULL, &g, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(g[0].kind, VT_GROUP_UNIT);
	assert_string_equal(g[0].key, "nginx.service");
	assert_int_equal(g[0].vmas, 900);
	assert_int_equal(g[1].kind, VT_GROUP_CONTAINER);
	assert_string_equal(g[1].key, DOCKER);
	assert_int_equal(g[1].procs, 2);
	assert_int_equal(g[1].vmas, 800);
	assert_int_equal(g[1].worst->pid, 102);
	assert_int_equal(g[2].kind, VT_GROUP_CONTAINER);
	assert_string_equal(g[2].key, CRI);
	assert_int_equal(g[2].procs, 2);
	assert_int_equal(g[2].vmas, 100);          /* the unknown count is not summed */
	assert_int_equal(g[2].worst->pid, 103);
	assert_int_equal(g[3].kind, VT_GROUP_UNKNOWN);
	assert_int_equal(g[3].vmas, 40);
	assert_int_equal(g[4].kind, VT_GROUP_POD);
	assert_string_equal(g[4].key, POD);
	assert_int_equal(g[5].kind, VT_GROUP_CGROUP);
	assert_string_equal(vt_group_kind_name(g[5].kind), "cgroup");
	free(g);

	/* A deep copy keeps every field. */
	vt_snapshot c;
	vt_snapshot_init(&c);
	assert_int_equal(vt_snapshot_copy(&c, &s), 0);
	assert_string_equal(c.procs[2].cg.pod, "web-7d9f8b6c5-x2x9z");
	assert_ptr_not_equal(c.procs[2].cg.pod, s.procs[2].cg.pod);
	assert_null(c.procs[6].cg.path);
	vt_snapshot_free(&c);
	vt_snapshot_free(&s);
}

static char *capture(const vt_snapshot *s, int (*fn)(FILE *, const vt_snapshot *, long))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(fn(f, s, 0), 0);
	fclose(f);
	return buf;
}

static void test_writers(void **state)
{
	(void)state;
	static const pid_t pids[] = { 103, 109, 114, 115 };
	static const long vmas[] = { 850, 10, 5, 4 };
	vt_snapshot s;
	build(&s, pids, vmas, 4);
	s.procs[0].eta = 120.5;
	char *j = capture(&s, vt_write_json);
	assert_non_null(strstr(j, "\"cgroup\":\"/kubepods.slice/"));
	assert_non_null(strstr(j, "\"container\":\"" CRI "\",\"pod_uid\":\"" POD "\",\"pod\":"
				  "\"web-7d9f8b6c5-x2x9z\",\"namespace\":\"shop\",\"unit\":"
				  "\"cri-containerd-" CRI ".scope\""));
	assert_non_null(strstr(j, "\"cgroup\":null,\"container\":null,\"pod_uid\":null,\"pod\":null,"
				  "\"namespace\":null,\"unit\":null"));
	assert_null(strstr(j, "\033"));               /* the hostile path is sanitized */
	assert_null(strstr(j, "\xff"));
	free(j);
	char *om = capture(&s, vt_write_openmetrics);
	assert_non_null(strstr(om, "vmatop_process_vmas{pid=\"103\",comm=\"proc\",container="
				   "\"9e1f2a3b4c5d\",pod=\"web-7d9f8b6c5-x2x9z\",namespace=\"shop\","
				   "unit=\"cri-containerd-" CRI ".scope\"} 850\n"));
	assert_non_null(strstr(om, "vmatop_process_vmas{pid=\"109\",comm=\"proc\",unit=\"nginx.service\"} 10\n"));
	assert_non_null(strstr(om, "vmatop_process_vmas{pid=\"115\",comm=\"proc\"} 4\n"));
	assert_non_null(strstr(om, "vmatop_seconds_to_limit{pid=\"103\",comm=\"proc\",container="
				   "\"9e1f2a3b4c5d\",pod=\"web-7d9f8b6c5-x2x9z\",namespace=\"shop\","
				   "unit=\"cri-containerd-" CRI ".scope\"} 120.5\n"));
	assert_null(strstr(om, "vmatop_seconds_to_limit{pid=\"109\""));   /* not growing */
	assert_non_null(strstr(om, "vmatop_container_worst_ratio{container=\"9e1f2a3b4c5d\","
				   "pod=\"web-7d9f8b6c5-x2x9z\",namespace=\"shop\",unit="
				   "\"cri-containerd-" CRI ".scope\"} 0.85\n"));
	assert_non_null(strstr(om, "vmatop_container_vmas{container=\"9e1f2a3b4c5d\""));
	assert_null(strstr(om, "\033"));
	free(om);
	/* Text: the column shows the short id, the unit, "-". */
	char *t = NULL;
	size_t tl = 0;
	FILE *f = open_memstream(&t, &tl);
	vt_text_opts to = { .cgroup = true };
	assert_int_equal(vt_write_text(f, &s, &to), 0);
	fclose(f);
	assert_non_null(strstr(t, "CONTAINER/UNIT COMMAND\n"));
	assert_non_null(strstr(t, " 9e1f2a3b4c5d   proc\n"));
	assert_non_null(strstr(t, " nginx.service  proc\n"));
	assert_non_null(strstr(t, " -              proc\n"));
	assert_null(strstr(t, "\033"));
	free(t);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtimes),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_pods_dir),
		cmocka_unit_test(test_label_and_match),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_writers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
