/* The limit advisor: recommendation arithmetic, floors, cost from slabinfo
 * fixtures, container hints, and the rendered commands. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/advise.h"

#define ADV FIXTURES "/advise"
#define ES_CMD "/usr/share/elasticsearch/jdk/bin/java -Xms1g org.elasticsearch.bootstrap.Elasticsearch"

/* ---- helpers ---- */

static vt_proc *add(vt_snapshot *s, pid_t pid, const char *comm, const char *cmdline, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	p->comm = strdup(comm);
	p->cmdline = strdup(cmdline);
	p->vmas = vmas;
	if (vmas == VT_UNKNOWN)
		s->unreadable++;
	else
		s->total_vmas += vmas;
	return p;
}

static void snap(vt_snapshot *s, long limit)
{
	vt_snapshot_init(s);
	s->max_map_count = limit;
}

static void pure(vt_advice *a, const vt_snapshot *s, const vt_advise_peak *pk)
{
	vt_advise_compute_pure(a, s, pk, 1.5, 10000, 192, true);
}

static const vt_advise_line *find_line(const vt_advise_lines *l, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].text, text) == 0)
			return &l->v[i];
	return NULL;
}

static bool any_contains(const vt_advise_lines *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i].text, needle))
			return true;
	return false;
}

static void expect_command(const vt_advise_lines *l, const char *text)
{
	const vt_advise_line *ln = find_line(l, text);
	if (!ln)
		fail_msg("no line '%s'", text);
	assert_int_equal(ln->kind, VT_ADVISE_LINE_COMMAND);
}

/* ---- rounding ---- */

static void test_round_basic(void **state)
{
	(void)state;
	bool capped = true;
	assert_int_equal(vt_advise_round(41234, 1.5, 10000, &capped), 70000);
	assert_false(capped);
	assert_int_equal(vt_advise_round(1, 1.5, 1, NULL), 2);          /* 1.5 -> 2 */
	assert_int_equal(vt_advise_round(3, 1.5, 1, NULL), 5);          /* 4.5 -> 5 */
	assert_int_equal(vt_advise_round(1000, 2.0, 1000, NULL), 2000);
	assert_int_equal(vt_advise_round(1001, 1.0, 1000, NULL), 2000);
	assert_int_equal(vt_advise_round(999, 1.0, 1000, NULL), 1000);
}

/* Exact multiples stay put, also for decimal factors a double cannot hold. */
static void test_round_exact_multiples(void **state)
{
	(void)state;
	assert_int_equal(vt_advise_round(20000, 1.5, 10000, NULL), 30000);
	assert_int_equal(vt_advise_round(20001, 1.5, 10000, NULL), 40000);  /* 30001.5 */
	assert_int_equal(vt_advise_round(100000, 1.1, 10000, NULL), 110000);
	assert_int_equal(vt_advise_round(100001, 1.1, 10000, NULL), 120000);
	assert_int_equal(vt_advise_round(300000, 1.7, 10000, NULL), 510000);
	assert_int_equal(vt_advise_round(65530, 1.0, 65530, NULL), 65530);
	assert_int_equal(vt_advise_round(174763, 1.5, 1, NULL), 262145);    /* 262144.5 */
	assert_int_equal(vt_advise_round(174762, 1.5, 1, NULL), 262143);
}

static void test_round_degenerate(void **state)
{
	(void)state;
	assert_int_equal(vt_advise_round(0, 1.5, 10000, NULL), 0);
	assert_int_equal(vt_advise_round(-5, 1.5, 10000, NULL), 0);
	assert_int_equal(vt_advise_round(VT_UNKNOWN, 1.5, 10000, NULL), 0);
	/* A factor below 1 (or NAN) means 1: never recommend below the peak. */
	assert_int_equal(vt_advise_round(5000, 0.5, 1, NULL), 5000);
	assert_int_equal(vt_advise_round(5000, NAN, 1, NULL), 5000);
	/* A step of 0 or less means 1. */
	assert_int_equal(vt_advise_round(5001, 1.0, 0, NULL), 5001);
	assert_int_equal(vt_advise_round(5001, 1.0, -10, NULL), 5001);
}

