/* The limit advisor's advice as plain text lines (printed by --advise, drawn
 * by the TUI's advisor view).  Static text is ASCII; process names go through
 * vt_sanitize here, the one writing layer of the advice. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/advise.h"
#include "vmatop/format.h"
#include "vmatop/grow.h"
#include "vmatop/sanitize.h"

#define PERSIST_FILE "/etc/sysctl.d/99-vmatop.conf"

typedef struct rctx {
	vt_advise_lines *l;
	const vt_advice *a;
	unsigned san;          /* vt_sanitize flags */
	int failed;
} rctx;

static void add_owned(rctx *c, vt_advise_line_kind kind, char *text)
{
	if (!text) {
		c->failed = 1;
		return;
	}
	vt_advise_lines *l = c->l;
	if (vt_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v), 64) < 0) {
		free(text);
		c->failed = 1;
		return;
	}
	l->v[l->n].kind = kind;
	l->v[l->n].text = text;
	l->n++;
}

static void add(rctx *c, vt_advise_line_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(rctx *c, vt_advise_line_kind kind, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	add_owned(c, kind, text);
}

static void blank(rctx *c)
{
	add(c, VT_ADVISE_LINE_BLANK, "%s", "");
}

/* 1234567 -> "1,234,567" (negative numbers keep their sign). */
static const char *grp(char *buf, size_t sz, long v)
{
	char raw[32];
	int n = snprintf(raw, sizeof(raw), "%ld", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < sz; i++) {
		buf[o++] = raw[i];
		int left = n - 1 - i;
		if (raw[i] != '-' && left > 0 && left % 3 == 0)
			buf[o++] = ',';
	}
	buf[o] = '\0';
	return buf;
}

static const char *san(const rctx *c, char *buf, size_t sz, const char *raw)
{
	vt_sanitize(buf, sz, raw, strlen(raw), c->san);
	return buf;
}

#define G(v) grp((char[32]){ 0 }, 32, (v))
#define H(v) vt_format_bytes((char[32]){ 0 }, 32, (v))
#define S(c, raw) san((c), (char[96]){ 0 }, 96, (raw))

static void render_title(rctx *c)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "How high should vm.max_map_count be?");
	add(c, VT_ADVISE_LINE_TEXT, "%s",
	    "vmatop only advises: it never changes the setting itself.");
	blank(c);
}

static void render_limit(rctx *c)
{
	const vt_advice *a = c->a;
	if (a->limit == VT_UNKNOWN)
		add(c, VT_ADVISE_LINE_TEXT, "%s",
		    "Current limit:      unknown (/proc/sys/vm/max_map_count is unreadable)");
	else
		add(c, VT_ADVISE_LINE_TEXT, "Current limit:      %s VMAs per process (vm.max_map_count)",
		    G(a->limit));
}

/* "java (pid 123): 41,234 VMAs, 62.9% of the limit" */
static void render_usage(rctx *c, const char *label, const char *comm, long pid, long vmas,
    double pct)
{
	if (vmas == VT_UNKNOWN) {
		add(c, VT_ADVISE_LINE_TEXT, "%-19s no process count could be read", label);
		return;
	}
	char p[32] = "";
	if (!isnan(pct))
		snprintf(p, sizeof(p), ", %.1f%% of the limit", pct);
	add(c, VT_ADVISE_LINE_TEXT, "%-19s %s VMAs in %s (pid %ld)%s", label, G(vmas),
	    S(c, comm), pid, p);
}

/* A peak older than now's: how old, and whether that process still runs. */
static void render_peak_age(rctx *c)
{
	const vt_advice *a = c->a;
	char age[32];
	if (isnan(a->peak_age))
		return;
	vt_format_eta(age, sizeof(age), a->peak_age);
	add(c, VT_ADVISE_LINE_TEXT, "%-19s seen %s ago; %s (r in the advisor resets it)", "",
	    a->peak_age < 0.5 ? "0s" : age,
	    a->peak_running ? "that process still runs" : "that process has exited");
}

