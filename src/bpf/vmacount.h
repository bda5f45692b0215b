/* The record the vmacount task iterator writes, shared by the BPF program and
 * src/count_bpf.c.  Only fixed-width kernel-uapi-free types: it is included
 * both after vmlinux.h (BPF) and after <linux/types.h> (user space).
 *
 * Besides the count it carries what the task struct gives cheaply, so that
 * a BPF scan (src/scan_bpf.c) needs no /proc read for a known process.
 * Every field but map_count and state is the thread-group leader's. */
#ifndef VMATOP_BPF_VMACOUNT_H
#define VMATOP_BPF_VMACOUNT_H

#define VMACOUNT_KTHREAD     0x1u   /* PF_KTHREAD */
#define VMACOUNT_LIVE_THREAD 0x2u   /* the leader has no mm: map_count and state are a live thread's */
#define VMACOUNT_MM          0x4u   /* map_count, total_vm and rss come from an mm */

#define VMACOUNT_COMM_LEN 16

struct vmacount_record {
	__u32 pid;         /* in the reader's pid namespace */
	__u32 map_count;   /* mm->map_count; 0 for a process without mm */
	__u32 ppid;        /* the real parent's tgid in the reader's namespace, 0 outside it */
	__u32 euid;        /* cred->euid (initial user namespace) */
	__u64 start_ns;    /* start_boottime: ns after boot, /proc/PID/stat field 22 in ns */
	__u64 exec_id;     /* self_exec_id: changes at every exec */
	__u64 cgroup_id;   /* the cgroup v2 (default hierarchy) id */
	__u64 total_vm;    /* pages */
	__u64 rss_pages;   /* file + anon + shmem pages */
	__u32 threads;     /* signal->nr_threads */
	__u32 flags;       /* VMACOUNT_* */
	char state;        /* as /proc/PID/stat: R S D T t X Z P I */
	char comm[VMACOUNT_COMM_LEN];
	char pad[7];
};

#endif