static void test_round_huge(void **state)
{
	(void)state;
	bool capped = false;
	assert_int_equal(vt_advise_round(LONG_MAX, 100.0, 1, &capped), VT_ADVISE_MAX_LIMIT);
	assert_true(capped);
	capped = false;
	assert_int_equal(vt_advise_round(LONG_MAX, 1.0, LONG_MAX, &capped), VT_ADVISE_MAX_LIMIT);
	assert_true(capped);
	capped = true;
	assert_int_equal(vt_advise_round(VT_ADVISE_MAX_LIMIT, 1.0, 1, &capped), VT_ADVISE_MAX_LIMIT);
	assert_false(capped);
	/* 2147483647 rounded up to 10000 would exceed what the kernel accepts. */
	assert_int_equal(vt_advise_round(VT_ADVISE_MAX_LIMIT, 1.0, 10000, &capped), VT_ADVISE_MAX_LIMIT);
	assert_true(capped);
	assert_int_equal(vt_advise_round(2147480000L, 1.0, 10000, &capped), 2147480000L);
	assert_false(capped);
	assert_int_equal(vt_advise_round(1000000000L, 1e300, 1, &capped), VT_ADVISE_MAX_LIMIT);
	assert_true(capped);
	assert_int_equal(vt_advise_round(1, 1.0, 100000000L, &capped), 100000000L);
	assert_false(capped);
}

/* ---- the recommendation and its floors ---- */

static void test_from_peak(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, 65530);
	add(&s, 10, "bash", "bash", 40);
	add(&s, 20, "java", "java -jar app.jar", 41234);
	add(&s, 30, "sshd", "sshd", VT_UNKNOWN);
	pure(&a, &s, NULL);
	assert_int_equal(a.limit, 65530);
	assert_int_equal(a.now_vmas, 41234);
	assert_int_equal(a.now_pid, 20);
	assert_string_equal(a.now_comm, "java");
	assert_int_equal(a.headroom_left, 65530 - 41234);
	assert_int_equal(a.peak_vmas, 41234);
	assert_int_equal(a.from_peak, 70000);
	assert_int_equal(a.recommended, 70000);
	assert_int_equal(a.basis, VT_ADVISE_FROM_PEAK);
	assert_true(a.raise);
	assert_null(a.workload);
	assert_true(fabs(a.now_percent - 100.0 * 41234 / 65530) < 1e-9);
	assert_int_equal(a.total_vmas, 41274);
	assert_int_equal(a.processes, 3);
	assert_int_equal(a.unreadable, 1);
	vt_snapshot_free(&s);
}

/* The TUI's peak (seen earlier) beats the current worst. */
static void test_peak_beats_now(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_peak pk;
	snap(&s, 65530);
	add(&s, 20, "java", "java", 1000);
	vt_advise_peak_init(&pk);
	assert_int_equal(pk.vmas, VT_UNKNOWN);
	vt_advise_peak_update(&pk, &s);
	assert_int_equal(pk.vmas, 1000);
	s.procs[0].vmas = 60000;
	s.procs[0].pid = 21;
	vt_advise_peak_update(&pk, &s);
	assert_int_equal(pk.vmas, 60000);
	assert_int_equal(pk.pid, 21);
	s.procs[0].vmas = 500;       /* usage fell: the peak stays */
	vt_advise_peak_update(&pk, &s);
	assert_int_equal(pk.vmas, 60000);
	pure(&a, &s, &pk);
	assert_int_equal(a.now_vmas, 500);
	assert_int_equal(a.peak_vmas, 60000);
	assert_int_equal(a.peak_pid, 21);
	assert_int_equal(a.recommended, 90000);
	/* A stale peak below the current worst is ignored. */
	pk.vmas = 100;
	pure(&a, &s, &pk);
	assert_int_equal(a.peak_vmas, 500);
	vt_snapshot_free(&s);
}

