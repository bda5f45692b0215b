#!/usr/bin/env bash
# Why so many VMAs, against helpers whose causes are known:
#   BASE   vmahelper --vmas 0: what every helper has
#   MIX    --threads T --segments DIR F --vmas N: T guarded thread stacks
#          (2 VMAs each), F data files (1 VMA each) and one region cut into
#          N + 1 VMAs by alternating protections at 0x200000000000
#   ARENA  --arenas A: A threads that each malloc first, so glibc gives each
#          its own arena heap (rw head + no-access tail: 2 VMAs)
# Threads are exact (the kernel's Threads line); stacks, files and splits are
# exact because the kernel keeps these mappings apart; arenas within a few.
. "$TESTS_DIR/lib.sh"
command -v jq >/dev/null 2>&1 || t_skip "jq is not installed"

T=7 F=23 N=40 A=6
data="$T_TMP/nodes/0/indices/idx/0/index"
mkdir -p "$data"
t_helper BASE --vmas 0
t_helper MIX --threads "$T" --segments "$data" "$F" --vmas "$N"
t_helper ARENA --arenas "$A"

bj=$("$VMATOP" --maps "$BASE" --json)
mj=$("$VMATOP" --maps "$MIX" --json)
aj=$("$VMATOP" --maps "$ARENA" --json)
cause() { jq -r --arg c "$2" '.causes[] | select(.cause == $c) | .vmas' <<<"$1"; }
cfield() { jq -r --arg c "$2" --arg f "$3" '.causes[] | select(.cause == $c) | .[$f]' <<<"$1"; }
status_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

for j in bj mj aj; do
	doc=${!j}
	t_check "$j: valid JSON with six causes" jq -e '[.causes[].cause] | sort ==
		["malloc_arenas","mapped_files","other","protection_splits","shared_libraries","thread_stacks"]' <<<"$doc"
	t_eq "$j: the causes sum to vmas" "$(jq .vmas <<<"$doc")" "$(jq '[.causes[].vmas] | add' <<<"$doc")"
	t_check "$j: causes sorted by vmas" jq -e '[.causes[].vmas] as $v | $v == ($v | sort | reverse)' <<<"$doc"
	t_check "$j: each cause has detail and advice strings" \
		jq -e 'all(.causes[]; (.detail | type) == "string" and (.advice | type) == "string")' <<<"$doc"
done
t_eq "MIX total = the kernel's count" "$(t_kernel_count "$MIX")" "$(jq .vmas <<<"$mj")"

# Threads: exact.
t_eq "BASE threads" 1 "$(jq .threads <<<"$bj")"
t_eq "MIX threads = T + 1" "$((T + 1))" "$(jq .threads <<<"$mj")"
t_eq "MIX threads = the kernel's" "$(status_threads "$MIX")" "$(jq .threads <<<"$mj")"
t_eq "ARENA threads = A + 1" "$((A + 1))" "$(jq .threads <<<"$aj")"

# thread_stacks: [stack] + 2 per thread.
t_eq "BASE thread_stacks: [stack]" 1 "$(cause "$bj" thread_stacks)"
t_eq "MIX thread_stacks = 2T + 1" "$((2 * T + 1))" "$(cause "$mj" thread_stacks)"
t_check "MIX stacks detail: one pair per thread" grep -qF \
	"$T stacks with guard pages + the main thread's [stack]; Threads $((T + 1)): one pair per thread" \
	<<<"$(cfield "$mj" thread_stacks detail)"
t_check "MIX stacks advice: $T threads cost 2 VMAs each" grep -qF "$T threads cost 2 VMAs each" \
	<<<"$(cfield "$mj" thread_stacks advice)"

# mapped_files: exactly F more files, all in one directory.
t_eq "MIX mapped_files = BASE + F" "$(($(cause "$bj" mapped_files) + F))" "$(cause "$mj" mapped_files)"
t_check "MIX files advice names the directory" grep -qF "$F files mapped from $data:" \
	<<<"$(cfield "$mj" mapped_files advice)"

# protection_splits: the region, N + 1 VMAs, with its address range.
page=$(getconf PAGESIZE)
end=$(printf '%x' $((0x200000000000 + (N + 1) * page)))
t_eq "BASE protection_splits" 0 "$(cause "$bj" protection_splits)"
t_eq "MIX protection_splits = N + 1" "$((N + 1))" "$(cause "$mj" protection_splits)"
t_check "MIX splits detail: the run's range" grep -qF "1 run; biggest: 200000000000-$end $((N + 1)) VMAs" \
	<<<"$(cfield "$mj" protection_splits detail)"
t_eq "MIX shared_libraries = BASE's" "$(cause "$bj" shared_libraries)" "$(cause "$mj" shared_libraries)"

# malloc_arenas: A heaps of 2 VMAs (within a few: heaps may grow or merge).
av=$(cause "$aj" malloc_arenas)
t_check "ARENA malloc_arenas ~ 2A ($av, want $((2 * A)) +-2)" test "$av" -ge $((2 * A - 2)) -a "$av" -le $((2 * A + 2))
t_check "ARENA arena count in the detail" grep -Eq "^($((A - 1))|$A|$((A + 1))) glibc arena heaps" \
	<<<"$(cfield "$aj" malloc_arenas detail)"
t_check "ARENA advice: MALLOC_ARENA_MAX caps this" grep -qF "MALLOC_ARENA_MAX caps this" \
	<<<"$(cfield "$aj" malloc_arenas advice)"
t_eq "ARENA thread_stacks = 2A + 1" "$((2 * A + 1))" "$(cause "$aj" thread_stacks)"
t_eq "BASE malloc_arenas" 0 "$(cause "$bj" malloc_arenas)"

# Text: threads and the causes before the groups.
txt=$("$VMATOP" --maps "$MIX")
t_check "text: threads line second" bash -c '[[ $(sed -n 2p <<<"$1") == "threads '$((T + 1))' · causes of "* ]]' _ "$txt"
t_check "text: thread_stacks line" grep -Eq "^  thread_stacks +$((2 * T + 1)) " <<<"$txt"
t_check "text: protection_splits line" grep -Eq "^  protection_splits +$((N + 1)) " <<<"$txt"
t_check "text: advice below its cause" grep -Eq "^ +→ $T threads cost 2 VMAs each" <<<"$txt"
first_cause=$(grep -n '^  thread_stacks' <<<"$txt" | cut -d: -f1)
first_group=$(grep -nE '^(kernel|heap|stack|shm|exe|lib|file|anon) ' <<<"$txt" | head -n 1 | cut -d: -f1)
t_check "text: causes above the groups ($first_cause < $first_group)" test "$first_cause" -lt "$first_group"
t_check "C locale: ASCII arrow" grep -Eq "^ +-> $T threads" <<<"$(LC_ALL=C "$VMATOP" --maps "$MIX")"

# The list's JSON carries the threads too.
t_eq "-b --json threads" "$((T + 1))" \
	"$("$VMATOP" -b --json -n 1 -p "$MIX" | jq '.processes[0].threads')"
t_done
