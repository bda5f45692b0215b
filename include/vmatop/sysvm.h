/* vmatop core: the machine's VM settings. */
#ifndef VMATOP_SYSVM_H
#define VMATOP_SYSVM_H

/* /proc/sys/vm/max_map_count under proc_root (NULL: /proc); -1 and *err. */
long vt_read_max_map_count(const char *proc_root, int *err);
/* Fill host and kernel (uname); always succeeds (empty strings at worst). */
void vt_host_info(char *host, unsigned hostsz, char *kernel, unsigned kernelsz);
/* sysconf(_SC_CLK_TCK), cached. */
long vt_clk_tck(void);

/* Why other processes' maps are unreadable, as a phrase to show after the
 * count ("run as root or with CAP_SYS_PTRACE to read them"): root is only
 * suggested to a non-root user; root without CAP_SYS_PTRACE (a container) is
 * told that capability is missing; root with it is told that a security
 * module or another user namespace refuses.  Static text. */
#define VT_CAP_SYS_PTRACE 19
const char *vt_access_hint(unsigned euid, unsigned long long cap_eff);
/* The same for this process: its euid and CapEff from proc_root/self/status. */
const char *vt_access_hint_self(const char *proc_root);

#endif
