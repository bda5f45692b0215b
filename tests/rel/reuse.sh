#!/usr/bin/env bash
# -b -n N -p PID: when PID exits and the kernel hands it to another program
# between two iterations, vmatop says so (by start time) and exits 1 instead
# of reporting the other program under the pid asked for.
. "$TESTS_DIR/lib.sh"
[ -w /proc/sys/kernel/ns_last_pid ] || t_skip "needs root (ns_last_pid) to hand a pid to a new process"
t_helper A --vmas 20 --name vtfirst
"$VMATOP" -b -d 3 -n 2 -p "$A" >"$T_TMP/out" 2>"$T_TMP/err" &
vt=$!
i=0
while ! grep -q "vtfirst" "$T_TMP/out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -KILL "$A"; wait "$A" 2>/dev/null
t_helper_on_pid B "$A" --vmas 0 --name vtsecond
[ -n "$B" ] || t_skip "pid $A could not be handed to a new process (busy machine)"
wait "$vt"; rc=$?
t_eq "a reused -p pid exits 1" 1 "$rc"
t_check "and says so ($(cat "$T_TMP/err"))" \
	grep -qx "vmatop: pid $A: the process exited and the pid now names another process" "$T_TMP/err"
t_check "the other program is never reported under that pid" sh -c "! grep -q vtsecond '$T_TMP/out'"
t_done
