#!/bin/bash
# meson install puts the binary, the man page and the completions where their
# tools look; the bash completion completes options, sort keys, backends, pids
# and users (complete -p and compgen-style results), the zsh one parses.
. "$TESTS_DIR/lib.sh"

BUILD=$(dirname "$(dirname "$VMATOP")")
DEST="$T_TMP/dest"
t_check "meson install --destdir succeeds" sh -c "meson install -C '$BUILD' --no-rebuild --destdir '$DEST' >'$T_TMP/install.log' 2>&1"
prefix=$(meson introspect "$BUILD" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
BASHDIR=$(pkg-config --define-variable=datadir="$prefix/share" --variable=completionsdir bash-completion 2>/dev/null || echo "$prefix/share/bash-completion/completions")
t_check "the binary is installed" test -x "$DEST$prefix/bin/vmatop"
t_check "the man page is installed" test -s "$DEST$prefix/share/man/man1/vmatop.1"
t_check "the bash completion is where bash-completion looks" test -s "$DEST$BASHDIR/vmatop"
t_check "the zsh completion is in site-functions" test -s "$DEST$prefix/share/zsh/site-functions/_vmatop"
t_check "the helper generator is not installed" test ! -e "$DEST$prefix/bin/vmatop-keydoc"
if [ -d "$TESTS_DIR/../contrib" ]; then
	t_check "contrib is installed" test -d "$DEST$prefix/share/vmatop/contrib"
fi

t_helper H --vmas 1 --name vtcomp
# complete WORDS...: COMPREPLY of the installed completion for the last word.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _vmatop; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$DEST$BASHDIR/vmatop" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
t_eq "complete -p after loading" "complete -F _vmatop vmatop" \
	"$(bash -c '. "$1"; complete -p vmatop' _ "$DEST$BASHDIR/vmatop")"
t_eq "sort keys for 'p'" "percent pid ppid" "$(complete_words "$VMATOP" -s p)"
t_eq "every sort key of the table" \
	"$("$VMATOP" -s '' 2>&1 | sed -n 's/.*(one of \(.*\))$/\1/p' | tr -d ',' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"$(complete_words "$VMATOP" --sort '')"
t_eq "backends for 'b'" "bpf" "$(complete_words "$VMATOP" --backend b)"
t_eq "options for '--so'" "--sort" "$(complete_words "$VMATOP" --so)"
t_check "options for '--k' include --kernel-threads" grep -qw -- --kernel-threads <<<"$(complete_words "$VMATOP" --k)"
t_check "pids for -p include the helper's" grep -qw "$H" <<<"$(complete_words "$VMATOP" -p "${H:0:3}")"
t_check "every pid offered for --maps starts with the prefix" sh -c \
	"for p in \$(echo '$(complete_words "$VMATOP" --maps "${H:0:3}")'); do case \$p in ${H:0:3}*) ;; *) exit 1;; esac; done"
t_eq "user names for 'roo'" "root" "$(complete_words "$VMATOP" -u roo)"
if command -v zsh >/dev/null; then
	t_check "the zsh completion parses" zsh -n "$DEST$prefix/share/zsh/site-functions/_vmatop"
fi
t_done
