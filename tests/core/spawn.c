#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

int helper_start(helper *h, const char *const *args)
{
	int fds[2];
	const char *argv[32] = { VMAHELPER };
	int n = 1;
	for (; args && args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	if (pipe(fds) < 0)
		return -1;
	h->pid = fork();
	if (h->pid < 0)
		return -1;
	if (h->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(VMAHELPER, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	char line[128];
	h->enomem = -1;
	h->added = -1;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "ENOMEM %ld", &h->enomem) == 1)
			continue;
		int pid;
		if (sscanf(line, "READY %d %ld", &pid, &h->added) == 2)
			break;
	}
	if (f)
		fclose(f);
	if (h->added < 0) {
		helper_stop(h);
		return -1;
	}
	return 0;
}

void helper_stop(helper *h)
{
	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
			;
		h->pid = 0;
	}
}
