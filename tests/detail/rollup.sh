#!/bin/bash
# Mapped files roll up per directory in the detail pane, as in --maps: a
# helper maps S segment files in one directory (one VMA each) and two data
# files in another.  Under `file` the segments are one row `DIR/ (S files,
# S VMAs)` whose VMAS equal the sum of its paths in --maps --json; Right
# expands it to its S paths, Left on a path goes to the directory, Left again
# folds it.  The directory with two files stays as plain paths.
. "$TESTS_DIR/lib.sh"
T_KEY_PAUSE=0.2

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
command -v jq >/dev/null 2>&1 || t_skip "jq is not installed"

S=12
TAG=$(printf '%05d' $((RANDOM % 100000)))
segs="$T_TMP/index" files="$T_TMP/data"
mkdir -p "$segs" "$files"
t_helper H --segments "$segs" "$S" --files "$files" --name vtroll$TAG
fj=$("$VMATOP" --maps "$H" --json)
t_check "the --maps oracle is valid JSON" jq -e .groups <<<"$fj"
sum=$(jq --arg d "$segs/" '[.groups[] | select(.type == "file") | .paths[] |
	select(.path | startswith($d)) | .vmas] | add' <<<"$fj")
t_eq "the oracle: S segment files, one VMA each" "$S" "$sum"

re() { sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"; }
D=$(re "$segs")
seg_rows() { t_tmux_capture | grep -cE "^ .*    ▸ $D/seg-[0-9]+\\.bin\$"; }
line_of() { t_tmux_capture | grep -nE "$1" | head -n 1 | cut -d: -f1; }
# Home, then Down to the row on the screen's line matching $1.
goto_line() {
	local i n=$(($(line_of "$1") - $(line_of '^[▸▾] [a-z]+ ')))
	keys Home
	for ((i = 0; i < n; i++)); do keys Down; done
}

t_tmux_start 200 60 "$VMATOP -d 1 -p $H"
t_check "the pane opens" t_tmux_wait "^pid $H \\(vtroll$TAG\\)" 10
t_check "the type rows are drawn" t_tmux_wait '^▸ file +[0-9]+ ' 10
goto_line '^▸ file '
keys Enter
t_check "the directory row: $S files, $S VMAs, VMAS = the sum of its paths" \
	t_tmux_wait "^ +$sum +[0-9.]+% +[0-9.]+% .*  ▸ $D/ \\($S files, $sum VMAs\\)\$" 10
t_eq "folded: none of its paths shown" 0 "$(seg_rows)"
t_check "the small directory stays as plain paths" \
	t_tmux_wait "^ +1 .*  ▸ $(re "$files")/data-1\\.bin\$" 5

goto_line "▸ $D/ \\("
keys Right
t_check "Right expands the directory" t_tmux_wait "▾ $D/ \\($S files" 5
t_eq "expanded: its $S paths, indented" "$S" "$(seg_rows)"
keys Down
keys Left
keys Left
t_check "Left on a path, then Left on the directory folds it" t_tmux_wait "▸ $D/ \\($S files" 5
t_eq "folded again: its paths hidden" 0 "$(seg_rows)"
keys Enter
t_check "Enter expands it again" t_tmux_wait "▾ $D/ \\($S files" 5
t_eq "Enter: its $S paths" "$S" "$(seg_rows)"
keys q
t_done
