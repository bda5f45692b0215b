#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "snapfix.h"

vt_proc *snapfix_add(vt_snapshot *s, pid_t pid, const char *comm, const char *cmdline,
		     long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	p->ppid = 1;
	p->uid = 1000;
	snprintf(p->user, sizeof(p->user), "user%d", (int)pid);
	p->comm = strdup(comm);
	p->cmdline = strdup(cmdline);
	assert_non_null(p->comm);
	assert_non_null(p->cmdline);
	p->state = 'S';
	p->vmas = vmas;
	s->scanned++;
	if (vmas == VT_UNKNOWN)
		s->unreadable++;
	else
		s->total_vmas += vmas;
	return p;
}

void snapfix_build(vt_snapshot *s)
{
	vt_snapshot_init(s);
	s->time = 1795306538.75;
	snprintf(s->host, sizeof(s->host), "host\x1b]0;x\x07");
	snprintf(s->kernel, sizeof(s->kernel), "6.1.0-test");
	s->max_map_count = 65530;
	s->backend = "text";
	snapfix_add(s, 100, "java", "java -jar app.jar", 65531)->rate = 12.5;
	snapfix_add(s, 200, SNAPFIX_HOSTILE_COMM, "run " SNAPFIX_HOSTILE_COMM " \xc3(", 1000);
	snapfix_add(s, 300, "secret", "", VT_UNKNOWN);
}
