// SPDX-License-Identifier: GPL-2.0 OR MIT
/* vmaenomem: the ENOMEM catcher.  One program on the raw syscall-exit
 * tracepoint (tp_btf/sys_exit: a BTF tracepoint, so neither tracefs nor
 * debugfs has to be mounted) keeps only the failures of mmap, mprotect,
 * munmap, mremap, brk and madvise and sends them to src/events.c through a
 * ring buffer: time, pid, tid, comm, the call, the requested length, the
 * process's mm->map_count at that moment, its cgroup.
 *
 * A failure is ret == -ENOMEM; brk never fails with an error: it returns
 * the old break, so a brk failure is a returned break below the one asked
 * for (asked to grow, did not move).  The arguments are still in the saved
 * user registers at exit (the return value goes to ax / x0; x0's argument
 * is kept in orig_x0), so no enter program is needed.
 *
 * The syscall numbers come from user space (.rodata, set before load), so
 * the object has no per-architecture table; the number of the call that
 * exits is read from the registers through CO-RE flavors (orig_ax on x86,
 * syscallno on arm64).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#include "mmcount.h"
#include "vmaenomem.h"

#define VMAENOMEM_ENOMEM 12

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Set by user space before load. */
const volatile long nr_call[VMAENOMEM__COUNT] = { -1, -1, -1, -1, -1, -1 };
const volatile __u64 pidns_dev;   /* the reader's pid namespace (stat of /proc/self/ns/pid) */
const volatile __u64 pidns_ino;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Records the ring buffer had no room for (user space reports them). */
__u64 dropped;

struct pt_regs___x86 {
	long orig_ax;
} __attribute__((preserve_access_index));

struct pt_regs___arm64 {
	int syscallno;
} __attribute__((preserve_access_index));

static __always_inline long exit_nr(struct pt_regs *regs)
{
	struct pt_regs___x86 *x86 = (void *)regs;
	struct pt_regs___arm64 *arm64 = (void *)regs;

	if (bpf_core_field_exists(x86->orig_ax))
		return BPF_CORE_READ(x86, orig_ax);
	if (bpf_core_field_exists(arm64->syscallno))
		return BPF_CORE_READ(arm64, syscallno);
	return -1;
}

static __always_inline int which_call(long nr)
{
	for (int i = 0; i < VMAENOMEM__COUNT; i++)
		if (nr >= 0 && nr == nr_call[i])
			return i;
	return -1;
}

/* The requested length, or -1 when this is not a failure. */
static __always_inline __s64 failed_len(int call, struct pt_regs *regs, long ret)
{
	if (call == VMAENOMEM_BRK) {
		unsigned long want = PT_REGS_PARM1_CORE_SYSCALL(regs);
		if ((unsigned long)ret >= want)
			return -1;
		return (__s64)(want - (unsigned long)ret);
	}
	if (ret != -VMAENOMEM_ENOMEM)
		return -1;
	if (call == VMAENOMEM_MREMAP)
		return (__s64)PT_REGS_PARM3_CORE_SYSCALL(regs);   /* new_len */
	return (__s64)PT_REGS_PARM2_CORE_SYSCALL(regs);
}

static __always_inline void fill(struct vmaenomem_record *r, int call, __u64 len,
				 struct bpf_pidns_info *ns)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);

	r->time_ns = bpf_ktime_get_boot_ns();
	r->start_boottime = BPF_CORE_READ(task, group_leader, start_boottime);
	r->len = len;
	r->cgroup_id = bpf_get_current_cgroup_id();
	r->map_count = mm ? vt_mm_map_count(mm) : -1;
	r->pid = ns->tgid;
	r->tid = ns->pid;
	r->euid = BPF_CORE_READ(task, cred, euid.val);
	r->syscall = (__u32)call;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(vmaenomem_exit, struct pt_regs *regs, long ret)
{
	struct bpf_pidns_info ns;
	struct vmaenomem_record *r;
	int call;
	__s64 len;

	/* The fast path of every other syscall: one compare per call number. */
	call = which_call(exit_nr(regs));
	if (call < 0)
		return 0;
	len = failed_len(call, regs, ret);
	if (len < 0)
		return 0;
	/* A task outside the reader's pid namespace is not the reader's to see. */
	if (bpf_get_ns_current_pid_tgid(pidns_dev, pidns_ino, &ns, sizeof(ns)))
		return 0;
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	fill(r, call, (__u64)len, &ns);
	bpf_ringbuf_submit(r, 0);
	return 0;
}