static void test_never_below_current(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, 1048576);
	add(&s, 20, "java", "java", 41234);
	pure(&a, &s, NULL);
	assert_int_equal(a.from_peak, 70000);
	assert_int_equal(a.recommended, 1048576);
	assert_int_equal(a.basis, VT_ADVISE_KEEP_CURRENT);
	assert_false(a.raise);
	/* Exactly equal: keep, no raise. */
	s.max_map_count = 70000;
	pure(&a, &s, NULL);
	assert_int_equal(a.recommended, 70000);
	assert_int_equal(a.basis, VT_ADVISE_KEEP_CURRENT);
	assert_false(a.raise);
	vt_snapshot_free(&s);
}

static void test_elasticsearch_floor(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, 65530);
	add(&s, 10, "bash", "bash", 40);
	add(&s, 77, "java", ES_CMD, 3000);
	pure(&a, &s, NULL);
	assert_non_null(a.workload);
	assert_string_equal(a.workload->name, "Elasticsearch");
	assert_int_equal(a.workload_pid, 77);
	assert_int_equal(a.recommended, 262144);
	assert_int_equal(a.basis, VT_ADVISE_WORKLOAD);
	assert_true(a.raise);
	/* The peak wins when it asks for more. */
	s.procs[1].vmas = 200000;
	s.total_vmas = 200040;
	pure(&a, &s, NULL);
	assert_int_equal(a.recommended, 300000);
	assert_int_equal(a.basis, VT_ADVISE_FROM_PEAK);
	assert_non_null(a.workload);
	/* The current limit wins when it is higher still. */
	s.max_map_count = 2147483642;
	pure(&a, &s, NULL);
	assert_int_equal(a.recommended, 2147483642);
	assert_int_equal(a.basis, VT_ADVISE_KEEP_CURRENT);
	vt_snapshot_free(&s);
}

static void test_workload_match(void **state)
{
	(void)state;
	const vt_advise_workload *w;
	w = vt_advise_match_workload("java org.opensearch.bootstrap.OpenSearch -d");
	assert_non_null(w);
	assert_string_equal(w->name, "OpenSearch");
	assert_int_equal(w->min_limit, 262144);
	w = vt_advise_match_workload("java -p /x org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch");
	assert_non_null(w);
	assert_string_equal(w->name, "Elasticsearch");
	assert_null(vt_advise_match_workload("grep elasticsearch"));
	assert_null(vt_advise_match_workload(""));
	assert_null(vt_advise_match_workload(NULL));
	/* Every entry is well formed and at least 262144. */
	size_t n = 0;
	for (w = vt_advise_workloads(); w->name; w++, n++) {
		assert_non_null(w->needle);
		assert_true(w->min_limit >= 262144);
		assert_int_equal(vt_advise_match_workload(w->needle)->min_limit, w->min_limit);
	}
	assert_true(n >= 2);
}

/* Kernel threads are never a workload, even with a matching name. */
static void test_workload_not_kthread(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, 65530);
	vt_proc *p = add(&s, 2, "kthreadd", "org.opensearch.bootstrap.OpenSearch", 0);
	p->kthread = true;
	pure(&a, &s, NULL);
	assert_null(a.workload);
	assert_int_equal(a.recommended, 65530);
	vt_snapshot_free(&s);
}

static void test_unknown_limit(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, VT_UNKNOWN);
	add(&s, 20, "java", "java", 41234);
	pure(&a, &s, NULL);
	assert_int_equal(a.limit, VT_UNKNOWN);
	assert_true(isnan(a.now_percent));
	assert_int_equal(a.headroom_left, VT_UNKNOWN);
	assert_int_equal(a.recommended, 70000);
	assert_int_equal(a.basis, VT_ADVISE_FROM_PEAK);
	assert_true(a.raise);
	vt_advise_lines l;
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "unreadable"));
	expect_command(&l, "sudo sysctl -w vm.max_map_count=70000");
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

static void test_zero_processes(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 65530);
	pure(&a, &s, NULL);
	assert_int_equal(a.now_vmas, VT_UNKNOWN);
	assert_int_equal(a.peak_vmas, VT_UNKNOWN);
	assert_int_equal(a.from_peak, 0);
	assert_int_equal(a.recommended, 65530);
	assert_int_equal(a.basis, VT_ADVISE_KEEP_CURRENT);
	assert_int_equal(a.total_vmas, 0);
	assert_int_equal(a.total_bytes, 0);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	expect_command(&l, "sudo sysctl -w vm.max_map_count=65530");
	vt_advise_lines_free(&l);
	/* Nothing known at all: no number, no commands, but still an answer. */
	s.max_map_count = VT_UNKNOWN;
	pure(&a, &s, NULL);
	assert_int_equal(a.recommended, VT_UNKNOWN);
	assert_false(a.raise);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(l.n > 0);
	assert_true(any_contains(&l, "No recommendation"));
	assert_false(any_contains(&l, "sysctl -w"));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

