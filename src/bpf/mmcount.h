/* mm->map_count through CO-RE, for both BPF programs (vmacount, vmaenomem).
 *
 * A proposed kernel series renames mm_struct.map_count to vma_count: the
 * ___flavor struct below names the new field, and bpf_core_field_exists()
 * (resolved by libbpf against the running kernel's BTF at load time) picks
 * whichever the kernel has.  The branch not taken is removed by the
 * verifier's dead-code elimination, so its failed relocation never runs.
 * Include after vmlinux.h and <bpf/bpf_core_read.h>. */
#ifndef VMATOP_BPF_MMCOUNT_H
#define VMATOP_BPF_MMCOUNT_H

struct mm_struct___vma_count {
	int vma_count;
} __attribute__((preserve_access_index));

/* The VMA count of mm, -1 when this kernel has neither field. */
static __always_inline long vt_mm_map_count(struct mm_struct *mm)
{
	struct mm_struct___vma_count *renamed = (void *)mm;

	if (bpf_core_field_exists(mm->map_count))
		return BPF_CORE_READ(mm, map_count);
	if (bpf_core_field_exists(renamed->vma_count))
		return BPF_CORE_READ(renamed, vma_count);
	return -1;
}

#endif
