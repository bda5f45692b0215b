#!/usr/bin/env bash
# Without the privileges BPF needs: `--backend auto` (the default) counts with
# text, silently; `--backend bpf` fails with one line on stderr and exit 1.
# As root, privileges are dropped with setpriv to uid/gid 65534 (no
# capabilities survive the switch away from uid 0).
. "$TESTS_DIR/lib.sh"

if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null || t_skip "running as root and setpriv (util-linux) is missing"
	unpriv() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	unpriv test -x "$VMATOP" || t_skip "$VMATOP cannot be run by uid 65534"
else
	unpriv() { "$@"; }
fi
compiled=$("$VMATOP" --version | sed -n 's/^counting backends: //p')
echo "backends compiled in: $compiled"

# header_backend FILE: the backend named in the first header line.
header_backend() { sed -n '1s/.*counting with \([a-z]*\).*/\1/p' "$1"; }

for args in "--backend auto" ""; do
	unpriv "$VMATOP" -b -n 1 $args >"$T_TMP/out" 2>"$T_TMP/err"
	t_eq "unprivileged vmatop -b -n 1 $args exits 0" 0 $?
	t_eq "unprivileged $args: header says counting with text" text "$(header_backend "$T_TMP/out")"
	t_eq "unprivileged $args: the fallback is silent" "" "$(cat "$T_TMP/err")"
done

unpriv "$VMATOP" -b -n 1 --backend bpf >"$T_TMP/out" 2>"$T_TMP/err"
t_eq "unprivileged --backend bpf exits 1" 1 $?
t_eq "unprivileged --backend bpf writes nothing on stdout" "" "$(cat "$T_TMP/out")"
t_eq "unprivileged --backend bpf: one line on stderr" 1 "$(wc -l <"$T_TMP/err")"
echo "stderr: $(cat "$T_TMP/err")"
case $compiled in
*bpf*) why="not permitted (needs root or CAP_BPF+CAP_PERFMON)" ;;
*) why="built without BPF support" ;;
esac
t_check "the error says why: $why" grep -qF -- "$why" "$T_TMP/err"
t_check "the error starts with 'vmatop: '" grep -q '^vmatop: ' "$T_TMP/err"
t_done