static void render_headroom(rctx *c)
{
	const vt_advice *a = c->a;
	if (a->headroom_left == VT_UNKNOWN)
		return;
	if (a->headroom_left > 0)
		add(c, VT_ADVISE_LINE_TEXT, "Headroom left:      %s VMAs until that process reaches the limit",
		    G(a->headroom_left));
	else
		add(c, VT_ADVISE_LINE_WARN, "%s",
		    "Headroom left:      none: at the limit, its mmap and mprotect fail (ENOMEM)");
}

static void render_machine(rctx *c)
{
	const vt_advice *a = c->a;
	char unread[64] = "";
	if (a->unreadable > 0)
		snprintf(unread, sizeof(unread), " (%d unreadable, not counted)", a->unreadable);
	add(c, VT_ADVISE_LINE_TEXT, "Machine total:      %s VMAs in %d process%s%s",
	    G(a->total_vmas), a->processes, a->processes == 1 ? "" : "es", unread);
	int readable = a->processes - a->unreadable;
	if (a->unreadable > 0 && readable < a->processes * VT_ADVISE_FEW_READABLE) {
		add(c, VT_ADVISE_LINE_WARN, "Based on the few it could read: %d of %d processes; the others'",
		    readable, a->processes);
		add(c, VT_ADVISE_LINE_WARN, "counts are unknown and may be higher (%s).",
		    a->unreadable_why ? a->unreadable_why : "permission denied");
	}
}

static void render_now(rctx *c)
{
	const vt_advice *a = c->a;
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Now");
	render_limit(c);
	render_usage(c, "Highest now:", a->now_comm, (long)a->now_pid, a->now_vmas, a->now_percent);
	render_usage(c, "Highest seen:", a->peak_comm, (long)a->peak_pid, a->peak_vmas,
		     a->peak_percent);
	render_peak_age(c);
	render_headroom(c);
	render_machine(c);
	blank(c);
}

/* "peak 41,234 x 1.5 = 61,851, rounded up to 70,000" */
static void render_from_peak(rctx *c, char *buf, size_t sz)
{
	const vt_advice *a = c->a;
	if (a->peak_vmas == VT_UNKNOWN || a->peak_vmas <= 0) {
		snprintf(buf, sz, "no process count is known");
		return;
	}
	long exact = vt_advise_round(a->peak_vmas, a->factor, 1, NULL);
	snprintf(buf, sz, "peak %s%s x %g = %s, rounded up to %s", G(a->peak_vmas),
		 a->peak_capped ? " (capped by the limit)" : "", a->factor, G(exact), G(a->from_peak));
}

static void render_why(rctx *c)
{
	const vt_advice *a = c->a;
	char fp[192];
	render_from_peak(c, fp, sizeof(fp));
	switch (a->basis) {
	case VT_ADVISE_WORKLOAD:
		add(c, VT_ADVISE_LINE_TEXT, "Why: %s (pid %ld) needs at least %s; %s.",
		    a->workload->name, (long)a->workload_pid, G(a->workload->min_limit), fp);
		break;
	case VT_ADVISE_KEEP_CURRENT:
		add(c, VT_ADVISE_LINE_TEXT, "Why: %s: the limit covers it.", fp);
		break;
	case VT_ADVISE_CAPPED:
		add(c, VT_ADVISE_LINE_TEXT, "Why: peak %s x %g exceeds %s, the most the kernel accepts.",
		    G(a->peak_vmas), a->factor, G(VT_ADVISE_MAX_LIMIT));
		break;
	case VT_ADVISE_FROM_PEAK:
		add(c, VT_ADVISE_LINE_TEXT, "Why: %s%s.", fp,
		    a->limit == VT_UNKNOWN ? " (the current limit is unknown)" : "");
		break;
	}
}

/* At the limit the peak is a floor, not a measure: say so, and which factor. */
static void render_capped(rctx *c)
{
	const vt_advice *a = c->a;
	if (!a->peak_capped)
		return;
	add(c, VT_ADVISE_LINE_WARN, "%s (pid %ld) is at the limit: its mmap calls fail, so its real demand",
	    S(c, a->peak_comm), (long)a->peak_pid);
	add(c, VT_ADVISE_LINE_WARN, "%s", "is hidden and the peak is only a floor.");
	if (a->basis == VT_ADVISE_WORKLOAD)
		add(c, VT_ADVISE_LINE_TEXT, "This uses %s's documented floor, %s, above the capped peak.",
		    a->workload->name, G(a->workload->min_limit));
	else
		add(c, VT_ADVISE_LINE_TEXT, "This uses factor %g instead of --headroom %g; watch it after raising",
		    a->factor, a->headroom);
	if (a->basis != VT_ADVISE_WORKLOAD)
		add(c, VT_ADVISE_LINE_TEXT, "%s", "and raise again if it reaches the new limit too.");
}

