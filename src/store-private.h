/* The store's internals, shared by store.c (open, events), store_rec.c
 * (writing samples) and store_read.c (reading back). */
#ifndef VMATOP_STORE_PRIVATE_H
#define VMATOP_STORE_PRIVATE_H

#include <sqlite3.h>
#include "vmatop/store.h"

typedef enum vt_stmt_id {
	VT_STMT_BEGIN, VT_STMT_COMMIT,
	VT_STMT_EVENT_ADD, VT_STMT_EVENT_TOTAL, VT_STMT_EVENTS, VT_STMT_EVENT_TOTALS,
	VT_STMT_SCAN_ADD, VT_STMT_PROC_UPSERT, VT_STMT_SAMPLE_ADD, VT_STMT_PROC_SEEN,
	VT_STMT_PROC_EXIT,
	VT_STMT_COUNT
} vt_stmt_id;

/* What the writer remembers of one live process between samples. */
typedef struct vt_rec_proc {
	pid_t pid;
	unsigned long long start_time;
	sqlite3_int64 id;          /* processes.id */
	long count;                /* last count written */
	int64_t written_ms;        /* time of the last sample written */
	int64_t seen_ms;           /* time of the last scan that saw it */
	size_t src;                /* its index in the snapshot being written */
} vt_rec_proc;

typedef struct vt_rec_state {
	vt_rec_proc *procs;        /* sorted by (pid, start_time) */
	size_t n, cap;
	int64_t last_prune_ms;
	int64_t retention_ms;      /* 0: keep everything */
	bool meta_written;         /* host and kernel, once per writer */
} vt_rec_state;

struct vt_store {
	sqlite3 *db;
	char *path;
	int lock_fd;               /* writer: flock(LOCK_EX) held on the database file */
	sqlite3_stmt *stmt[VT_STMT_COUNT];
	vt_rec_state rec;
};

int vt_store_fail(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vt_store_sqlfail(vt_store *st, char **cause, const char *what);
/* A cached prepared statement, reset; NULL and *cause. */
sqlite3_stmt *vt_store_stmt(vt_store *st, vt_stmt_id id, const char *sql, char **cause);
int vt_store_begin(vt_store *st, char **cause);
/* On failure the transaction is rolled back; "disk full" named as such. */
int vt_store_commit(vt_store *st, char **cause);
void vt_store_rollback(vt_store *st);

/* store_rec.c: the writer's state (a writer marks the processes a previous
 * recorder left open as exited; the first sample reopens the live ones). */

#endif
