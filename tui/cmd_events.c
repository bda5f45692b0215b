/* vmatop events [--json] [-p PID[,PID...]] [-u USER]: every ENOMEM of the
 * memory-map calls as it happens, one line each (the writers are the core's,
 * export_events.c).  Runs until SIGINT/SIGTERM, a closed output, or, with
 * -p, until every given process is gone.  Without the privileges BPF needs:
 * one line on stderr, exit 1. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/privs.h"
#include "vmatop/events.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"

#define EVENTS_WAKE_MS 1000

static volatile sig_atomic_t events_stop;

static void on_stop(int sig)
{
	(void)sig;
	events_stop = 1;
}

/* No SA_RESTART: the poll returns with EINTR and the loop ends. */
static void events_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

typedef struct events_out {
	bool json;
	bool ascii;
	int err;                 /* errno of the first write error */
} events_out;

static void print_event(const vt_event *ev, void *arg)
{
	events_out *o = arg;
	if (o->err)
		return;
	int rc = o->json ? vt_write_event_json(stdout, ev) : vt_write_event_text(stdout, ev, o->ascii);
	if (rc < 0 || fflush(stdout) == EOF)
		o->err = errno ? errno : EIO;
}

/* Whether any -p process is still there (always true without -p). */
static bool watched_alive(const vt_opts *o)
{
	if (o->npids == 0)
		return true;
	for (int i = 0; i < o->npids; i++)
		if (kill(o->pids[i], 0) == 0 || errno == EPERM)
			return true;
	return false;
}

static int missing_pids(const vt_opts *o)
{
	int missing = 0;
	for (int i = 0; i < o->npids; i++) {
		if (kill(o->pids[i], 0) < 0 && errno == ESRCH) {
			vt_errorf("no process with pid %d", (int)o->pids[i]);
			missing++;
		}
	}
	return missing;
}

static int events_loop(vt_events *e, const vt_opts *o, events_out *out)
{
	while (!events_stop && !out->err) {
		if (vt_events_poll(e, EVENTS_WAKE_MS, print_event, out) < 0 && errno != EINTR) {
			vt_errorf("events: %s", strerror(errno));
			return 1;
		}
		if (!watched_alive(o)) {
			vt_events_poll(e, 0, print_event, out);   /* what they left */
			break;
		}
	}
	if (out->err && out->err != EPIPE)
		vt_errorf("write error: %s", strerror(out->err));
	return out->err ? 1 : 0;
}

int vt_cmd_events(const vt_opts *o)
{
	vt_events_filter f = {
		.pids = o->npids ? o->pids : NULL,
		.npids = (size_t)o->npids,
		.by_uid = o->by_uid,
		.uid = o->uid,
	};
	events_out out = { .json = o->format == VT_FORMAT_JSON, .ascii = !vt_locale_is_utf8() };
	char *cause = NULL;

	if (missing_pids(o) > 0)
		return 1;
	vt_events *e = vt_events_open(&f, VT_EVENTS_CGROUP, &cause);
	if (!e) {
		vt_errorf("%s", cause ? cause : "ENOMEM catcher: cannot start");
		free(cause);
		return 1;
	}
	/* The ring buffer is read with what the loaded program already holds. */
	if (vt_privs_keep(0, &cause) < 0) {
		vt_errorf("%s", cause ? cause : "cannot drop capabilities");
		free(cause);
		vt_events_close(e);
		return 1;
	}
	events_signals();
	int status = events_loop(e, o, &out);
	uint64_t dropped = vt_events_dropped(e);
	if (dropped)
		vt_errorf("%llu events were lost (the kernel's buffer was full)",
			  (unsigned long long)dropped);
	vt_events_close(e);
	return status;
}
