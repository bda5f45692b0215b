// SPDX-License-Identifier: GPL-2.0 OR MIT
/* vmacount: a task iterator that writes one binary record {pid, map_count}
 * per process (thread-group leader), read by src/count_bpf.c.
 *
 * mm->map_count is the kernel's own VMA count: the [vsyscall] gate line of
 * /proc/PID/maps is not in it, exactly like vmatop's text count.  No mmap
 * lock is taken, so the cost is per process, not per VMA.
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

SEC("iter/task")
int vmacount(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct vmacount_record r;
	struct mm_struct *mm;

	if (!task || task->tgid != task->pid || (task->flags & PF_KTHREAD))
		return 0;
	r.pid = vmacount_pid(task);
	if (r.pid == 0)
		return 0;
	/* A zombie (or an exiting leader) has no mm: its maps file is empty. */
	mm = task->mm;
	r.map_count = mm ? (__u32)vt_mm_map_count(mm) : 0;
	bpf_seq_write(seq, &r, sizeof(r));
	return 0;
}
