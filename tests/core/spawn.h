/* Spawning tests/vmahelper from C tests: the kernel is the oracle. */
#ifndef VMATOP_TEST_SPAWN_H
#define VMATOP_TEST_SPAWN_H

#include <sys/types.h>

typedef struct helper {
	pid_t pid;
	long added;     /* VMAs the helper says it added */
	long enomem;    /* with --grow: the count of added VMAs when ENOMEM hit; -1 otherwise */
} helper;

/* Start VMAHELPER with args (NULL-terminated), wait for its READY line. 0 or -1. */
int helper_start(helper *h, const char *const *args);
/* SIGTERM and reap. */
void helper_stop(helper *h);

#endif
