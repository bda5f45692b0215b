/* The record the vmaenomem program sends through its ring buffer, shared by
 * the BPF program and src/events.c.  Only fixed-width types: it is included
 * both after vmlinux.h (BPF) and after <linux/types.h> (user space). */
#ifndef VMATOP_BPF_VMAENOMEM_H
#define VMATOP_BPF_VMAENOMEM_H

/* Which call failed (user space turns it into the name). */
enum vmaenomem_syscall {
	VMAENOMEM_MMAP,
	VMAENOMEM_MPROTECT,
	VMAENOMEM_MUNMAP,
	VMAENOMEM_MREMAP,
	VMAENOMEM_BRK,
	VMAENOMEM_MADVISE,
	VMAENOMEM__COUNT
};

struct vmaenomem_record {
	__u64 time_ns;         /* bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME */
	__u64 start_boottime;  /* the thread-group leader's, ns after boot */
	__u64 len;             /* requested length (brk: the growth asked for) */
	__u64 cgroup_id;       /* cgroup v2 id (the kernfs inode), 0 unknown */
	__s64 map_count;       /* mm->map_count after the failure, -1 unknown */
	__u32 pid;             /* thread-group id in the reader's pid namespace */
	__u32 tid;
	__u32 euid;            /* effective uid (initial user namespace) */
	__u32 syscall;         /* enum vmaenomem_syscall */
	char comm[16];
};

#endif