static void test_huge_values(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_peak pk;
	snap(&s, 65530);
	add(&s, 20, "big", "big", 2147483000L);
	vt_advise_peak_init(&pk);
	pk.vmas = LONG_MAX;
	pk.pid = 21;
	vt_advise_compute_pure(&a, &s, &pk, 100.0, 10000, 192, true);
	assert_int_equal(a.recommended, VT_ADVISE_MAX_LIMIT);
	assert_int_equal(a.basis, VT_ADVISE_CAPPED);
	assert_int_equal(a.worst_bytes, 192ULL * (unsigned long long)VT_ADVISE_MAX_LIMIT);
	assert_int_equal(a.total_bytes, 192ULL * 2147483000ULL);
	/* Saturating cost arithmetic: never wraps. */
	s.total_vmas = LONG_MAX;
	vt_advise_compute_pure(&a, &s, &pk, 1.5, 10000, LONG_MAX, true);
	assert_int_equal(a.total_bytes, ~0ULL);
	vt_advise_lines l;
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	expect_command(&l, "sudo sysctl -w vm.max_map_count=2147483647");
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* -p/-u: the advice comes from the selection, the machine totals from all. */
static void test_set_totals(void **state)
{
	(void)state;
	vt_snapshot sel, all;
	vt_advice a;
	vt_advise_lines l;
	snap(&sel, 65530);
	add(&sel, 20, "java", "java", 41234);
	snap(&all, 65530);
	add(&all, 20, "java", "java", 41234);
	add(&all, 21, "bash", "bash", 66);
	add(&all, 22, "sshd", "sshd", VT_UNKNOWN);
	vt_advise_compute_pure(&a, &sel, NULL, 1.5, 10000, 200, true);
	assert_int_equal(a.processes, 1);
	vt_advise_set_totals(&a, &all);
	assert_int_equal(a.total_vmas, 41300);
	assert_int_equal(a.total_bytes, 41300ULL * 200);
	assert_int_equal(a.processes, 3);
	assert_int_equal(a.unreadable, 1);
	assert_int_equal(a.recommended, 70000);
	assert_int_equal(a.worst_bytes, 70000ULL * 200);
	assert_true(a.vma_bytes_measured);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Machine total:      41,300 VMAs in 3 processes (1 unreadable, not counted)"));
	vt_advise_lines_free(&l);
	vt_advise_compute_pure(&a, &sel, NULL, 1.5, 10000, 200, true);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Machine total:      41,234 VMAs in 1 process"));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&sel);
	vt_snapshot_free(&all);
}

/* ---- the cost ---- */

static void test_cost_pure(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	snap(&s, 65530);
	add(&s, 20, "java", "java", 41234);
	add(&s, 21, "bash", "bash", 66);
	vt_advise_compute_pure(&a, &s, NULL, 1.5, 10000, 200, true);
	assert_int_equal(a.vma_bytes, 200);
	assert_true(a.vma_bytes_measured);
	assert_int_equal(a.worst_bytes, 70000ULL * 200);
	assert_int_equal(a.total_vmas, 41300);
	assert_int_equal(a.total_bytes, 41300ULL * 200);
	/* No measurement: the documented estimate, marked as such. */
	vt_advise_compute_pure(&a, &s, NULL, 1.5, 10000, -1, false);
	assert_int_equal(a.vma_bytes, VT_ADVISE_VMA_BYTES_ESTIMATE);
	assert_false(a.vma_bytes_measured);
	assert_int_equal(a.worst_bytes, 70000ULL * VT_ADVISE_VMA_BYTES_ESTIMATE);
	vt_snapshot_free(&s);
}

static void test_slabinfo_fixture(void **state)
{
	(void)state;
	long active = 0;
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/slab-ok", &active), 200);
	assert_int_equal(active, 12345);
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/slab-ok", NULL), 200);
	active = 0;
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/slab-garbled", &active), -1);
	assert_int_equal(active, -1);
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/slab-absent", &active), -1);
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/slab-missing", &active), -1);
	assert_int_equal(vt_advise_slab_vma_bytes(ADV "/no-such-dir", &active), -1);
	assert_int_equal(active, -1);
}

static void compute_env(vt_advice *a, const char *proc_root)
{
	vt_snapshot s;
	vt_advise_env env = { .proc_root = proc_root, .fs_root = ADV "/host",
			      .no_container_var = true };
	snap(&s, 65530);
	add(&s, 20, "java", "java", 41234);
	vt_advise_compute(a, &s, NULL, 1.5, 10000, &env);
	vt_snapshot_free(&s);
}

static void test_cost_from_slabinfo(void **state)
{
	(void)state;
	vt_advice a;
	vt_advise_lines l;
	compute_env(&a, ADV "/slab-ok");
	assert_int_equal(a.vma_bytes, 200);
	assert_true(a.vma_bytes_measured);
	assert_int_equal(a.slab_active, 12345);
	assert_int_equal(a.worst_bytes, 70000ULL * 200);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "200 bytes (vm_area_struct object size, /proc/slabinfo)"));
	vt_advise_lines_free(&l);

	const char *bad[] = { ADV "/slab-garbled", ADV "/slab-absent", ADV "/slab-missing" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		compute_env(&a, bad[i]);
		assert_int_equal(a.vma_bytes, VT_ADVISE_VMA_BYTES_ESTIMATE);
		assert_false(a.vma_bytes_measured);
		assert_int_equal(a.slab_active, -1);
		assert_int_equal(vt_advise_render(&a, 0, &l), 0);
		assert_true(any_contains(&l, "estimate"));
		vt_advise_lines_free(&l);
	}
}

