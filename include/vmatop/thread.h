/* vmatop core: the thread that stands for a process.
 *
 * A thread-group leader that called pthread_exit while other threads run is
 * a zombie: its /proc/PID/maps is empty, yet the address space lives on in
 * the other threads.  The count, the maps and the state are then read from
 * a live thread: /proc/PID/task/TID/.
 */
#ifndef VMATOP_THREAD_H
#define VMATOP_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The first thread of pid other than the leader that is not a zombie (state
 * Z or X), with its state in *state when state is not NULL; 0 when there is
 * none.  proc_fd is the proc root opened as a directory. */
pid_t vt_live_thread(int proc_fd, pid_t pid, char *state);

/* Read a stat file (path relative to dirfd, or absolute with AT_FDCWD) into
 * buf and return its fields after the parenthesised comm (the state letter
 * first), or NULL.  comm may hold spaces and parentheses: the last ')' ends it. */
const char *vt_stat_fields(int dirfd, const char *path, char *buf, size_t sz);

/* Whether pid is a kernel thread (PF_KTHREAD in the flags of PID/stat under
 * proc_root, NULL: "/proc"): no mm, no maps, no VMAs.  False when unreadable. */
bool vt_is_kernel_thread(const char *proc_root, pid_t pid);

/* PID/comm under the proc root proc_fd, raw bytes without the newline
 * (malloc'd), or NULL when unreadable. */
char *vt_comm_read(int proc_fd, pid_t pid);

/* "PID/task/TID/NAME" into buf (relative to the proc root). */
void vt_thread_file(char *buf, size_t sz, pid_t pid, pid_t tid, const char *name);

#endif
