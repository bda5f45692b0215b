#!/bin/bash
# Without a terminal on stdout the interactive mode says to use -b and exits 2.
. "$TESTS_DIR/lib.sh"

"$VMATOP" </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
t_eq "exit status without a terminal" 2 "$?"
t_check "the message names -b" grep -q -- "-b" "$T_TMP/err"
t_check "the message is one line" test "$(wc -l <"$T_TMP/err")" -eq 1
t_check "nothing on stdout" test ! -s "$T_TMP/out"
echo "stderr: $(cat "$T_TMP/err")"

# A bad argument still wins over the terminal check: exit 2 naming it.
"$VMATOP" -d nope </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
t_eq "bad -d exits 2" 2 "$?"
t_check "the message names -d" grep -q -- "-d" "$T_TMP/err"
t_done
