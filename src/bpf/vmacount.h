/* The record the vmacount task iterator writes, shared by the BPF program and
 * src/count_bpf.c.  Only fixed-width kernel-uapi-free types: it is included
 * both after vmlinux.h (BPF) and after <linux/types.h> (user space). */
#ifndef VMATOP_BPF_VMACOUNT_H
#define VMATOP_BPF_VMACOUNT_H

struct vmacount_record {
	__u32 pid;         /* in the reader's pid namespace */
	__u32 map_count;   /* mm->map_count; 0 for a process without mm */
};

#endif
