#!/bin/bash
# The causes in the detail pane and the THR column, in tmux, against a helper
# with T threads, F data files and a region cut into N + 1 VMAs: what the pane
# shows must equal `vmatop --maps PID --json`, above the table of types.
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
command -v jq >/dev/null 2>&1 || t_skip "jq is not installed"

T=5 F=9 N=30
TAG=$(printf '%05d' $((RANDOM % 100000)))
data="$T_TMP/index"
mkdir -p "$data"
t_helper H --threads "$T" --segments "$data" "$F" --vmas "$N" --name vtcause$TAG
fj=$("$VMATOP" --maps "$H" --json)
t_check "the --maps oracle is valid JSON" jq -e .causes <<<"$fj"

CAUSES='thread_stacks|mapped_files|shared_libraries|protection_splits|malloc_arenas|other'
pane_causes() { t_tmux_capture | awk -v re="^($CAUSES)\$" '$1 ~ re { print $1, $2 }'; }
json_causes() { jq -r '.causes[] | select(.vmas > 0 or .cause == "other") | "\(.cause) \(.vmas)"' <<<"$fj"; }
line_of() { t_tmux_capture | grep -nE "$1" | head -n 1 | cut -d: -f1; }

# --- the list: THR.
t_tmux_start 160 50 "$VMATOP -d 0.5"
t_check "the list has a THR column" t_tmux_wait '^ *PID +USER +VMAS +%MAX +THR ' 10
t_tmux_keys -l "\\"; sleep 0.2; t_tmux_keys -l "vtcause$TAG"; t_tmux_keys Enter
t_check "the helper's row" t_tmux_wait "^ *$H " 10
t_eq "THR of the helper = T + 1" "$((T + 1))" \
	"$(t_tmux_capture | awk -v p="$H" '$1 == p { print $5 }')"

# --- the pane: the causes first.
t_tmux_keys Enter
t_check "the pane opens" t_tmux_wait "^pid $H \\(vtcause$TAG\\)" 10
t_check "the causes title: VMAs and threads" \
	t_tmux_wait "^CAUSE +VMAS +%PROC +WHY $(jq .vmas <<<"$fj") VMAS · threads $((T + 1)) · first rule that matches" 10
t_eq "per cause, in order, as --maps --json" "$(json_causes)" "$(pane_causes)"
t_check "thread_stacks: 2T + 1 and the cross-check" \
	t_tmux_wait "^thread_stacks +$((2 * T + 1)) +[0-9.]+% +$T stacks with guard pages \\+ the main thread's \\[stack\\]; Threads $((T + 1)): one pair per thread" 5
t_check "its advice below it" t_tmux_wait "^ +→ $T threads cost 2 VMAs each \\($((2 * T))\\)" 5
t_check "protection_splits: N + 1 and the range" \
	t_tmux_wait "^protection_splits +$((N + 1)) .* 1 run; biggest: 200000000000-" 5
t_check "mapped_files advice names the directory" t_tmux_wait "→ $F files mapped from $data: merge segments" 5
c=$(line_of '^CAUSE '); g=$(line_of '^TYPE ')
t_check "the causes are above the table ($c < $g)" test -n "$c" -a -n "$g" -a "${c:-0}" -lt "${g:-0}"
t_check "the table of types follows" t_tmux_wait '^▸ anon +[0-9]+ ' 5

# --- a short screen: one line per cause (the advice instead of the detail).
t_tmux_resize 160 26
t_check "short screen: advice on the cause's line" \
	t_tmux_wait "^thread_stacks +$((2 * T + 1)) +[0-9.]+% +$T threads cost 2 VMAs each" 10
t_check "short screen: the table still shows" t_tmux_wait '^TYPE ' 5
t_tmux_keys Escape
t_check "Esc returns to the list" t_tmux_wait '^ *PID +USER' 5
t_done
