#!/usr/bin/env bash
# The BTF cache of the BPF backend (src/btfcache.c): the count of a helper is
# the kernel's with the cache cold (first run: full BTF, then stored), warm
# (minimal BTF, no vmlinux parse), and with every kind of bad file: flipped
# byte, truncated, another kernel's build id, a wrong attach id with a valid
# checksum, writable by others, a symlink, and the cache switched off.  Each
# bad file is refused (the debug line says why) and replaced by a good one.
# Skips (77) when BPF is not built in or not permitted here.
. "$TESTS_DIR/lib.sh"

t_need_bpf
[ -r /sys/kernel/notes ] || t_skip "no /sys/kernel/notes: no kernel build id, no cache"
command -v python3 >/dev/null || t_skip "python3 is needed to forge cache files"

cache=$T_TMP/cache
mkdir -m 700 "$cache"
export VMATOP_CACHE_DIR=$cache
t_helper big --vmas 3000

# run LABEL: one batch run of the helper; checks its count, keeps the debug lines.
run() {
	local out
	out=$(VMATOP_BPF_DEBUG=1 "$VMATOP" -b -n 1 --backend bpf -p "$big" 2>"$T_TMP/err")
	t_eq "$1: count is the kernel's" "$(t_kernel_count "$big")" "$(awk -v p="$big" '$1 == p { print $3 }' <<<"$out")"
	t_eq "$1: counted with bpf" bpf "$(sed -n '1s/.*counting with \([a-z]*\).*/\1/p' <<<"$out")"
}
said() { grep -c -- "$1" "$T_TMP/err"; }
file() { ls "$cache"/vmacount-*.btf 2>/dev/null; }

run cold
t_eq "cold: a miss" 1 "$(said 'BTF cache: miss .*: absent')"
t_eq "cold: stored" 1 "$(said 'BTF cache: stored')"
f=$(file)
t_check "cold: one cache file named by the build id" test -n "$f" -a -f "$f"
t_eq "cold: root-owned, not writable by others" "0 644" "$(stat -c '%u %a' "$f")"
t_eq "cold: no temp file left" 1 "$(ls -A "$cache" | wc -l)"

run warm
t_eq "warm: a hit" 1 "$(said 'BTF cache: hit')"
t_eq "warm: nothing stored" 0 "$(said 'stored')"

# forge OFFSET HEXBYTES: overwrite bytes of the file and fix the checksum
# (FNV-1a 64 of the file with its checksum field, bytes 104..111, zero).
forge() {
	python3 - "$f" "$1" "$2" <<-'EOF'
	import struct, sys
	path, off, new = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
	b = bytearray(open(path, 'rb').read())
	b[off:off + len(new)] = new
	b[104:112] = bytes(8)
	h = 0xcbf29ce484222325
	for x in b:
	    h = ((h ^ x) * 0x100000001b3) & (2**64 - 1)
	b[104:112] = struct.pack('<Q', h)
	open(path, 'wb').write(bytes(b))
	EOF
}
good=$T_TMP/good.btf
cp "$f" "$good"

# bad LABEL REASON: the next run refuses the file for REASON, counts right, stores anew.
bad() {
	run "$1"
	t_eq "$1: refused ($2)" 1 "$(said "BTF cache: miss .*$2")"
	t_eq "$1: replaced" 1 "$(said 'BTF cache: stored')"
	t_check "$1: the stored file is the good one again" cmp -s "$good" "$(file)"
}

size=$(stat -c %s "$f")
printf '\xff' | dd of="$f" bs=1 seek=$((size - 20)) conv=notrunc status=none
bad "flipped byte" checksum

head -c 50 "$good" >"$f"
bad truncated "bad size or magic"

cp "$good" "$f"; forge 40 ffffffff
bad "another kernel's build id" "another kernel"

# A wrong attach id with a valid checksum: the task_vma iterator's.  The load
# succeeds but the link is not the task iterator: refused after attach, and
# counted with the full BTF instead (never one record per VMA).
vma_id=$(bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null |
	sed -n "s/^\[\([0-9]*\)\] FUNC 'bpf_iter_task_vma' .*/\1/p")
if [ -n "$vma_id" ]; then
	cp "$good" "$f"; forge 144 "$(printf '%08x' "$vma_id" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
	run "wrong attach id"
	t_eq "wrong attach id: accepted by the checks of the file" 1 "$(said 'BTF cache: hit')"
	t_eq "wrong attach id: the warm load is undone, then a full one" 1 "$(said 'BTF cache: miss')"
	t_check "wrong attach id: replaced by the good file" cmp -s "$good" "$(file)"
else
	echo "no bpf_iter_task_vma in this kernel: the wrong-attach-id case is not run"
fi

cp "$good" "$f"; chmod 666 "$f"
bad "writable by others" "not a regular file of this user only"

rm -f "$f"; ln -s "$good" "$f"
bad symlink "a symlink"

chmod 777 "$cache"
run "directory writable by others"
t_eq "directory writable by others: not used" 1 "$(said 'is not a directory of this user only')"
chmod 700 "$cache"

VMATOP_CACHE_DIR= run "cache off"
t_eq "cache off: no cache lines" 0 "$(said 'BTF cache')"
t_done