/* ---- containers ---- */

static vt_container_kind detect(const char *proc, const char *fs, const char *var, char *why)
{
	vt_advise_env env = { .proc_root = proc, .fs_root = fs, .container_var = var,
			      .no_container_var = var == NULL };
	return vt_advise_detect_container(&env, why, 128);
}

static void test_container_detection(void **state)
{
	(void)state;
	char why[128];
	assert_int_equal(detect(ADV "/host/proc", ADV "/host", NULL, why), VT_CONTAINER_NONE);
	assert_string_equal(why, "");
	assert_int_equal(detect(ADV "/host/proc", ADV "/dockerenv/fs", NULL, why), VT_CONTAINER_DOCKER);
	assert_string_equal(why, "/.dockerenv");
	assert_int_equal(detect(ADV "/host/proc", ADV "/podman/fs", NULL, why), VT_CONTAINER_PODMAN);
	assert_string_equal(why, "/run/.containerenv");
	assert_int_equal(detect(ADV "/cgroup-docker/proc", ADV "/host", NULL, why), VT_CONTAINER_DOCKER);
	assert_string_equal(why, "/proc/1/cgroup");
	assert_int_equal(detect(ADV "/mount-k8s/proc", ADV "/host", NULL, why), VT_CONTAINER_KUBERNETES);
	assert_string_equal(why, "/proc/self/mountinfo");
	assert_int_equal(detect(ADV "/mount-docker/proc", ADV "/host", NULL, why), VT_CONTAINER_DOCKER);
	/* A 10 KiB overlay line (hundreds of layers) before the bind mount. */
	assert_int_equal(detect(ADV "/mount-long/proc", ADV "/host", NULL, why), VT_CONTAINER_DOCKER);
	assert_string_equal(why, "/proc/self/mountinfo");
	assert_int_equal(detect(ADV "/host/proc", ADV "/host", "systemd-nspawn", why), VT_CONTAINER_NSPAWN);
	assert_string_equal(why, "$container");
	assert_int_equal(detect(ADV "/host/proc", ADV "/host", "podman", why), VT_CONTAINER_PODMAN);
	assert_int_equal(detect(ADV "/host/proc", ADV "/host", "lxc", why), VT_CONTAINER_LXC);
	assert_int_equal(detect(ADV "/host/proc", ADV "/host", "", why), VT_CONTAINER_NONE);
	assert_string_equal(vt_container_name(VT_CONTAINER_DOCKER), "Docker");
	assert_string_equal(vt_container_name((vt_container_kind)99), "a container");
}