static void render_recommend(rctx *c)
{
	const vt_advice *a = c->a;
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Recommendation");
	if (a->recommended == VT_UNKNOWN) {
		add(c, VT_ADVISE_LINE_TEXT, "%s",
		    "No recommendation: neither the limit nor any process count could be read.");
		blank(c);
		return;
	}
	add(c, VT_ADVISE_LINE_RECOMMEND, "vm.max_map_count = %ld%s", a->recommended,
	    a->raise ? "" : "  (no change needed)");
	render_why(c);
	render_capped(c);
	if (a->workload && a->basis != VT_ADVISE_WORKLOAD)
		add(c, VT_ADVISE_LINE_TEXT, "%s runs here (pid %ld): it needs at least %s, which this covers.",
		    a->workload->name, (long)a->workload_pid, G(a->workload->min_limit));
	blank(c);
}

static void render_cost(rctx *c)
{
	const vt_advice *a = c->a;
	add(c, VT_ADVISE_LINE_TITLE, "%s", "What it costs (kernel memory, never swapped out)");
	if (a->vma_bytes_measured)
		add(c, VT_ADVISE_LINE_TEXT, "Per VMA:            %ld bytes (vm_area_struct object size, /proc/slabinfo)",
		    a->vma_bytes);
	else
		add(c, VT_ADVISE_LINE_TEXT, "Per VMA:            about %ld bytes (estimate: /proc/slabinfo is unreadable)",
		    a->vma_bytes);
	if (a->recommended != VT_UNKNOWN)
		add(c, VT_ADVISE_LINE_TEXT, "Worst case:         %s if one process fills %s VMAs",
		    H(a->worst_bytes), G(a->recommended));
	add(c, VT_ADVISE_LINE_TEXT, "Now:                %s for the %s VMAs counted on this machine",
	    H(a->total_bytes), G(a->total_vmas));
	if (a->slab_active >= 0)
		add(c, VT_ADVISE_LINE_TEXT, "Slab now:           %s vm_area_structs in use (%s), all processes",
		    G(a->slab_active), H((unsigned long long)a->slab_active * (unsigned long long)a->vma_bytes));
	add(c, VT_ADVISE_LINE_TEXT, "%s",
	    "Maple-tree nodes and anon_vma chains add a little more per VMA.");
	blank(c);
}

static void render_linux(rctx *c, long n)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Linux: set it now (lasts until reboot)");
	add(c, VT_ADVISE_LINE_COMMAND, "sudo sysctl -w vm.max_map_count=%ld", n);
	add(c, VT_ADVISE_LINE_TEXT, "%s", "Make it persistent: a file of its own in /etc/sysctl.d/ (preferred),");
	add(c, VT_ADVISE_LINE_COMMAND, "echo \"vm.max_map_count=%ld\" | sudo tee %s", n, PERSIST_FILE);
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "sudo sysctl --system");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "or load only that file:");
	add(c, VT_ADVISE_LINE_COMMAND, "sudo sysctl -p %s", PERSIST_FILE);
	add(c, VT_ADVISE_LINE_TEXT, "(or add vm.max_map_count=%ld to /etc/sysctl.conf, then sudo sysctl -p)", n);
	add(c, VT_ADVISE_LINE_TEXT, "%s", "Check:");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "sysctl vm.max_map_count");
	blank(c);
}

static void render_docker_desktop(rctx *c, long n)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Docker Desktop on macOS or Windows: the limit is the Docker VM's");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "From a terminal on the Mac or PC (lasts until Docker Desktop restarts):");
	add(c, VT_ADVISE_LINE_COMMAND, "docker run --rm --privileged alpine sysctl -w vm.max_map_count=%ld", n);
	add(c, VT_ADVISE_LINE_TEXT, "%s", "Legacy Docker Toolbox (docker-machine VMs) only:");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "docker-machine ssh");
	add(c, VT_ADVISE_LINE_COMMAND, "sudo sysctl -w vm.max_map_count=%ld", n);
	blank(c);
}

