#!/usr/bin/env bash
# The README's two commands and .ci/run must agree: same packages, same test command.
. "$TESTS_DIR/lib.sh"
top=$(cd "$TESTS_DIR/.." && pwd)
first=$(awk '/^```sh$/{n++; next} /^```$/{next} n == 1 {print; exit}' "$top/README.md")
second=$(awk '/^```sh$/{n++; next} /^```$/{next} n == 2 {print; exit}' "$top/README.md")
for pkg in $(cat "$top/.ci/packages"); do
	t_check "README's first command installs $pkg" grep -qw -- "$pkg" <<<"$first"
done
for word in $first; do
	case $word in sudo|apt-get|update|install|-y|--no-install-recommends|'&&'|meson|setup|build|ninja|-C|./build/tui/vmatop) continue ;; esac
	t_check ".ci/packages lists $word" grep -qw -- "$word" "$top/.ci/packages"
done
t_check "README's first command builds and starts vmatop" grep -q 'ninja -C build && ./build/tui/vmatop' <<<"$first"
t_check ".ci/run runs the README's test command" grep -qF -- "$second" "$top/.ci/run"
t_done