static void test_container_rendered(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	vt_advise_env env = { .proc_root = ADV "/slab-ok", .fs_root = ADV "/dockerenv/fs",
			      .no_container_var = true };
	snap(&s, 65530);
	add(&s, 20, "java", "java", 41234);
	vt_advise_compute(&a, &s, NULL, 1.5, 10000, &env);
	assert_int_equal(a.container, VT_CONTAINER_DOCKER);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Inside Docker (/.dockerenv): this limit is the host's; change it on the host."));
	vt_advise_lines_free(&l);
	env.fs_root = ADV "/host";
	env.proc_root = ADV "/host/proc";
	vt_advise_compute(&a, &s, NULL, 1.5, 10000, &env);
	assert_int_equal(a.container, VT_CONTAINER_NONE);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_false(any_contains(&l, "Inside "));
	/* The general fact is always there. */
	assert_true(any_contains(&l, "vm.max_map_count is not namespaced"));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* ---- rendering ---- */

static void render_java(vt_advise_lines *l, vt_advice *a, const char *comm, unsigned flags)
{
	vt_snapshot s;
	snap(&s, 65530);
	add(&s, 20, comm, "java", 41234);
	pure(a, &s, NULL);
	assert_int_equal(vt_advise_render(a, flags, l), 0);
	vt_snapshot_free(&s);
}

static void test_render_commands(void **state)
{
	(void)state;
	vt_advise_lines l;
	vt_advice a;
	render_java(&l, &a, "java", 0);
	const vt_advise_line *rec = find_line(&l, "vm.max_map_count = 70000");
	assert_non_null(rec);
	assert_int_equal(rec->kind, VT_ADVISE_LINE_RECOMMEND);
	expect_command(&l, "sudo sysctl -w vm.max_map_count=70000");
	expect_command(&l, "echo \"vm.max_map_count=70000\" | sudo tee /etc/sysctl.d/99-vmatop.conf");
	expect_command(&l, "sudo sysctl --system");
	expect_command(&l, "sudo sysctl -p /etc/sysctl.d/99-vmatop.conf");
	expect_command(&l, "sysctl vm.max_map_count");
	expect_command(&l, "docker run --rm --privileged alpine sysctl -w vm.max_map_count=70000");
	expect_command(&l, "wsl -d docker-desktop -u root");
	expect_command(&l, "sysctl -w vm.max_map_count=70000");
	expect_command(&l, "[wsl2]");
	expect_command(&l, "kernelCommandLine = \"sysctl.vm.max_map_count=70000\"");
	assert_true(any_contains(&l, "%USERPROFILE%\\.wslconfig"));
	assert_true(any_contains(&l, "(or add vm.max_map_count=70000 to /etc/sysctl.conf, then sudo sysctl -p)"));
	assert_true(any_contains(&l, "Why: peak 41,234 x 1.5 = 61,851, rounded up to 70,000."));
	assert_true(any_contains(&l, "Worst case:         12.8 MiB if one process fills 70,000 VMAs"));
	assert_true(any_contains(&l, "41,234 VMAs in java (pid 20), 62.9% of the limit"));
	assert_true(any_contains(&l, "costs nothing until used"));
	assert_true(any_contains(&l, "unswappable kernel memory"));
	assert_true(any_contains(&l, "consolidate allocations"));
	assert_true(any_contains(&l, "never changes the setting"));
	assert_true(any_contains(&l, "/proc/PID/status has no map count field"));
	/* Every command names the recommended number, never another one. */
	for (size_t i = 0; i < l.n; i++) {
		const char *eq = strstr(l.v[i].text, "max_map_count=");
		if (eq && l.v[i].kind == VT_ADVISE_LINE_COMMAND)
			assert_int_equal(atol(eq + strlen("max_map_count=")), 70000);
	}
	vt_advise_lines_free(&l);
}

static void test_render_workload_why(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 65530);
	add(&s, 77, "java", ES_CMD, 3000);
	pure(&a, &s, NULL);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Why: Elasticsearch (pid 77) needs at least 262,144"));
	expect_command(&l, "sudo sysctl -w vm.max_map_count=262144");
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* Hostile process names never reach the output raw; lines are single lines. */
static void test_render_sanitized(void **state)
{
	(void)state;
	vt_advise_lines l;
	vt_advice a;
	render_java(&l, &a, "ev\x1b[2Jil\nname\xff", 0);
	assert_true(l.n > 10);
	assert_true(any_contains(&l, "41,234 VMAs in ev\xef\xbf\xbd[2Jil\xef\xbf\xbdname\xef\xbf\xbd (pid 20)"));
	for (size_t i = 0; i < l.n; i++) {
		for (const unsigned char *p = (const unsigned char *)l.v[i].text; *p; p++)
			assert_false(*p < 0x20 || *p == 0x7f);
		assert_non_null(l.v[i].text);
	}
	vt_advise_lines_free(&l);
	render_java(&l, &a, "\xc3\xa9t\xc3\xa9\x1b", VT_ADVISE_ASCII);
	for (size_t i = 0; i < l.n; i++)
		for (const unsigned char *p = (const unsigned char *)l.v[i].text; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
	assert_true(any_contains(&l, "41,234 VMAs in ?t?? (pid 20)"));
	vt_advise_lines_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
}

static void test_render_keep_current(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 262144);
	add(&s, 20, "java", "java", 109);
	pure(&a, &s, NULL);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_non_null(find_line(&l, "vm.max_map_count = 262144  (no change needed)"));
	assert_true(any_contains(&l, "Why: peak 109 x 1.5 = 164, rounded up to 10,000: the limit covers it."));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* ---- issue 20: first use ---- */

/* At the limit the peak is a floor: a larger factor, and the advice says why. */
static void test_capped_peak(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 65530);
	add(&s, 10, "bash", "bash", 40);
	add(&s, 77, "mapper", "mapper --all", 65530);
	pure(&a, &s, NULL);
	assert_true(a.peak_capped);
	assert_true(a.factor == VT_ADVISE_AT_LIMIT_FACTOR);
	assert_int_equal(a.recommended, 270000);      /* 65,530 x 4 = 262,120 -> 270,000 */
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "mapper (pid 77) is at the limit: its mmap calls fail"));
	assert_true(any_contains(&l, "real demand"));
	assert_true(any_contains(&l, "This uses factor 4 instead of --headroom 1.5"));
	assert_true(any_contains(&l, "peak 65,530 (capped by the limit) x 4 = 262,120, rounded up to 270,000"));
	vt_advise_lines_free(&l);
	/* one past the limit (mmap fails only above it) is capped too; far above is not */
	s.procs[1].vmas = 65531;
	pure(&a, &s, NULL);
	assert_true(a.peak_capped);
	s.procs[1].vmas = 200000;
	pure(&a, &s, NULL);
	assert_false(a.peak_capped);
	assert_int_equal(a.recommended, 300000);      /* 1.5 as asked */
	/* below the limit: --headroom as given, no warning */
	s.procs[1].vmas = 30000;
	pure(&a, &s, NULL);
	assert_false(a.peak_capped);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_false(any_contains(&l, "is at the limit"));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* A capped Elasticsearch whose documented floor is above factor x peak. */
