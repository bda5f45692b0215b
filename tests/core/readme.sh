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
# One line names the test-only packages: each is in .ci/packages, and none of
# them is needed to build (the build packages are the rest).
testonly=$(sed -n 's/^Test-only packages (not needed to build or run vmatop): \(.*\)\.$/\1/p' "$top/README.md")
t_check "README has the test-only packages line" test -n "$testonly"
for pkg in $testonly; do
	t_check "test-only $pkg is in .ci/packages" grep -qw -- "$pkg" "$top/.ci/packages"
done
for pkg in libcmocka-dev tmux jq; do
	t_check "the test tools are marked test-only ($pkg)" grep -qw -- "$pkg" <<<"$testonly"
done
for pkg in meson gcc libproc2-dev libncurses-dev libjansson-dev libbpf-dev; do
	t_check "build package $pkg is not marked test-only" bash -c '! grep -qw -- "$1" <<<"$2"' _ "$pkg" "$testonly"
done
# The systemd and cron examples name the path meson install uses (default prefix).
t_check "meson.build keeps meson's default prefix (/usr/local)" bash -c '! grep -q "prefix=" "$1"' _ "$top/meson.build"
t_check "ExecStart names /usr/local/bin/vmatop" grep -q '^ExecStart=/usr/local/bin/vmatop ' "$top/README.md"
t_check "no example runs /usr/bin/vmatop" bash -c '! grep -Eq "^(ExecStart=|\* \* \* \* \* root )/usr/bin/vmatop" "$1"' _ "$top/README.md"
t_check "README's first command builds and starts vmatop" grep -q 'ninja -C build && ./build/tui/vmatop' <<<"$first"
t_check ".ci/run runs the README's test command" grep -qF -- "$second" "$top/.ci/run"
t_done
