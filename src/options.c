/* The command-line contract (top/htop conventions), parsed into vt_opts. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmatop/options.h"

enum {
	OPT_MAPS = 256, OPT_JSON, OPT_OPENMETRICS, OPT_CHECK, OPT_ADVISE, OPT_DEMO,
	OPT_TOP, OPT_OUTPUT, OPT_HEADROOM, OPT_ROUND, OPT_BACKEND, OPT_KTHREADS,
	OPT_SMAPS, OPT_CGROUP, OPT_CONTAINERS, OPT_PODS_DIR, OPT_DB, OPT_AT, OPT_SINCE,
	OPT_START, OPT_EXPORT, OPT_RETENTION, OPT_OM_FILE, OPT_EVENTS
};

static const struct option long_opts[] = {
	{ "batch",          no_argument,       NULL, 'b' },
	{ "iterations",     required_argument, NULL, 'n' },
	{ "delay",          required_argument, NULL, 'd' },
	{ "pid",            required_argument, NULL, 'p' },
	{ "user",           required_argument, NULL, 'u' },
	{ "sort",           required_argument, NULL, 's' },
	{ "invert",         no_argument,       NULL, 'I' },
	{ "no-color",       no_argument,       NULL, 'C' },
	{ "no-colour",      no_argument,       NULL, 'C' },
	{ "help",           no_argument,       NULL, 'h' },
	{ "version",        no_argument,       NULL, 'V' },
	{ "maps",           required_argument, NULL, OPT_MAPS },
	{ "smaps",          no_argument,       NULL, OPT_SMAPS },
	{ "json",           no_argument,       NULL, OPT_JSON },
	{ "openmetrics",    no_argument,       NULL, OPT_OPENMETRICS },
	{ "check",          optional_argument, NULL, OPT_CHECK },
	{ "advise",         no_argument,       NULL, OPT_ADVISE },
	{ "demo",           optional_argument, NULL, OPT_DEMO },
	{ "top",            required_argument, NULL, OPT_TOP },
	{ "output",         required_argument, NULL, OPT_OUTPUT },
	{ "headroom",       required_argument, NULL, OPT_HEADROOM },
	{ "round",          required_argument, NULL, OPT_ROUND },
	{ "backend",        required_argument, NULL, OPT_BACKEND },
	{ "kernel-threads", no_argument,       NULL, OPT_KTHREADS },
	{ "cgroup",         required_argument, NULL, OPT_CGROUP },
	{ "containers",     no_argument,       NULL, OPT_CONTAINERS },
	{ "pods-dir",       required_argument, NULL, OPT_PODS_DIR },
	{ "db",             required_argument, NULL, OPT_DB },
	{ "at",             required_argument, NULL, OPT_AT },
	{ "since",          required_argument, NULL, OPT_SINCE },
	{ "start",          required_argument, NULL, OPT_START },
	{ "export",         required_argument, NULL, OPT_EXPORT },
	{ "events",         no_argument,       NULL, OPT_EVENTS },
	{ NULL, 0, NULL, 0 }
};

/* vmatop record [--db PATH] [-d SECS] [--retention DURATION] [--openmetrics FILE] */
static const struct option record_opts[] = {
	{ "db",             required_argument, NULL, OPT_DB },
	{ "delay",          required_argument, NULL, 'd' },
	{ "retention",      required_argument, NULL, OPT_RETENTION },
	{ "openmetrics",    required_argument, NULL, OPT_OM_FILE },
	{ "backend",        required_argument, NULL, OPT_BACKEND },
	{ "pods-dir",       required_argument, NULL, OPT_PODS_DIR },
	{ "help",           no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* `vmatop events`: its own few options. */
static const struct option events_opts[] = {
	{ "json",           no_argument,       NULL, OPT_JSON },
	{ "pid",            required_argument, NULL, 'p' },
	{ "user",           required_argument, NULL, 'u' },
	{ "help",           no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
	"Usage: vmatop [OPTION]...\n"
	"       vmatop events [--json] [-p PID[,PID...]] [-u USER]\n"
	"Show processes by their count of memory map areas (VMAs) against vm.max_map_count.\n"
	"\n"
	"  -b, --batch             print text like top -b instead of the interactive screen\n"
  "  -n, --iterations N      stop after N refreshes (default: until interrupted or q)\n"
	"  -d, --delay SECS        seconds between refreshes, decimals allowed (default 1.5)\n"
	"  -p, --pid PID[,PID...]  only these processes (interactive: open the first's detail)\n"
	"  -u, --user USER         only processes of this user (name or uid)\n"
	"  -s, --sort KEY          sort by a column: pid, ppid, user, vmas, subtree, percent,\n"
	"                          threads, delta, rate, eta, rss, vsz, container, state\n"
	"                          or command\n"
	"  -I, --invert            reverse the sort order\n"
	"      --top N             at most N processes (batch; OpenMetrics default 10);\n"
	"                          with --maps: N lines/paths per group\n"
	"      --kernel-threads    list kernel threads too (they have no VMAs)\n"
	"      --cgroup PATTERN    only processes whose cgroup path, container id, pod\n"
	"                          (NAMESPACE/NAME) or systemd unit matches PATTERN (a glob;\n"
	"                          without * ? [ a substring)\n"
	"      --containers        show the CONTAINER/UNIT column (the screen: key C)\n"
	"      --pods-dir DIR      name pods from DIR/NAMESPACE_NAME_UID (default /var/log/pods)\n"
	"      --maps PID          print one process's VMAs grouped by type, then exit\n"
	"                          and first why so many (the causes), with advice\n"
	"      --smaps             with --maps: add resident memory per group (slower)\n"
	"      --json              JSON output of -b (one document per refresh) or --maps\n"
	"      --openmetrics       OpenMetrics/Prometheus text of one refresh\n"
	"      --output FILE       write the output to FILE atomically (temp file + rename);\n"
	"                          a device, FIFO or socket is written into, never replaced\n"
	"      --check[=WARN,CRIT] monitoring-plugin check, percent of the limit (default 80,95);\n"
	"                          exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments too)\n"
	"      --advise            recommend a vm.max_map_count for this machine and how to set it\n"
	"      --headroom F        with --advise: peak usage times F (default 1.5)\n"
	"      --round N           with --advise: round the recommendation up to N (default 10000)\n"
	"      --demo[=RATE]       start a child that adds RATE VMAs/s until ENOMEM (default 2000)\n"
	"      --backend KIND      count with auto, bpf or text (default auto)\n"
	"      --db PATH           a recorder database: with -b --at TIME the listing then,\n"
	"                          with -p PID --since TIME [--start T] that process's samples,\n"
	"                          --export csv|json every sample; alone: the replay screen\n"
	"                          TIME: -10m, -2h, 13:05, 2026-12-02T13:05:00 or @EPOCH\n"
	"  -C, --no-color          no colours (also when NO_COLOR is set)\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n";

/* The rest (one literal stays below the 4095 bytes C99 promises). */
static const char usage_more[] =
	"\n"
	"vmatop record [--db PATH] [-d SECS] [--retention DURATION] [--openmetrics FILE]\n"
	"              [--pods-dir DIR]\n"
	"  the flight recorder, in the foreground: a sample every -d seconds (default 5)\n"
	"  into an SQLite database (default /var/lib/vmatop/history.db as root, else\n"
	"  $XDG_STATE_HOME/vmatop/history.db); --retention keeps DURATION (N s|m|h|d,\n"
	"  default 7d); --openmetrics also writes FILE each sample. SIGTERM/SIGINT: exit 0.\n"
	"  With BPF (root or CAP_BPF+CAP_PERFMON) it also stores every ENOMEM event, and\n"
	"  the --openmetrics file counts them: vmatop_enomem_events_total{cause}.\n"
	"vmatop -b --db PATH --events [--since TIME] [-p PID] [--json]\n"
	"  the recorded ENOMEM events, oldest first, one line each (as vmatop events)\n"
	"vmatop events prints every ENOMEM of mmap, mprotect, munmap, mremap, brk and\n"
	"madvise as it happens, one line each (--json: JSON Lines), with its cause:\n"
	"max_map_count (the process is at the VMA limit) or memory.  Needs root or\n"
	"CAP_BPF+CAP_PERFMON (exit 1 without).  The screen shows them too (e).\n"
	"\n"
	"Exit status: 0 success, 1 a process given with -p/--maps does not exist,\n"
	"2 bad arguments, no terminal or TERM unset/unknown/dumb\n"
	"(--check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, bad arguments included;\n"
	"UNKNOWN also when some matching processes are unreadable and none is over WARN).\n"
	"Run as root, vmatop keeps only the capabilities its mode uses after setup\n"
	"(CAP_SYS_PTRACE; bpf: CAP_BPF, CAP_PERFMON; the screen: CAP_KILL).\n";

const char *vt_usage(void)
{
	static char all[sizeof(usage_text) + sizeof(usage_more)];
	if (!all[0])
		snprintf(all, sizeof(all), "%s%s", usage_text, usage_more);
	return all;
}

void vt_opts_defaults(vt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = VT_MODE_TUI;
	o->format = VT_FORMAT_TEXT;
	o->delay = 1.5;
	o->sort = VT_SORT_VMAS;
	o->maps_pid = -1;
	o->warn = 80;
	o->crit = 95;
	o->headroom = 1.5;
	o->round_to = 10000;
	o->demo_rate = 2000;
	o->backend = VT_BACKEND_AUTO;
	const char *nc = getenv("NO_COLOR");
	o->no_color = nc && nc[0];
}

int vt_parse_pids(const char *s, pid_t *pids, int max)
{
	int n = 0;
	const char *p = s;
	if (!*s)
		return -1;
	for (;;) {
		char tok[32];
		size_t len = strcspn(p, ",");
		long v;
		if (len == 0 || len >= sizeof(tok) || n >= max)
			return -1;
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (vt_parse_long(tok, 1, INT_MAX, &v) < 0)
			return -1;
		pids[n++] = (pid_t)v;
		if (!p[len])
			return n;
		p += len + 1;
	}
}

static int fail(char **cause, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(cause, fmt, ap) < 0)
		*cause = NULL;
	va_end(ap);
	return -1;
}

static int parse_user(vt_opts *o, const char *arg, char **cause)
{
	struct passwd *pw = getpwnam(arg);
	long uid;
	if (!pw && vt_parse_long(arg, 0, INT_MAX, &uid) == 0)
		pw = getpwuid((uid_t)uid);
	if (!pw) {
		if (vt_parse_long(arg, 0, INT_MAX, &uid) == 0) {
			o->uid = (uid_t)uid;     /* a numeric uid without a name is valid */
		} else {
			return fail(cause, "-u: unknown user '%s'", arg);
		}
	} else {
		o->uid = pw->pw_uid;
	}
	o->by_uid = true;
	snprintf(o->user, sizeof(o->user), "%s", arg);
	return 0;
}

static int parse_check(vt_opts *o, const char *arg, char **cause)
{
	double w, c;
	char buf[64];
	if (!arg)
		return 0;
	const char *comma = strchr(arg, ',');
	if (!comma || (size_t)(comma - arg) >= sizeof(buf))
		return fail(cause, "--check: '%s' is not WARN,CRIT (percent of the limit, e.g. 80,95)", arg);
	memcpy(buf, arg, (size_t)(comma - arg));
	buf[comma - arg] = '\0';
	if (vt_parse_double(buf, 0, 1e6, &w) < 0 || vt_parse_double(comma + 1, 0, 1e6, &c) < 0)
		return fail(cause, "--check: '%s' is not WARN,CRIT (percent of the limit, e.g. 80,95)", arg);
	if (w > c)
		return fail(cause, "--check: WARN (%g) is above CRIT (%g)", w, c);
	o->warn = w;
	o->crit = c;
	return 0;
}

/* One option; -1 with *cause when its argument is bad. */
static int parse_one(vt_opts *o, int c, const char *arg, char **cause)
{
	long v;
	int k;
	switch (c) {
	case 'b': o->batch = true; break;
	case 'n':
		if (vt_parse_long(arg, 1, LONG_MAX, &o->iterations) < 0)
			return fail(cause, "-n: '%s' is not a whole number of iterations >= 1", arg);
		break;
	case 'd':
		if (vt_parse_double(arg, 0.05, 86400, &o->delay) < 0)
			return fail(cause, "-d: '%s' is not a delay in seconds from 0.05 to 86400", arg);
		o->delay_given = true;
		break;
	case 'p': {
		size_t given = 1;
		for (const char *c = arg; *c; c++)
			given += *c == ',';
		if (given > VT_MAX_PIDS)
			return fail(cause, "-p: %zu pids given, at most %d", given, VT_MAX_PIDS);
		if ((k = vt_parse_pids(arg, o->pids, VT_MAX_PIDS)) < 0)
			return fail(cause, "-p: '%.64s%s' is not a list of process ids (PID[,PID...])",
				    arg, strlen(arg) > 64 ? "..." : "");
		o->npids = k;
		break;
	}
	case 'u': return parse_user(o, arg, cause);
	case 's':
		if ((k = vt_sort_lookup(arg)) < 0)
			return fail(cause, "-s: unknown sort key '%s' (one of %s)", arg, vt_sort_names());
		o->sort = (vt_sort_key)k;
		o->sort_given = true;
		break;
	case 'I': o->invert = true; break;
	case 'C': o->no_color = true; break;
	case 'h': o->mode = VT_MODE_HELP; break;
	case 'V': o->mode = VT_MODE_VERSION; break;
	case OPT_MAPS:
		if (vt_parse_long(arg, 1, INT_MAX, &v) < 0)
			return fail(cause, "--maps: '%s' is not a process id", arg);
		o->maps_pid = (pid_t)v;
		break;
	case OPT_SMAPS: o->smaps = true; break;
	case OPT_JSON: o->format = VT_FORMAT_JSON; break;
	case OPT_OPENMETRICS: o->format = VT_FORMAT_OPENMETRICS; break;
	case OPT_CHECK:
		o->mode = VT_MODE_CHECK;
		return parse_check(o, arg, cause);
	case OPT_ADVISE: o->mode = VT_MODE_ADVISE; break;
	case OPT_DEMO:
		o->demo = true;
		if (arg && vt_parse_long(arg, 1, 1000000, &o->demo_rate) < 0)
			return fail(cause, "--demo: '%s' is not a rate from 1 to 1000000 VMAs per second", arg);
		break;
	case OPT_TOP:
		if (vt_parse_long(arg, 1, INT_MAX, &o->top) < 0)
			return fail(cause, "--top: '%s' is not a whole number >= 1", arg);
		o->top_given = true;
		break;
	case OPT_OUTPUT:
		if (!*arg)
			return fail(cause, "--output: the file name is empty");
		o->output = arg;
		break;
	case OPT_HEADROOM:
		if (vt_parse_double(arg, 1.0, 100.0, &o->headroom) < 0)
			return fail(cause, "--headroom: '%s' is not a factor from 1 to 100", arg);
		break;
	case OPT_ROUND:
		if (vt_parse_long(arg, 1, 100000000, &o->round_to) < 0)
			return fail(cause, "--round: '%s' is not a whole number from 1 to 100000000", arg);
		break;
	case OPT_BACKEND:
		if ((k = vt_backend_parse(arg)) < 0)
			return fail(cause, "--backend: unknown backend '%s' (auto, bpf or text)", arg);
		o->backend = (vt_backend_kind)k;
		break;
	case OPT_KTHREADS: o->show_kthreads = true; break;
	case OPT_EVENTS: o->db_events = true; break;
	case OPT_CGROUP:
		if (!*arg)
			return fail(cause, "--cgroup: the pattern is empty");
		o->cgroup = arg;
		break;
	case OPT_CONTAINERS: o->containers = true; break;
	case OPT_PODS_DIR:
		if (!*arg)
			return fail(cause, "--pods-dir: the directory name is empty");
		o->pods_dir = arg;
		break;
	case OPT_DB:
		if (!*arg)
			return fail(cause, "--db: the file name is empty");
		o->db = arg;
		break;
	case OPT_AT:
	case OPT_SINCE: {
		int64_t t;
		if (vt_parse_time(arg, (double)time(NULL), &t) < 0)
			return fail(cause, "%s: '%s' is not a TIME (-10m, -2h, 13:05, "
				    "2026-12-02T13:05:00 or @EPOCH)", c == OPT_AT ? "--at" : "--since", arg);
		if (c == OPT_AT) {
			o->at_given = true;
			o->at_ms = t;
		} else {
			o->since_given = true;
			o->since_ms = t;
		}
		break;
	}
	case OPT_START: {
		char *end;
		errno = 0;
		if (!isdigit((unsigned char)arg[0]) || (o->start = strtoull(arg, &end, 10), errno) ||
		    *end || !o->start)
			return fail(cause, "--start: '%s' is not a start time (clock ticks, as shown)", arg);
		break;
	}
	case OPT_EXPORT:
		if (!strcmp(arg, "csv"))
			o->export_fmt = 1;
		else if (!strcmp(arg, "json"))
			o->export_fmt = 2;
		else
			return fail(cause, "--export: '%s' is not csv or json", arg);
		break;
	case OPT_RETENTION:
		if (vt_parse_duration(arg, &o->retention_ms) < 0)
			return fail(cause, "--retention: '%s' is not a DURATION (N followed by s, m, h or d)", arg);
		break;
	case OPT_OM_FILE:
		if (!*arg)
			return fail(cause, "--openmetrics: the file name is empty");
		o->om_file = arg;
		break;
	default:
		return fail(cause, "internal error: option %d", c);
	}
	return 0;
}

/* --db and its companions: --at, --since, --start, --export. */
/* -b --db PATH --events [--since TIME] [-p PID]: the recorded ENOMEM events. */
static int settle_db_events(vt_opts *o, char **cause)
{
	if (o->at_given || o->export_fmt || o->start)
		return fail(cause, "--events: lists events; no %s",
			    o->at_given ? "--at" : o->export_fmt ? "--export" : "--start");
	if (o->npids > 1)
		return fail(cause, "--events: at most one -p PID");
	if (o->format == VT_FORMAT_JSON)
		o->batch = true;
	if (!o->batch)
		return fail(cause, "--events: only with -b (or --json)");
	o->mode = VT_MODE_HISTORY;
	return 0;
}

static int settle_history(vt_opts *o, char **cause)
{
	bool any = o->at_given || o->since_given || o->start || o->export_fmt;
	if (!o->db) {
		if (any || o->db_events)
			return fail(cause, "%s: only with --db PATH", o->at_given ? "--at" :
				    o->since_given ? "--since" : o->start ? "--start" :
				    o->export_fmt ? "--export" : "--events");
		return 0;
	}
	if (o->mode != VT_MODE_TUI || o->demo)
		return fail(cause, "--db: cannot be combined with --check, --advise or --demo");
	if (o->format == VT_FORMAT_OPENMETRICS)
		return fail(cause, "--openmetrics: not available with --db");
	if (o->db_events)
		return settle_db_events(o, cause);
	if (o->export_fmt) {
		if (o->at_given || o->since_given || o->npids)
			return fail(cause, "--export: writes every sample; no --at, --since or -p");
		o->mode = VT_MODE_HISTORY;
		return 0;
	}
	if (!any && !o->batch)
		return 0;           /* the screen in replay mode */
	if (!any)
		return fail(cause, "--db: with -b give --at TIME or -p PID --since TIME");
	if (o->at_given && o->since_given)
		return fail(cause, "--at and --since: choose one");
	if (o->since_given && o->npids != 1)
		return fail(cause, "--since: needs exactly one -p PID");
	if (o->start && !o->since_given)
		return fail(cause, "--start: only with -p PID --since TIME");
	if (o->format == VT_FORMAT_JSON)
		o->batch = true;
	if (!o->batch)
		return fail(cause, "%s: only with -b", o->at_given ? "--at" : "--since");
	if (o->batch)
		o->mode = VT_MODE_HISTORY;
	return 0;
}

void vt_default_db(char *out, size_t size)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (geteuid() == 0)
		snprintf(out, size, "/var/lib/vmatop/history.db");
	else if (xdg && xdg[0] == '/')
		snprintf(out, size, "%s/vmatop/history.db", xdg);
	else
		snprintf(out, size, "%s/.local/state/vmatop/history.db", home && *home ? home : ".");
}

static int parse_record(vt_opts *o, int argc, char **argv, char **cause)
{
	int c;
	o->mode = VT_MODE_RECORD;
	o->delay = 5;
	o->retention_ms = 7LL * 86400 * 1000;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":d:h", record_opts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			if (c == ':')
				return fail(cause, "record: %s: missing argument", what);
			return fail(cause, "record: unknown option '%s'", what);
		}
		if (c == 'h') {
			o->mode = VT_MODE_HELP;
			return 0;
		}
		if (parse_one(o, c, optarg, cause) < 0)
			return -1;
	}
	if (optind < argc)
		return fail(cause, "record: unexpected argument '%s'", argv[optind]);
	if (!o->db) {
		vt_default_db(o->db_default, sizeof(o->db_default));
		o->db = o->db_default;
	}
	return 0;
}

