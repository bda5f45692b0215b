#!/bin/bash
# --help and the man page agree: every option of --help is documented in doc/vmatop.1.
. "$TESTS_DIR/lib.sh"

MAN="$TESTS_DIR/../doc/vmatop.1"
t_check "the man page exists and is not empty" test -s "$MAN"
# The roff source with its escapes undone: \- is -, \fB..\fR fonts dropped.
plain=$(sed -e 's/\\-/-/g' -e 's/\\f[BIR]//g' "$MAN")
help=$("$VMATOP" --help)
for opt in $(grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' <<<"$help" | tr -d ' ,' | sort -u); do
	T_CHECKS=$((T_CHECKS + 1))
	if grep -qE -- "(^|[^a-zA-Z-])${opt}([^a-zA-Z-]|$)" <<<"$plain"; then
		t_ok "man page documents $opt"
	else
		t_fail "man page lacks $opt (from --help)"
	fi
done
t_check "man page has an EXIT STATUS section" grep -q '^\.SH EXIT STATUS' "$MAN"
t_check "man page documents NO_COLOR" grep -q 'NO_COLOR' "$MAN"
t_done
