/* The live thread of a process whose leader exited (see vmatop/thread.h). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/thread.h"

void vt_thread_file(char *buf, size_t sz, pid_t pid, pid_t tid, const char *name)
{
	snprintf(buf, sz, "%d/task/%d/%s", (int)pid, (int)tid, name);
}

const char *vt_stat_fields(int dirfd, const char *path, char *buf, size_t sz)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || sz < 2) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	ssize_t n = read(fd, buf, sz - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp + 2 : NULL;
}

char *vt_comm_read(int proc_fd, pid_t pid)
{
	char rel[32], buf[80];     /* a workqueue worker's name passes TASK_COMM_LEN */
	snprintf(rel, sizeof(rel), "%d/comm", (int)pid);
	int fd = openat(proc_fd, rel, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return NULL;
	if (buf[n - 1] == '\n')
		n--;
	return strndup(buf, (size_t)n);
}

#define VT_PF_KTHREAD 0x00200000UL   /* include/linux/sched.h */

bool vt_is_kernel_thread(const char *proc_root, pid_t pid)
{
	char path[4096], buf[1024];
	snprintf(path, sizeof(path), "%s/%d/stat", proc_root ? proc_root : "/proc", (int)pid);
	const char *f = vt_stat_fields(AT_FDCWD, path, buf, sizeof(buf));
	/* state ppid pgrp session tty_nr tpgid flags */
	for (int i = 0; f && i < 6; i++) {
		f = strchr(f, ' ');
		if (f)
			f++;
	}
	return f && (strtoul(f, NULL, 10) & VT_PF_KTHREAD);
}

/* The state letter of PID/task/TID/stat, or 0. */
static char thread_state(int proc_fd, pid_t pid, pid_t tid)
{
	char rel[64], buf[512];
	vt_thread_file(rel, sizeof(rel), pid, tid, "stat");
	const char *f = vt_stat_fields(proc_fd, rel, buf, sizeof(buf));
	return f ? f[0] : 0;
}

pid_t vt_live_thread(int proc_fd, pid_t pid, char *state)
{
	char rel[32];
	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	int fd = openat(proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	pid_t found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL) {
		char *end;
		long tid = strtol(e->d_name, &end, 10);
		if (*end || tid <= 0 || tid == pid)
			continue;
		char st = thread_state(proc_fd, pid, (pid_t)tid);
		if (st && st != 'Z' && st != 'X') {
			found = (pid_t)tid;
			if (state)
				*state = st;
		}
	}
	closedir(d);
	return found;
}
