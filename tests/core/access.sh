#!/bin/bash
# Unreadable maps: the hint names what is missing for the user running vmatop.
# A non-root user reading a root process is told about root / CAP_SYS_PTRACE
# (the root cases are covered in core-text: root is never told to run as root).
. "$TESTS_DIR/lib.sh"
[ "$(id -u)" -eq 0 ] || t_skip "needs root to start vmatop as another user"
command -v setpriv >/dev/null || t_skip "setpriv (util-linux) is not installed"
setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$VMATOP" ||
	t_skip "uid 65534 cannot execute $VMATOP (build directory not traversable)"

t_helper ROOTPID --vmas 50
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$VMATOP" -b -n 1 --backend=text -p "$ROOTPID" 2>&1)
echo "$out"
t_check "the root helper is unreadable to uid 65534" grep -q "1 unreadable" <<<"$out"
t_check "a non-root user is told root or CAP_SYS_PTRACE" \
	grep -q "not readable (shown as -): run as root or with CAP_SYS_PTRACE" <<<"$out"

# As root (with CAP_SYS_PTRACE) the same process is readable: no hint at all.
out=$("$VMATOP" -b -n 1 --backend=text -p "$ROOTPID" 2>&1)
t_check "root reads it: no unreadable note" bash -c '! grep -q "not readable" <<<"$1"' _ "$out"
t_done
