#!/bin/bash
# vmatop record on a full disk: one clear message, it keeps sampling, and it
# writes again once space returns.  A small tmpfs is the disk.
. "$TESTS_DIR/lib.sh"
command -v sqlite3 >/dev/null || t_skip "sqlite3 not installed"
mnt=$T_TMP/mnt
mkdir -p "$mnt"
mount -t tmpfs -o size=2m tmpfs "$mnt" 2>/dev/null || t_skip "cannot mount a tmpfs (needs root)"
trap 'kill -TERM $rec 2>/dev/null; wait $rec 2>/dev/null; umount "$mnt"; t_cleanup' EXIT
db=$mnt/history.db

"$VMATOP" record --db "$db" -d 0.1 2>"$T_TMP/rec.err" &
rec=$!
sleep 1
# fill the disk
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
for i in $(seq 100); do
	grep -q "disk full\|database or disk is full" "$T_TMP/rec.err" && break
	# new processes make each sample need more pages
	kids=""
	for k in 1 2 3 4 5; do sleep 0.01 & kids="$kids $!"; done
	wait $kids
	sleep 0.1
done
sleep 2                                    # many more failing samples
t_check "the recorder is still running" kill -0 "$rec"
t_eq "one message while the disk is full" 1 "$(grep -c 'full' "$T_TMP/rec.err")"
t_check "the message says it keeps sampling" grep -q "still sampling" "$T_TMP/rec.err"
n1=$(sqlite3 "$db" 'SELECT count(*) FROM scans' 2>/dev/null || echo 0)
rm -f "$mnt/filler"
for i in $(seq 50); do
	grep -q "writing samples again" "$T_TMP/rec.err" && break
	sleep 0.1
done
t_check "it says when it writes again" grep -q "writing samples again" "$T_TMP/rec.err"
sleep 1
n2=$(sqlite3 "$db" 'SELECT count(*) FROM scans')
t_check "samples are kept again ($n1 -> $n2)" test "$n2" -gt "$n1"
kill -TERM "$rec"; wait "$rec"; rc=$?
t_eq "SIGTERM: exit 0" 0 "$rc"
t_eq "integrity_check" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
t_done
