/* The machine's VM settings and clocks. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "vmatop/options.h"
#include "vmatop/sysvm.h"

long vt_read_max_map_count(const char *proc_root, int *err)
{
	char path[4096], buf[64];
	snprintf(path, sizeof(path), "%s/sys/vm/max_map_count", proc_root ? proc_root : "/proc");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	*err = errno;
	close(fd);
	if (n <= 0) {
		if (n == 0)
			*err = EINVAL;
		return -1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	long v;
	if (vt_parse_long(buf, 0, 0x7fffffffL, &v) < 0) {
		*err = EINVAL;
		return -1;
	}
	return v;
}

void vt_host_info(char *host, unsigned hostsz, char *kernel, unsigned kernelsz)
{
	struct utsname u;
	if (uname(&u) < 0) {
		host[0] = kernel[0] = '\0';
		return;
	}
	snprintf(host, hostsz, "%s", u.nodename);
	snprintf(kernel, kernelsz, "%s", u.release);
}

long vt_clk_tck(void)
{
	static long tck;
	if (!tck) {
		tck = sysconf(_SC_CLK_TCK);
		if (tck <= 0)
			tck = 100;
	}
	return tck;
}

const char *vt_access_hint(unsigned euid, unsigned long long cap_eff)
{
	bool ptrace_cap = (cap_eff >> VT_CAP_SYS_PTRACE) & 1u;
	if (euid != 0 && !ptrace_cap)
		return "run as root or with CAP_SYS_PTRACE to read them";
	if (!ptrace_cap)
		return "running as root without CAP_SYS_PTRACE (a container?): "
		       "add that capability to read them";
	return "refused even with CAP_SYS_PTRACE: a security module (AppArmor, SELinux) "
	       "or another user namespace";
}

const char *vt_access_hint_self(const char *proc_root)
{
	char path[4096], line[256];
	unsigned long long cap = 0;
	snprintf(path, sizeof(path), "%s/self/status", proc_root ? proc_root : "/proc");
	FILE *f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "CapEff: %llx", &cap) == 1)
				break;
		fclose(f);
	}
	return vt_access_hint((unsigned)geteuid(), cap);
}
