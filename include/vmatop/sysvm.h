/* vmatop core: the machine's VM settings. */
#ifndef VMATOP_SYSVM_H
#define VMATOP_SYSVM_H

/* /proc/sys/vm/max_map_count under proc_root (NULL: /proc); -1 and *err. */
long vt_read_max_map_count(const char *proc_root, int *err);
/* Fill host and kernel (uname); always succeeds (empty strings at worst). */
void vt_host_info(char *host, unsigned hostsz, char *kernel, unsigned kernelsz);
/* Seconds since boot as the kernel counts start_time: CLOCK_BOOTTIME. */
double vt_boottime_now(void);
/* sysconf(_SC_CLK_TCK), cached. */
long vt_clk_tck(void);

#endif
