/* Dropping capabilities after setup (see vmatop/privs.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "vmatop/privs.h"

#define PRIVS_MAX 4

unsigned vt_privs_for_backend(const char *backend)
{
	return VT_PRIV_PTRACE | (backend && strcmp(backend, "bpf") == 0 ? VT_PRIV_BPF : 0);
}

static int privs_fail(char **cause, const char *what)
{
	if (asprintf(cause, "cannot drop capabilities: %s: %s", what, strerror(errno)) < 0)
		*cause = NULL;
	return -1;
}

static size_t privs_list(unsigned need, cap_value_t *keep)
{
	size_t n = 0;
	if (need & VT_PRIV_PTRACE)
		keep[n++] = CAP_SYS_PTRACE;
	if (need & VT_PRIV_BPF) {
		keep[n++] = CAP_BPF;
		keep[n++] = CAP_PERFMON;
	}
	if (need & VT_PRIV_KILL)
		keep[n++] = CAP_KILL;
	return n;
}

static int privs_kept(const cap_value_t *keep, size_t n, cap_value_t c)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] == c)
			return 1;
	return 0;
}

/* The bounding set first: dropping from it needs CAP_SETPCAP, still held. */
static void privs_drop_bound(const cap_value_t *keep, size_t n)
{
	for (cap_value_t c = 0; c < (cap_value_t)cap_max_bits(); c++)
		if (!privs_kept(keep, n, c) && cap_get_bound(c) == 1)
			cap_drop_bound(c);
}

int vt_privs_keep(unsigned need, char **cause)
{
	cap_value_t keep[PRIVS_MAX], held[PRIVS_MAX];
	size_t n = privs_list(need, keep), nheld = 0;
	cap_t cur = cap_get_proc();
	if (!cur)
		return privs_fail(cause, "cap_get_proc");
	for (size_t i = 0; i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;
		if (cap_get_flag(cur, keep[i], CAP_PERMITTED, &v) == 0 && v == CAP_SET)
			held[nheld++] = keep[i];
	}
	cap_free(cur);
	privs_drop_bound(keep, n);
	cap_t nc = cap_init();
	if (!nc)
		return privs_fail(cause, "cap_init");
	int rc = 0;
	if (nheld && (cap_set_flag(nc, CAP_EFFECTIVE, (int)nheld, held, CAP_SET) < 0 ||
		      cap_set_flag(nc, CAP_PERMITTED, (int)nheld, held, CAP_SET) < 0))
		rc = privs_fail(cause, "cap_set_flag");
	if (rc == 0 && cap_set_proc(nc) < 0)
		rc = privs_fail(cause, "cap_set_proc");
	cap_free(nc);
	if (rc == 0 && CAP_AMBIENT_SUPPORTED())
		cap_reset_ambient();
	if (rc == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = privs_fail(cause, "no_new_privs");
	return rc;
}
