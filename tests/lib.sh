# Shared shell helpers for integration and e2e tests.  Source it; uses $VMATOP, $VMAHELPER.
# Exit 77 = skipped (meson), 0 = pass, anything else = fail.
set -u

T_FAILS=0
T_CHECKS=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vmatop-test.XXXXXX")
# Each test has its own vmatoprc (the screen saves its settings there).
export XDG_CONFIG_HOME="$T_TMP/config"
T_PIDS=""
T_TMUX=""

t_cleanup() {
	for p in $T_PIDS; do kill -TERM "$p" 2>/dev/null; done
	[ -n "$T_TMUX" ] && tmux -L "$T_TMUX" kill-server 2>/dev/null
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

t_fail() { echo "FAIL: $*"; T_FAILS=$((T_FAILS + 1)); }
t_ok() { echo "ok: $*"; }
t_skip() { echo "SKIP: $*"; exit 77; }

# t_check DESCRIPTION COMMAND...: run COMMAND, count a failure if it fails.
t_check() {
	local what=$1; shift
	T_CHECKS=$((T_CHECKS + 1))
	if "$@"; then t_ok "$what"; else t_fail "$what"; fi
}

# t_eq DESCRIPTION EXPECTED ACTUAL
t_eq() {
	T_CHECKS=$((T_CHECKS + 1))
	if [ "$2" = "$3" ]; then t_ok "$1 ($3)"; else t_fail "$1: expected '$2', got '$3'"; fi
}

# t_done: the verdict.  A test that checked nothing is a failure.
t_done() {
	if [ "$T_CHECKS" -eq 0 ]; then echo "FAIL: no checks ran"; exit 1; fi
	echo "$((T_CHECKS - T_FAILS)) of $T_CHECKS checks passed"
	[ "$T_FAILS" -eq 0 ]
	exit $?
}

# t_helper VAR [vmahelper args...]: start a helper, wait for READY, set VAR to its pid.
# Its stdout goes to $T_TMP/helper.<pid>.out.
t_helper() {
	local var=$1; shift
	local out="$T_TMP/helper.$RANDOM.$RANDOM"
	"$VMAHELPER" "$@" >"$out" 2>&1 &
	local pid=$!
	T_PIDS="$T_PIDS $pid"
	local i=0
	while ! grep -q '^READY ' "$out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "helper did not start: $(cat "$out")"; exit 1
		fi
		sleep 0.05
	done
	printf -v "$var" '%s' "$pid"
	mv "$out" "$T_TMP/helper.$pid.out"
}

# The kernel's count for a process, without vmatop: lines minus the vsyscall gate.
t_kernel_count() {
	awk 'END { n = NR; if ($NF == "[vsyscall]") n--; print n }' "/proc/$1/maps"
}

t_max_map_count() { cat /proc/sys/vm/max_map_count; }

# t_wait_steady PID MIN [SECS_BETWEEN]: wait until a growing helper's count is
# above MIN and the same twice in a row (it stopped growing).
t_wait_steady() {
	local pid=$1 min=$2 pause=${3:-0.3} prev=-1 n i
	for i in $(seq 100); do
		n=$(t_kernel_count "$pid")
		[ "$n" = "$prev" ] && [ "$n" -gt "$min" ] && return 0
		prev=$n
		sleep "$pause"
	done
	return 1
}

# t_need_bpf: skip (77) unless the BPF backend is built in and loads here;
# as root with it built in, failing to load is a failure.
t_need_bpf() {
	"$VMATOP" --version | grep -q '^counting backends: .*bpf' ||
		t_skip "vmatop is built without the BPF backend"
	local err
	if ! err=$("$VMATOP" -b -n 1 --backend bpf 2>&1 >/dev/null); then
		case $err in
		*"not permitted"*|*"kernel BTF"*) t_skip "BPF backend not usable here: $err" ;;
		esac
		[ "$(id -u)" -eq 0 ] || t_skip "not root: $err"
		echo "FAIL: root, BPF built in, and it does not load: $err"; exit 1
	fi
}

# --- tmux ---
# t_tmux_start COLS ROWS COMMAND...: a private tmux server running COMMAND.
t_tmux_start() {
	local cols=$1 rows=$2; shift 2
	T_TMUX="vmatop-test-$$-$RANDOM"
	tmux -L "$T_TMUX" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		"$* ; echo \"[exit \$?]\"; sleep 30"
	tmux -L "$T_TMUX" set-option -g remain-on-exit on >/dev/null 2>&1 || true
}
t_tmux_keys() { tmux -L "$T_TMUX" send-keys "$@"; }
t_tmux_capture() { tmux -L "$T_TMUX" capture-pane -p; }
t_tmux_resize() { tmux -L "$T_TMUX" resize-window -x "$1" -y "$2"; }
# t_tmux_wait PATTERN [SECONDS]: wait until the screen matches (grep -E).
t_tmux_wait() {
	local pat=$1 secs=${2:-10} i=0
	while [ $i -lt $((secs * 20)) ]; do
		t_tmux_capture | grep -Eq -- "$pat" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "--- screen (waited for /$pat/) ---"; t_tmux_capture; echo "---"
	return 1
}

# The screen-driving helpers every e2e script uses.  keys/text send to the
# pane, then give the screen T_KEY_PAUSE seconds (default 0.15) to redraw.
T_KEY_PAUSE=${T_KEY_PAUSE:-0.15}
keys() { t_tmux_keys "$@"; sleep "$T_KEY_PAUSE"; }
text() { t_tmux_keys -l "$1"; sleep "$T_KEY_PAUSE"; }
# wait_for DESCRIPTION PATTERN [SECONDS]: a check that the screen matches.
wait_for() { t_check "$1" t_tmux_wait "$2" "${3:-10}"; }
# wait_gone DESCRIPTION PATTERN: a check that the screen stops matching within 10 s.
wait_gone() {
	local i=0
	while [ $i -lt 200 ] && t_tmux_capture | grep -Eq -- "$2"; do sleep 0.05; i=$((i + 1)); done
	T_CHECKS=$((T_CHECKS + 1))
	if t_tmux_capture | grep -Eq -- "$2"; then t_fail "$1"; t_tmux_capture; else t_ok "$1"; fi
}

# t_helper_on_pid VAR PID [vmahelper args...]: start a helper that gets PID
# (a pid that just became free), through ns_last_pid (root).  VAR is empty
# when the kernel handed out another pid each time (busy machine).
t_helper_on_pid() {
	local var=$1 want=$2 got i; shift 2
	printf -v "$var" '%s' ""
	for i in $(seq 30); do
		echo $((want - 1)) >/proc/sys/kernel/ns_last_pid 2>/dev/null || return 0
		t_helper got "$@"
		if [ "$got" = "$want" ]; then printf -v "$var" '%s' "$got"; return 0; fi
		kill -TERM "$got"; wait "$got" 2>/dev/null
	done
}
