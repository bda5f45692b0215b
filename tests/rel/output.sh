#!/usr/bin/env bash
# --output onto what is not a regular file is written into, never replaced;
# temp files do not survive SIGTERM, SIGINT or SIGHUP mid-write.
. "$TESTS_DIR/lib.sh"
t_helper h --vmas 5
d=$T_TMP

# A character device of our own (the same as /dev/null): it stays a device.
if mknod "$d/null" c 1 3 2>/dev/null; then
	"$VMATOP" -b -n 1 --json -p "$h" --output "$d/null"; rc=$?
	t_eq "--output onto a character device exits 0" 0 "$rc"
	t_check "the device is still a character device" test -c "$d/null"
else
	echo "note: mknod not permitted: character device case not exercised"
fi

mkfifo "$d/fifo"
cat "$d/fifo" >"$d/fifo.out" &
reader=$!
"$VMATOP" -b -n 1 --json -p "$h" --output "$d/fifo"; rc=$?
wait "$reader"
t_eq "--output onto a FIFO exits 0" 0 "$rc"
t_check "the FIFO is still a FIFO" test -p "$d/fifo"
t_check "the reader got the JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/fifo.out"
err=$(timeout 10 "$VMATOP" -b -n 1 --json -p "$h" --output "$d/fifo" 2>&1); rc=$?
t_eq "a FIFO without a reader: exit 1, no hang" 1 "$rc"
t_check "and one line saying so ($err)" grep -qx "vmatop: --output $d/fifo: no process reads this FIFO: .*" <<<"$err"
t_check "... the FIFO is left alone" test -p "$d/fifo"

python3 - "$d/sock" "$d/sock.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept(); data = b""
while True:
    b = c.recv(65536)
    if not b: break
    data += b
open(sys.argv[2], "wb").write(data)
PY
srv=$!
i=0; while [ ! -e "$d/sock.ready" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$VMATOP" -b -n 1 --json -p "$h" --output "$d/sock"; rc=$?
wait "$srv"
t_eq "--output onto a socket exits 0" 0 "$rc"
t_check "the socket is still a socket" test -S "$d/sock"
t_check "the listener got the JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/sock.out"

echo old >"$d/target.json"; ln -s target.json "$d/link.json"
"$VMATOP" -b -n 1 --json -p "$h" --output "$d/link.json"
t_check "through a symbolic link: the link stays a link" test -L "$d/link.json"
t_check "... and the file it names has the JSON" grep -q '"processes"' "$d/target.json"

# Ending signals mid-write: every process on the machine makes the write
# long enough (and fsync) that some signals land while a temp file exists.
mkdir "$d/out"
for sig in TERM INT HUP TERM INT HUP TERM INT HUP TERM INT HUP; do
	# (a background job starts with SIGINT ignored: give it the default back)
	env --default-signal=INT,HUP,TERM "$VMATOP" -b -d 0.05 -n 2000 --json --output "$d/out/m.json" 2>/dev/null &
	vt=$!
	i=0; while [ ! -e "$d/out/m.json" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.$((RANDOM % 9 + 1))
	kill -"$sig" "$vt"; wait "$vt"
done
left=$(find "$d/out" -name '.m.json.*' | wc -l)
t_eq "no temp file survives SIGTERM/SIGINT/SIGHUP" 0 "$left"
t_check "the output file is whole JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/out/m.json"
t_done
