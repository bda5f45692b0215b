#!/bin/bash
# The installed systemd units start the binary this build installs:
# prefix/bindir/vmatop (/usr/bin for the Debian package, /usr/local/bin by
# default), while the units in contrib/ keep /usr/local/bin/vmatop.
. "$TESTS_DIR/lib.sh"

SRC="$TESTS_DIR/.."
for u in vmatop-record.service vmatop-exporter.service; do
	t_check "contrib/systemd/$u keeps /usr/local/bin/vmatop" grep -q '^ExecStart=/usr/local/bin/vmatop ' "$SRC/contrib/systemd/$u"
done

# units_of PREFIX: configure a build for PREFIX (no tests, no BPF), build only
# the units, and print "DEST<tab>ExecStart" for each installed .service.
units_of() {
	local b="$T_TMP/build-$(echo "$1" | tr / _)" args=()
	[ "$1" = default ] || args=(--prefix="$1")
	meson setup "$b" "$SRC" "${args[@]}" -Dtests=false -Dbpf=disabled >"$b.log" 2>&1 || return 1
	ninja -C "$b" vmatop-record.service vmatop-exporter.service vmatop-exporter.timer >>"$b.log" 2>&1 || return 1
	meson introspect "$b" --installed | python3 -c '
import json, sys
for src, dest in sorted(json.load(sys.stdin).items()):
    if dest.endswith(".service"):
        line = [l for l in open(src) if l.startswith("ExecStart=")][0].strip()
        print(dest + "\t" + line.split()[0])'
}

usr=$(units_of /usr)
t_eq "prefix /usr: both services are installed and start /usr/bin/vmatop" \
	"$(printf '/lib/systemd/system/vmatop-exporter.service\tExecStart=/usr/bin/vmatop\n/lib/systemd/system/vmatop-record.service\tExecStart=/usr/bin/vmatop')" \
	"$(sed 's#^/usr/lib/systemd#/lib/systemd#' <<<"$usr")"
def=$(units_of default)
t_eq "default prefix: both services start /usr/local/bin/vmatop" \
	"$(printf 'ExecStart=/usr/local/bin/vmatop\nExecStart=/usr/local/bin/vmatop')" "$(cut -f2 <<<"$def")"
t_done