/* Combinations that make no sense, and the modes they imply. */
static int settle_mode(vt_opts *o, char **cause)
{
	if (o->mode == VT_MODE_HELP || o->mode == VT_MODE_VERSION)
		return 0;
	if (o->maps_pid > 0) {
		if (o->mode != VT_MODE_TUI)
			return fail(cause, "--maps: cannot be combined with --check or --advise");
		if (o->format == VT_FORMAT_OPENMETRICS)
			return fail(cause, "--openmetrics: not available with --maps (use --json)");
		o->mode = VT_MODE_MAPS;
		return 0;
	}
	if (o->smaps)
		return fail(cause, "--smaps: only with --maps PID");
	if (settle_history(o, cause) < 0)
		return -1;
	if (o->mode == VT_MODE_HISTORY)
		return 0;
	if (o->mode == VT_MODE_CHECK || o->mode == VT_MODE_ADVISE) {
		if (o->format != VT_FORMAT_TEXT)
			return fail(cause, "%s: output is text only",
				    o->mode == VT_MODE_CHECK ? "--check" : "--advise");
		return 0;
	}
	if (o->format != VT_FORMAT_TEXT)
		o->batch = true;               /* --json / --openmetrics imply -b */
	if (o->format == VT_FORMAT_OPENMETRICS) {
		if (o->iterations == 0)
			o->iterations = 1;
		if (o->iterations > 1 && !o->output)
			return fail(cause, "--openmetrics: -n %ld would write %ld expositions into one "
				    "stream; use --output FILE (rewritten at each refresh)",
				    o->iterations, o->iterations);
		if (!o->top_given)
			o->top = 10;
	}
	if (o->output && o->format != VT_FORMAT_OPENMETRICS && o->format != VT_FORMAT_JSON)
		return fail(cause, "--output: only with --openmetrics or --json");
	if (o->batch)
		o->mode = VT_MODE_BATCH;
	return 0;
}

