/* vmatop core: the flight recorder's store, one SQLite database.
 *
 * WAL mode, synchronous=FULL, one transaction per sample, the schema version
 * in PRAGMA user_version (VT_STORE_SCHEMA; the man page documents the tables).
 * Times are milliseconds since the epoch (events: nanoseconds, as vt_event).
 *
 * A writer (vt_store_open with VT_STORE_WRITE) holds an exclusive flock on
 * the database file: a second writer fails with a clear message.  Readers
 * never take it.  Every function that can fail returns -1 (or NULL) and fills
 * *cause with a one-line, malloc'd message.
 */
#ifndef VMATOP_STORE_H
#define VMATOP_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "vmatop/event.h"
#include "vmatop/proc.h"

#define VT_STORE_SCHEMA 1

typedef struct vt_store vt_store;

typedef enum vt_store_mode {
	VT_STORE_READ,    /* read-only; the file must exist */
	VT_STORE_WRITE,   /* create if needed (and its directory), lock, migrate */
} vt_store_mode;

vt_store *vt_store_open(const char *path, vt_store_mode mode, char **cause);
void vt_store_close(vt_store *st);
const char *vt_store_path(const vt_store *st);

/* --- ENOMEM events --- */

/* Keep one event (its own transaction).  0, or -1 and *cause. */
int vt_store_add_event(vt_store *st, const vt_event *ev, char **cause);

/* The events with time_ns >= since_ns (0: all kept), of pid only when pid > 0,
 * oldest first, in a malloc'd array (*out, *n; free(*out)).  0, or -1. */
int vt_store_events(vt_store *st, int64_t since_ns, pid_t pid, vt_event **out, size_t *n,
		    char **cause);

/* Events ever added per cause, counts[VT_EVENT_MEMORY] and
 * counts[VT_EVENT_MAX_MAP_COUNT]: a counter (never lowered by retention),
 * for vmatop_enomem_events_total.  0, or -1. */
int vt_store_event_totals(vt_store *st, uint64_t counts[2], char **cause);

#endif
