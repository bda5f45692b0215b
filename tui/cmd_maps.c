/* --maps PID: one process's memory map grouped by type, as text or JSON.
 * The core reads, groups and writes (vmatop/export_maps.h); this is the
 * command: privileges, errors, the exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/thread.h"
#include "vmatop/causes.h"
#include "vmatop/export_maps.h"
#include "vmatop/group.h"
#include "vmatop/maps.h"
#include "vmatop/privs.h"
#include "vmatop/proc.h"
#include "vmatop/sanitize.h"
#include "vmatop/sysvm.h"

#define COMM_MAX 64            /* the comm's bytes (the kernel's TASK_COMM_LEN is 16) */

struct maps_out {
	const vt_opts *o;
	pid_t pid;
	char comm[COMM_MAX];
	vt_maps maps;
	vt_grouping g;
	vt_causes causes;
	long limit;
};

/* ---- loading ---- */

static int maps_fail(pid_t pid, const char *what, int err)
{
	if (err == ENOENT)
		vt_errorf("no process with pid %d", (int)pid);
	else if (err == EACCES || err == EPERM)
		vt_errorf("cannot read /proc/%d/%s: permission denied (%s)", (int)pid, what,
			  vt_access_hint_self(NULL));
	else
		vt_errorf("cannot read /proc/%d/%s: %s", (int)pid, what, strerror(err));
	return 1;
}

static int maps_load(struct maps_out *mo)
{
	int err = 0;
	if (vt_maps_read_comm(NULL, mo->pid, mo->comm, sizeof(mo->comm), &err) < 0)
		return maps_fail(mo->pid, "comm", err);
	if (vt_maps_read(&mo->maps, NULL, mo->pid, &err) < 0)
		return maps_fail(mo->pid, "maps", err);
	if (mo->o->smaps && vt_maps_load_smaps(&mo->maps, NULL, mo->pid, &err) < 0)
		return maps_fail(mo->pid, "smaps", err);
	mo->limit = vt_read_max_map_count(NULL, &err);
	if (mo->limit < 0)
		mo->limit = VT_UNKNOWN;
	long threads = vt_read_threads(NULL, mo->pid, &err);
	if (vt_group_build(&mo->g, &mo->maps, mo->limit) < 0) {
		vt_errorf("out of memory");
		return 1;
	}
	if (vt_causes_build(&mo->causes, &mo->maps, threads) < 0) {
		vt_group_free(&mo->g);
		vt_errorf("out of memory");
		return 1;
	}
	return 0;
}

/* ---- the command ---- */

int vt_cmd_maps(const vt_opts *o)
{
	struct maps_out mo = { .o = o, .pid = o->maps_pid };
	int status;

	vt_maps_init(&mo.maps);
	char *cause = NULL;
	if (vt_privs_keep(VT_PRIV_PTRACE, &cause) < 0) {
		vt_errorf("%s", cause ? cause : "cannot drop capabilities");
		free(cause);
		return 1;
	}
	status = maps_load(&mo);
	if (status == 0) {
		vt_maps_report r = { .pid = mo.pid, .comm = mo.comm, .maps = &mo.maps, .g = &mo.g,
			.causes = &mo.causes, .limit = mo.limit, .top = o->top, .smaps = o->smaps,
			.kthread = mo.maps.n == 0 && vt_is_kernel_thread(NULL, mo.pid),
			.ascii = !vt_locale_is_utf8() };
		int rc = o->format == VT_FORMAT_JSON ? vt_write_maps_json(stdout, &r)
						     : vt_write_maps_text(stdout, &r);
		if (rc < 0 || fflush(stdout) == EOF) {
			if (errno != EPIPE)
				vt_errorf("write error: %s", strerror(errno));
			status = 1;
		}
		vt_group_free(&mo.g);
	}
	vt_maps_free(&mo.maps);
	return status;
}
