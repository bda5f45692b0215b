/* vmatop core: the --demo child, a process that climbs to max_map_count.
 *
 * vt_demo_start() forks a child (no exec) that:
 *   - dies with vmatop (PR_SET_PDEATHSIG SIGKILL, and exits at once if vmatop
 *     was already gone when that was set), and is named "vmatop-demo" (comm);
 *   - reserves one PROT_NONE region and splits it page by page with mprotect,
 *     alternating protections so each call adds exactly one VMA, at `rate`
 *     VMAs per second, until mprotect fails with ENOMEM (map_count reached
 *     vm.max_map_count, the kernel's limit, while memory is free: the pages are
 *     never touched);
 *   - then reports VT_DEMO_ENOMEM with its own map_count at that moment (read
 *     from /proc/self/maps, counted like vmatop counts), holds that count for
 *     VT_DEMO_HOLD_SECONDS so every view can see it, unmaps everything,
 *     reports VT_DEMO_RESTART and starts over.
 * Events arrive on a pipe whose read end is non-blocking and close-on-exec:
 * poll() vt_demo_fd() (POLLIN) in the main loop, or just call vt_demo_poll()
 * once per refresh.
 *
 * The parent must reap the child on every exit path: call vt_demo_stop()
 * (kill + waitpid) when leaving normally, on errors and from the main loop
 * after a SIGINT/SIGTERM/SIGHUP flag (handlers only set a flag).  As a safety
 * net, vt_demo_start() registers an atexit() handler that stops a child still
 * running at exit(); SIGKILL of vmatop is covered by PDEATHSIG.
 *
 * TUI use (interactive --demo):
 *     vt_demo d; char *cause = NULL;
 *     if (vt_demo_start(o->demo_rate, &d, &cause) < 0) { show cause; exit 1 }
 *     select d.pid in the list and open its detail pane;
 *     every loop turn: vt_demo_event ev;
 *         while (vt_demo_poll(&d, &ev) > 0)
 *             switch (ev.kind) {
 *             case VT_DEMO_ENOMEM:  banner "ENOMEM at ev.count VMAs" ...
 *             case VT_DEMO_RESTART: clear/keep the banner ...
 *             case VT_DEMO_FAILED:  message strerror(ev.err) ...
 *             case VT_DEMO_EXITED:  the child is gone (already reaped) ...
 *             }
 *     on quit: vt_demo_stop(&d);
 * The child's pid changes never (it restarts inside the same process), so the
 * history of d.pid is continuous across cycles.
 *
 * Call vt_demo_start() from the main thread (PR_SET_PDEATHSIG fires when the
 * forking thread ends; the child also checks getppid() every tick).  Do not
 * reap children with waitpid(-1, ...) elsewhere: vt_demo_poll()/vt_demo_stop()
 * reap this one by pid.  The child resets SIGINT, SIGTERM, SIGHUP, SIGTSTP,
 * SIGWINCH and friends to their defaults, so a terminal's ^C (sent to the
 * whole foreground group) ends it too; vt_demo_poll() then reports
 * VT_DEMO_EXITED.
 */
#ifndef VMATOP_DEMO_H
#define VMATOP_DEMO_H

#include <stdbool.h>
#include <sys/types.h>

#define VT_DEMO_DEFAULT_RATE 2000
#define VT_DEMO_HOLD_SECONDS 4
#define VT_DEMO_COMM "vmatop-demo"

typedef enum vt_demo_event_kind {
	VT_DEMO_NONE,
	VT_DEMO_ENOMEM,    /* mprotect failed with ENOMEM: count = child's map_count then */
	VT_DEMO_RESTART,   /* everything released; cycle = the cycle now starting (2, 3...) */
	VT_DEMO_FAILED,    /* the child could not set up (err = errno); it exits */
	VT_DEMO_EXITED     /* the child is gone and reaped (status = wait status) */
} vt_demo_event_kind;

typedef struct vt_demo_event {
	vt_demo_event_kind kind;
	long count;        /* VT_DEMO_ENOMEM: VMAs of the child at the failure */
	long added;        /* VT_DEMO_ENOMEM: VMAs the child added in this cycle */
	long cycle;        /* 1 for the first climb */
	int err;           /* VT_DEMO_FAILED */
	int status;        /* VT_DEMO_EXITED */
	double mono;       /* CLOCK_MONOTONIC seconds when the parent read it */
} vt_demo_event;

typedef struct vt_demo {
	pid_t pid;         /* the child; 0 when not running */
	int fd;            /* read end of the event pipe; -1 when closed */
	long rate;
	char buf[256];     /* partial event lines */
	size_t len;
} vt_demo;

/* Fork the child.  rate in VMAs per second (1..1000000).  0, or -1 with
 * *cause (malloc'd, one line) when the pipe or fork fails. */
int vt_demo_start(long rate, vt_demo *d, char **cause);
/* Read one pending event.  1: *ev filled; 0: nothing pending.  After
 * VT_DEMO_EXITED the demo is stopped (pid 0) and later calls return 0. */
int vt_demo_poll(vt_demo *d, vt_demo_event *ev);
/* The fd to poll() for POLLIN, -1 when stopped. */
int vt_demo_fd(const vt_demo *d);
bool vt_demo_running(const vt_demo *d);
/* Kill (SIGKILL) and reap the child, close the pipe.  Idempotent. */
void vt_demo_stop(vt_demo *d);

#endif
