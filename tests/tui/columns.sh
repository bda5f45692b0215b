#!/bin/bash
# The list's columns a newcomer looks for: ETA (time to the limit), STATE (S)
# with zombies marked, RSS shown while sorted by it, and TREND scaled against
# the limit (a flat line at the limit is a flat full line).
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
limit=$(t_max_map_count)
[ "$limit" -le 200000 ] || t_skip "vm.max_map_count is $limit: too many VMAs for the limit helper"

t_helper grow --rate 300
t_helper full --grow
t_helper low --vmas $((limit * 15 / 100))
# A zombie: the child exits, its parent exec's into sleep and never reaps it.
sh -c 'sleep 0 & echo $! >"$1"; exec sleep 300' sh "$T_TMP/zpid" &
T_PIDS="$T_PIDS $!"
while [ ! -s "$T_TMP/zpid" ]; do sleep 0.05; done
zombie=$(cat "$T_TMP/zpid")
for i in $(seq 100); do [ "$(awk '{print $3}' /proc/$zombie/stat 2>/dev/null)" = Z ] && break; sleep 0.05; done
t_eq "the zombie is a zombie" Z "$(awk '{print $3}' /proc/$zombie/stat)"

row() { t_tmux_capture | grep -E "^ *$1 "; }
t_tmux_start 200 40 "env TERM=xterm $VMATOP -d 0.5 -p $grow,$full,$low,$zombie"
t_tmux_wait 'Worst' 10 >/dev/null
t_tmux_keys Escape                      # -p opened the first one's detail: back to the list
t_check "titles: ETA, TREND and S" t_tmux_wait '^ *PID +USER +VMAS +%MAX +.* ETA +TREND +S +COMMAND' 10
sleep 3                                 # a few refreshes: rate, ETA, sparklines
# (the grower is running (R) or sleeping (S) when scanned, under load either)
t_check "the grower has an ETA" grep -Eq "^ *$grow .* [0-9]+[smhd][0-9smhd]* +[^ ]+ +[RS] +vmahelper" <<<"$(row "$grow")"
t_check "the helper at the limit: ETA 'limit' or none" bash -c '! grep -Eq " [0-9]+[smhd][0-9]*[smhd]? " <<<"$1"' _ "$(row "$full")"
t_check "the zombie is state Z and marked <defunct>" grep -Eq "^ *$zombie .* Z +sleep <defunct>" <<<"$(row "$zombie")"
echo "rows:"; for p in $grow $full $low $zombie; do row "$p"; done
# TREND: against the limit the full helper's line is all full blocks, the 15% one's low.
ftrend=$(row "$full" | grep -o '[▁▂▃▄▅▆▇█]\+' | head -1)
ltrend=$(row "$low" | grep -o '[▁▂▃▄▅▆▇█]\+' | head -1)
t_check "at the limit the trend is flat full ($ftrend)" grep -Eq '^█{3,}$' <<<"$ftrend"
t_check "at 15% the trend is low ($ltrend)" grep -Eq '^[▁▂]{3,}$' <<<"$ltrend"
# No RSS column until the list is sorted by it.
t_check "no RSS column by default" bash -c '! grep -Eq "^ *PID .* RSS " <<<"$1"' _ "$(t_tmux_capture)"
t_tmux_keys q
t_tmux_start 80 24 "env TERM=xterm $VMATOP -d 0.5 -s rss -p $grow,$low"
t_tmux_wait 'Worst' 10 >/dev/null
t_tmux_keys Escape
t_check "-s rss shows the RSS column" t_tmux_wait '^ *PID +USER +VMAS +%MAX .* RSS +COMMAND' 10
t_check "the RSS cell is a size" grep -Eq "^ *$low .* [0-9.]+ (B|KiB|MiB|GiB) " <<<"$(row "$low")"
t_check "-s rss: the header says so" t_tmux_wait 'Sort rss desc' 5
t_done
