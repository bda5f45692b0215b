#!/bin/sh
# Rewrite the generated key lists of doc/vmatop.1 from the key table:
# the lines between '.\" keys VIEW begin' and '.\" keys VIEW end'.
# usage: update-keys.sh KEYDOC MANPAGE   (ninja -C build man-keys)
set -eu
keydoc=$1
man=$2
tmp=$(mktemp "$man.XXXXXX")
trap 'rm -f "$tmp"' EXIT
awk -v keydoc="$keydoc" '
	/^\.\\" keys [a-z]+ begin$/ { print; cmd = keydoc " " $3; skip = 1
		while ((cmd | getline line) > 0) print line
		close(cmd); next }
	/^\.\\" keys [a-z]+ end$/ { skip = 0 }
	!skip { print }
' "$man" >"$tmp"
cat "$tmp" >"$man"
