#!/usr/bin/env bash
# vmatop in a pid namespace other than the one /proc shows (unshare --pid
# without a new /proc): BPF's pids would be the namespace's, so auto counts
# with text and says why in one line; --backend bpf refuses with the reason.
. "$TESTS_DIR/lib.sh"
command -v unshare >/dev/null || t_skip "unshare (util-linux) is missing"
unshare --pid --fork true 2>/dev/null || t_skip "cannot create a pid namespace here (needs root)"
"$VMATOP" -b -n 1 -p $$ --backend bpf >/dev/null 2>&1 || t_skip "the BPF backend cannot load here"
t_helper h --vmas 40
want=$(t_kernel_count "$h")
out=$(unshare --pid --fork "$VMATOP" -b -n 1 -p "$h" 2>"$T_TMP/err"); rc=$?
t_eq "auto in another pid namespace exits 0" 0 "$rc"
t_check "counts with text" grep -q 'counting with text$' <<<"$out"
t_eq "with a one-line reason" "vmatop: BPF backend: /proc shows another pid namespace than vmatop's: counting with text" "$(cat "$T_TMP/err")"
t_check "the helper's count is exact ($want)" grep -Eq "^ *$h +[^ ]+ +$want " <<<"$out"
err=$(unshare --pid --fork "$VMATOP" -b -n 1 -p "$h" --backend bpf 2>&1 >/dev/null); rc=$?
t_eq "--backend bpf there exits 1" 1 "$rc"
t_check "and says why ($err)" grep -q "another pid namespace" <<<"$err"
t_done