static void test_capped_workload_floor(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 60000);
	add(&s, 77, "java", ES_CMD, 60000);
	vt_advise_compute_pure(&a, &s, NULL, 1.5, 1000, 192, true);  /* 60,000 x 4 = 240,000 */
	assert_true(a.peak_capped);
	assert_int_equal(a.basis, VT_ADVISE_WORKLOAD);
	assert_int_equal(a.recommended, 262144);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "This uses Elasticsearch's documented floor, 262,144, above the capped peak."));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* The highest seen says how old it is and whether its process still runs. */
static void test_peak_age(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	vt_advise_peak pk;
	snap(&s, 65530);
	s.time = 100000.0;
	add(&s, 10, "bash", "bash", 40)->start_time = 555;
	vt_advise_peak_init(&pk);
	pk.vmas = 5000;
	pk.pid = 100;
	pk.start_time = 777;
	pk.time = s.time - 300;
	strcpy(pk.comm, "gone");
	pure(&a, &s, &pk);
	assert_true(fabs(a.peak_age - 300) < 1e-9);
	assert_false(a.peak_running);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "seen 5m00s ago; that process has exited (r in the advisor resets it)"));
	vt_advise_lines_free(&l);
	/* the same pid with the same start time: still running */
	pk.pid = 10;
	pk.start_time = 555;
	pure(&a, &s, &pk);
	assert_true(a.peak_running);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "that process still runs"));
	vt_advise_lines_free(&l);
	/* a reused pid (other start time) is not the same process */
	pk.start_time = 556;
	pure(&a, &s, &pk);
	assert_false(a.peak_running);
	/* no older peak (--advise): no age line */
	pure(&a, &s, NULL);
	assert_true(isnan(a.peak_age));
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_false(any_contains(&l, " ago; "));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* Most processes unreadable: the advice says it rests on the few it read. */
static void test_few_readable(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 65530);
	add(&s, 1, "mine", "mine", 300);
	add(&s, 2, "mine2", "mine2", 200);
	for (int i = 0; i < 8; i++)
		add(&s, 100 + i, "other", "other", VT_UNKNOWN);
	s.unreadable_why = "run as root or with CAP_SYS_PTRACE to read them";
	pure(&a, &s, NULL);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Based on the few it could read: 2 of 10 processes"));
	assert_true(any_contains(&l, "(run as root or with CAP_SYS_PTRACE to read them)"));
	vt_advise_lines_free(&l);
	/* half or more readable: no such line */
	for (int i = 0; i < 5; i++)
		s.procs[2 + i].vmas = 10;
	s.unreadable = 3;
	pure(&a, &s, NULL);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_false(any_contains(&l, "Based on the few"));
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

