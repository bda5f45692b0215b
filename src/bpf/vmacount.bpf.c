// SPDX-License-Identifier: GPL-2.0 OR MIT
/* vmacount: a task iterator that writes one binary record {pid, map_count}
 * per process (thread-group leader), read by src/count_bpf.c and src/scan_bpf.c.
 *
 * mm->map_count is the kernel's own VMA count: the [vsyscall] gate line of
 * /proc/PID/maps is not in it, exactly like vmatop's text count.  No mmap
 * lock is taken, so the cost is per process, not per VMA.
 *
 * A leader that called pthread_exit has no mm while its threads run: the
 * count then comes from the mm of a live thread of the group.
 *
 * The record also carries the leader's ppid, euid, start time, comm, thread
 * count, state, cgroup id and exec id (vmacount.h), so that a BPF scan reads
 * /proc only for what the task struct does not hold (cmdline, cgroup path).
 *
 * CO-RE: field offsets are relocated by libbpf against the running kernel's
 * BTF, so one object works across kernels.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "mmcount.h"
#include "vmacount.h"

#define PF_KTHREAD 0x00200000

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* The pid as the reader sees it: the iterator walks the reader's pid
 * namespace, but task->tgid is the pid in the initial namespace. */
static __always_inline __u32 vmacount_pid(struct task_struct *task)
{
	struct task_struct *self = (struct task_struct *)bpf_get_current_task();
	unsigned int level = BPF_CORE_READ(self, thread_pid, level);
	struct pid *pid;
	int nr = 0;

	if (level == 0)
		return (__u32)BPF_CORE_READ(task, tgid);
	pid = BPF_CORE_READ(task, thread_pid);
	if (!pid || BPF_CORE_READ(pid, level) < level)
		return 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &pid->numbers[level].nr);
	return (__u32)nr;
}

/* The 5.14 rename of task_struct.state to __state. */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

#define VT_TASK_REPORT       0x7f
#define VT_TASK_UNINTERRUPTIBLE 0x2
#define VT_TASK_NOLOAD       0x400
#define VT_TASK_IDLE         (VT_TASK_UNINTERRUPTIBLE | VT_TASK_NOLOAD)
#define VT_TASK_REPORT_IDLE  0x80
#define VT_TASK_RTLOCK_WAIT  0x1000
#define VT_TASK_FROZEN       0x8000

/* The kernel's task_state_index() and task_state_array: the letter of
 * /proc/PID/stat's third field. */
static __always_inline char vmacount_state(struct task_struct *task)
{
	struct task_struct___old *old = (void *)task;
	unsigned int raw, st;
	int idx = 0;

	if (bpf_core_field_exists(task->__state))
		raw = BPF_CORE_READ(task, __state);
	else
		raw = (unsigned int)BPF_CORE_READ(old, state);
	st = (raw | (unsigned int)BPF_CORE_READ(task, exit_state)) & VT_TASK_REPORT;
	if ((raw & VT_TASK_IDLE) == VT_TASK_IDLE)
		st = VT_TASK_REPORT_IDLE;
	if ((raw & VT_TASK_RTLOCK_WAIT) || (raw & VT_TASK_FROZEN))
		st = VT_TASK_UNINTERRUPTIBLE;
	while (st && idx < 9) {
		st >>= 1;
		idx++;
	}
	switch (idx) {
	case 0: return 'R';
	case 1: return 'S';
	case 2: return 'D';
	case 3: return 'T';
	case 4: return 't';
	case 5: return 'X';
	case 6: return 'Z';
	case 7: return 'P';
	default: return 'I';
	}
}

/* Before 6.2 the counters were atomics in struct mm_rss_stat (gone since). */
struct mm_rss_stat___old {
	long count[4];
} __attribute__((preserve_access_index));
struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

/* MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES, as get_mm_counter() reads
 * them (the shared count, without the per-CPU deltas). */
static __always_inline __u64 vmacount_rss(struct mm_struct *mm)
{
	struct mm_struct___old *old = (void *)mm;
	long sum = 0, v;
	int i;

	if (bpf_core_field_exists(old->rss_stat)) {
		for (i = 0; i < 4; i++) {
			if (i == 2)
				continue;              /* MM_SWAPENTS */
			v = BPF_CORE_READ(old, rss_stat.count[i]);
			sum += v > 0 ? v : 0;
		}
		return (__u64)sum;
	}
	for (i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		v = BPF_CORE_READ(mm, rss_stat[i].count);
		sum += v > 0 ? v : 0;
	}
	return (__u64)sum;
}

/* One record: the leader's identity and facts; the count (and the state,
 * when the leader has no mm) from counter, the leader or a live thread. */
static __always_inline void vmacount_emit(struct seq_file *seq, struct task_struct *leader,
					  struct task_struct *counter, __u32 flags)
{
	struct vmacount_record r;
	struct mm_struct *mm = NULL;
	struct task_struct *parent;

	__builtin_memset(&r, 0, sizeof(r));
	r.pid = vmacount_pid(leader);
	if (r.pid == 0)
		return;
	parent = BPF_CORE_READ(leader, real_parent);
	if (parent && BPF_CORE_READ(leader, thread_pid))
		r.ppid = vmacount_pid(BPF_CORE_READ(parent, group_leader));
	r.euid = BPF_CORE_READ(leader, cred, euid.val);
	r.start_ns = BPF_CORE_READ(leader, start_boottime);
	r.exec_id = BPF_CORE_READ(leader, self_exec_id);
	r.cgroup_id = BPF_CORE_READ(leader, cgroups, dfl_cgrp, kn, id);
	r.threads = (__u32)BPF_CORE_READ(leader, signal, nr_threads);
	r.state = vmacount_state(counter);
	BPF_CORE_READ_STR_INTO(&r.comm, leader, comm);
	r.flags = flags;
	if (BPF_CORE_READ(leader, flags) & PF_KTHREAD)
		r.flags |= VMACOUNT_KTHREAD;        /* a borrowed mm (kthread_use_mm) is not its own */
	else
		mm = BPF_CORE_READ(counter, mm);
	if (mm) {
		long n = vt_mm_map_count(mm);
		r.map_count = n > 0 ? (__u32)n : 0;
		r.total_vm = BPF_CORE_READ(mm, total_vm);
		r.rss_pages = vmacount_rss(mm);
		r.flags |= VMACOUNT_MM;
	}
	bpf_seq_write(seq, &r, sizeof(r));
}

/* One record per leader, kernel threads included (no mm: 0); and when a
 * user leader has no mm, one per live thread that still has it (the leader
 * called pthread_exit): user space keeps the largest per pid. */
SEC("iter/task")
int vmacount(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct task_struct *leader;

	if (!task)
		return 0;
	if (task->tgid == task->pid) {
		vmacount_emit(seq, task, task, 0);
		return 0;
	}
	if (task->flags & PF_KTHREAD)
		return 0;
	leader = task->group_leader;
	if (!task->mm || !leader || BPF_CORE_READ(leader, mm))
		return 0;
	vmacount_emit(seq, leader, task, VMACOUNT_LIVE_THREAD);
	return 0;
}
