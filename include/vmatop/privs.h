/* vmatop core: keep only the capabilities a mode still uses.
 *
 * Run as root, vmatop parses attacker-controlled text at every refresh.  Once
 * set up (the BPF program loaded, files opened) it keeps, with libcap, only
 * what each refresh needs, drops every other capability from the effective,
 * permitted, inheritable, ambient and bounding sets, and sets no_new_privs:
 *   VT_PRIV_PTRACE  CAP_SYS_PTRACE: other users' /proc/PID/maps (text backend,
 *                   and BPF's fallback for pids the iterator did not report)
 *   VT_PRIV_BPF     CAP_BPF + CAP_PERFMON: re-run the task iterator
 *   VT_PRIV_KILL    CAP_KILL: `k` on other users' processes (the screen)
 * Call it before any thread is started (capabilities are per thread).
 */
#ifndef VMATOP_PRIVS_H
#define VMATOP_PRIVS_H

#define VT_PRIV_PTRACE 0x1u
#define VT_PRIV_BPF    0x2u
#define VT_PRIV_KILL   0x4u

/* What a counting backend needs at each refresh ("bpf" or "text"). */
unsigned vt_privs_for_backend(const char *backend);

/* Keep the capabilities in need (those held now), drop the rest, set
 * no_new_privs.  0, or -1 with *cause. */
int vt_privs_keep(unsigned need, char **cause);

#endif