/* Kubernetes beside Linux, Docker Desktop and WSL 2: a node-level sysctl. */
static void test_kubernetes(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_advice a;
	vt_advise_lines l;
	snap(&s, 65530);
	add(&s, 1, "big", "big", 60000);
	pure(&a, &s, NULL);
	assert_int_equal(vt_advise_render(&a, 0, &l), 0);
	assert_true(any_contains(&l, "Kubernetes: a node-level sysctl"));
	assert_true(any_contains(&l, "privileged init container"));
	expect_command(&l, "  command: [\"sysctl\", \"-w\", \"vm.max_map_count=90000\"]");
	expect_command(&l, "  securityContext: {privileged: true}");
	vt_advise_lines_free(&l);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_basic),
		cmocka_unit_test(test_round_exact_multiples),
		cmocka_unit_test(test_round_degenerate),
		cmocka_unit_test(test_round_huge),
		cmocka_unit_test(test_from_peak),
		cmocka_unit_test(test_peak_beats_now),
		cmocka_unit_test(test_never_below_current),
		cmocka_unit_test(test_elasticsearch_floor),
		cmocka_unit_test(test_workload_match),
		cmocka_unit_test(test_workload_not_kthread),
		cmocka_unit_test(test_unknown_limit),
		cmocka_unit_test(test_zero_processes),
		cmocka_unit_test(test_huge_values),
		cmocka_unit_test(test_set_totals),
		cmocka_unit_test(test_cost_pure),
		cmocka_unit_test(test_slabinfo_fixture),
		cmocka_unit_test(test_cost_from_slabinfo),
		cmocka_unit_test(test_container_detection),
		cmocka_unit_test(test_container_rendered),
		cmocka_unit_test(test_render_commands),
		cmocka_unit_test(test_render_workload_why),
		cmocka_unit_test(test_render_sanitized),
		cmocka_unit_test(test_render_keep_current),
		cmocka_unit_test(test_capped_peak),
		cmocka_unit_test(test_capped_workload_floor),
		cmocka_unit_test(test_peak_age),
		cmocka_unit_test(test_few_readable),
		cmocka_unit_test(test_kubernetes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