/* The options of one command line: parse_one for each. */
static int parse_all(vt_opts *o, int argc, char **argv, const char *shorts,
		     const struct option *longs, char **cause)
{
	int c;
	optind = 0;                          /* full re-initialisation (GNU) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			if (c == ':')
				return fail(cause, "%s: missing argument", what);
			if (optopt && optopt < 256)
				return fail(cause, "unknown option '-%c'", optopt);
			return fail(cause, "unknown option '%s'", what);
		}
		const char *arg = optarg;
		/* "--check 80,95" as well as "--check=80,95" */
		if (c == OPT_CHECK && !arg && optind < argc && argv[optind][0] >= '0' &&
		    argv[optind][0] <= '9')
			arg = argv[optind++];
		if (parse_one(o, c, arg, cause) < 0)
			return -1;
	}
	if (optind < argc)
		return fail(cause, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int vt_opts_parse(vt_opts *o, int argc, char **argv, char **cause)
{
	*cause = NULL;
	if (argc > 1 && !strcmp(argv[1], "record"))
		return parse_record(o, argc, argv, cause);
	if (argc > 1 && strcmp(argv[1], "events") == 0) {
		if (parse_all(o, argc - 1, argv + 1, ":p:u:h", events_opts, cause) < 0)
			return -1;
		if (o->mode != VT_MODE_HELP)
			o->mode = VT_MODE_EVENTS;
		return 0;
	}
	if (parse_all(o, argc, argv, ":bn:d:p:u:s:IChV", long_opts, cause) < 0)
		return -1;
	return settle_mode(o, cause);
}

bool vt_args_want_check(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--check") == 0 || strncmp(argv[i], "--check=", 8) == 0)
			return true;
	}
	return false;
}
