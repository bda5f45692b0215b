/* vmatop core: the command-line contract, parsed into one structure.
 * Pure (no I/O but user lookups): unit-tested directly. */
#ifndef VMATOP_OPTIONS_H
#define VMATOP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "vmatop/count.h"
#include "vmatop/sort.h"

#define VT_MAX_PIDS 8192

typedef enum vt_mode {
	VT_MODE_TUI,
	VT_MODE_BATCH,     /* -b, --json, --openmetrics */
	VT_MODE_MAPS,      /* --maps PID */
	VT_MODE_CHECK,     /* --check */
	VT_MODE_ADVISE,    /* --advise */
	VT_MODE_EVENTS,    /* vmatop events: ENOMEM events as they happen */
	VT_MODE_RECORD,    /* vmatop record */
	VT_MODE_HISTORY,   /* --db with -b --at, -p --since, or --export */
	VT_MODE_HELP,
	VT_MODE_VERSION
} vt_mode;

typedef enum vt_format {
	VT_FORMAT_TEXT,
	VT_FORMAT_JSON,
	VT_FORMAT_OPENMETRICS
} vt_format;

typedef struct vt_opts {
	vt_mode mode;
	vt_format format;
	bool batch;                 /* -b given (also implied by --json/--openmetrics) */
	long iterations;            /* -n; 0 = until interrupted */
	double delay;               /* -d seconds */
	bool delay_given;
	pid_t pids[VT_MAX_PIDS];    /* -p */
	int npids;
	bool by_uid;                /* -u */
	uid_t uid;
	char user[64];
	vt_sort_key sort;           /* -s */
	bool sort_given;
	bool invert;                /* -I / --invert */
	long top;                   /* --top N; 0 = all (batch), 10 (openmetrics) */
	bool top_given;
	pid_t maps_pid;             /* --maps */
	bool smaps;                 /* --smaps: resident memory per group (costly) */
	const char *output;         /* --output FILE */
	double warn, crit;          /* --check WARN,CRIT (percent) */
	double headroom;            /* --headroom */
	long round_to;              /* --round */
	bool demo;                  /* --demo[=RATE] */
	long demo_rate;
	bool no_color;              /* -C / --no-color / NO_COLOR */
	bool show_kthreads;         /* --kernel-threads */
	vt_backend_kind backend;    /* --backend */
	const char *cgroup;         /* --cgroup PATTERN (NULL: all) */
	bool containers;            /* --containers: the CONTAINER/UNIT column */
	const char *pods_dir;       /* --pods-dir (NULL: /var/log/pods) */
	/* the flight recorder (issue 14) */
	const char *db;             /* --db PATH (record: default per vt_default_db) */
	char db_default[4096];
	bool at_given;              /* --at TIME */
	int64_t at_ms;
	bool since_given;           /* --since TIME */
	int64_t since_ms;
	unsigned long long start;   /* --start TICKS: which process of a reused pid */
	int export_fmt;             /* --export csv|json: 1 csv, 2 json, 0 none */
	int64_t retention_ms;       /* record --retention */
	const char *om_file;        /* record --openmetrics FILE */
	bool db_events;             /* -b --db PATH --events: the recorded ENOMEM events */
} vt_opts;

void vt_opts_defaults(vt_opts *o);
/* Parse argv.  0 on success; -1 with *cause (one line naming the argument,
 * malloc'd) on a bad argument: the caller prints it, a usage hint, exits 2. */
int vt_opts_parse(vt_opts *o, int argc, char **argv, char **cause);
/* Whether the command line asks for --check (so that bad arguments exit 3,
 * UNKNOWN, as monitoring plugins do, not 2 which runners read as CRITICAL). */
bool vt_args_want_check(int argc, char **argv);
/* The recorder's default database: /var/lib/vmatop/history.db as root,
 * $XDG_STATE_HOME/vmatop/history.db (~/.local/state/...) otherwise. */
void vt_default_db(char *out, size_t size);
/* The --help text. */
const char *vt_usage(void);

/* Shared number parsers: whole string, range-checked. 0 or -1. */
int vt_parse_long(const char *s, long min, long max, long *out);
int vt_parse_double(const char *s, double min, double max, double *out);
/* "PID[,PID...]" into pids (max n). Count, or -1. */
int vt_parse_pids(const char *s, pid_t *pids, int max);

/* The recorder's arguments (timearg.c).  DURATION: N followed by s, m, h or d.
 * TIME: -DURATION (before now), HH:MM[:SS] (today, or yesterday when still to
 * come), YYYY-MM-DDTHH:MM[:SS] (local time; a space for the T works too) or
 * @EPOCH (seconds, decimals allowed).  now in seconds since the epoch;
 * milliseconds since the epoch out.  0, or -1 for anything else. */
int vt_parse_duration(const char *s, int64_t *out_ms);
int vt_parse_time(const char *s, double now, int64_t *out_ms);

#endif