static void render_wsl(rctx *c, long n)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Windows, Docker Desktop with the WSL 2 backend");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "In a command prompt or PowerShell (lasts until Docker restarts):");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "wsl -d docker-desktop -u root");
	add(c, VT_ADVISE_LINE_COMMAND, "sysctl -w vm.max_map_count=%ld", n);
	add(c, VT_ADVISE_LINE_TEXT, "%s", "Persistent for every WSL 2 distribution: in %USERPROFILE%\\.wslconfig");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "[wsl2]");
	add(c, VT_ADVISE_LINE_COMMAND, "kernelCommandLine = \"sysctl.vm.max_map_count=%ld\"", n);
	add(c, VT_ADVISE_LINE_TEXT, "%s", "then restart WSL (wsl --shutdown) and Docker Desktop.");
	blank(c);
}

static void render_kubernetes(rctx *c, long n)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Kubernetes: a node-level sysctl (not a pod's: it is not namespaced)");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "Best: the node's own configuration (a file in /etc/sysctl.d/ via the node");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "image, cloud-init or the managed node pool's linuxConfig/sysctls), or a");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "privileged init container in the pod (or a DaemonSet on every node):");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "initContainers:");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "- name: max-map-count");
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "  image: busybox");
	add(c, VT_ADVISE_LINE_COMMAND, "  command: [\"sysctl\", \"-w\", \"vm.max_map_count=%ld\"]", n);
	add(c, VT_ADVISE_LINE_COMMAND, "%s", "  securityContext: {privileged: true}");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "A pod's securityContext.sysctls takes only namespaced sysctls: not this one.");
	blank(c);
}

static void render_containers(rctx *c)
{
	const vt_advice *a = c->a;
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Containers");
	if (a->container != VT_CONTAINER_NONE)
		add(c, VT_ADVISE_LINE_WARN,
		    "Inside %s (%s): this limit is the host's; change it on the host.",
		    vt_container_name(a->container), a->container_why);
	add(c, VT_ADVISE_LINE_TEXT, "%s",
	    "vm.max_map_count is not namespaced: containers see the host's (or VM's) value;");
	add(c, VT_ADVISE_LINE_TEXT, "%s",
	    "docker run --sysctl vm.max_map_count=N is refused; a container can't set it.");
	blank(c);
}

static void render_warnings(rctx *c)
{
	add(c, VT_ADVISE_LINE_TITLE, "%s", "Before raising it");
	add(c, VT_ADVISE_LINE_WARN, "%s",
	    "A higher limit costs nothing until used: nothing is allocated in advance.");
	add(c, VT_ADVISE_LINE_WARN, "%s",
	    "A process allowed millions of VMAs slows its own mmap, munmap and page");
	add(c, VT_ADVISE_LINE_WARN, "%s",
	    "faults (log n) and forks (linear), and holds unswappable kernel memory.");
	add(c, VT_ADVISE_LINE_WARN, "%s",
	    "Often the better fix: consolidate allocations (one big mapping, fewer splits).");
	add(c, VT_ADVISE_LINE_TEXT, "%s",
	    "Count VMAs with vmatop, or wc -l /proc/PID/maps minus the [vsyscall] line;");
	add(c, VT_ADVISE_LINE_TEXT, "%s", "/proc/PID/status has no map count field.");
}

static void render_all(rctx *c)
{
	long n = c->a->recommended;
	render_title(c);
	render_now(c);
	render_recommend(c);
	render_cost(c);
	if (n != VT_UNKNOWN) {
		render_linux(c, n);
		render_docker_desktop(c, n);
		render_wsl(c, n);
		render_kubernetes(c, n);
	}
	render_containers(c);
	render_warnings(c);
}

int vt_advise_render(const vt_advice *a, unsigned flags, vt_advise_lines *l)
{
	memset(l, 0, sizeof(*l));
	rctx c = { .l = l, .a = a, .san = (flags & VT_ADVISE_ASCII) ? VT_SAN_ASCII : 0 };
	render_all(&c);
	if (c.failed) {
		vt_advise_lines_free(l);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void vt_advise_lines_free(vt_advise_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
