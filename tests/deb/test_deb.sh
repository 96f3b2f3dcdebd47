#!/bin/sh
# The Debian packages: dpkg-buildpackage -us -uc -b on a copy of the tree
# makes migctl, libmig0 and libmig-dev; lintian must report no error; the
# packages are installed and smoke-tested: migctl partitions an emulated
# node, `migctl exec` serves it through the private libnvidia-ml.so.1,
# examples/quickstart.c builds with pkg-config against libmig-dev and runs,
# the manual pages render.
#
# Installed where: into a throwaway root (dpkg -x) by default; with
# MIG_DEB_SYSTEM_INSTALL=1 and root (CI, a throwaway machine) into the
# system itself with apt-get, then purged.
#   sh tests/deb/test_deb.sh [OUT_DIR]   (the .debs and lintian's report stay in OUT_DIR)
#   MIG_DEB_REUSE=1 ...                  test the .debs already in OUT_DIR, without building
set -eu
cd "$(dirname "$0")/../.."
src=$(pwd)
for tool in dpkg-buildpackage dh lintian; do
	if ! command -v "$tool" >/dev/null; then
		echo "test_deb: SKIP: no $tool (Debian: apt-get install dpkg-dev debhelper lintian)"
		exit 0
	fi
done
out=${1:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd) # the build runs in another directory
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_deb: $*" >&2; exit 1; }

version=$(sed -n '1s/^migctl (\([^)]*\)).*/\1/p' debian/changelog)
header=$(sed -n 's/^#define MIG_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' include/mig.h | paste -sd.)
[ "$version" = "$header" ] || fail "debian/changelog says $version, include/mig.h $header"

if [ "${MIG_DEB_REUSE:-0}" = 1 ] && ls "$out"/migctl_"$version"_*.deb >/dev/null 2>&1; then
	# A developer's shortcut: test the .debs a previous run left in OUT_DIR.
	cp "$out"/*.deb "$work/"
else
	rm -f "$out"/*.deb
	# The files git knows (tracked, and new ones not ignored): the working tree, without build/.
	mkdir "$work/migctl-$version"
	# one tar reads the whole list (xargs would split it into several archives,
	# and the reading tar stops at the first one's end)
	git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - |
		tar -C "$work/migctl-$version" -xf -
	(cd "$work/migctl-$version" &&
		DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1) ||
		{ tail -n 40 "$out/build.log" >&2; fail "dpkg-buildpackage failed (log: $out/build.log)"; }
fi
for p in migctl libmig0 libmig-dev; do
	ls "$work/${p}_${version}_"*.deb >/dev/null 2>&1 || fail "no $p .deb"
done
cp "$work"/*.deb "$out/"

lintian --fail-on error --display-info --allow-root "$work"/*.deb >"$out/lintian.txt" 2>&1 || {
	cat "$out/lintian.txt" >&2
	fail "lintian reports errors"
}
echo "test_deb: lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings, $(grep -c '^I:' "$out/lintian.txt" || true) infos"
sed 's/^/  /' "$out/lintian.txt"

if [ "${MIG_DEB_SYSTEM_INSTALL:-0}" = 1 ] && [ "$(id -u)" = 0 ]; then
	root=""
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"$work"/migctl_*.deb "$work"/libmig0_*.deb "$work"/libmig-dev_*.deb >"$out/install.log" 2>&1 ||
		{ cat "$out/install.log" >&2; fail "apt-get install of the .debs failed"; }
	trap 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq migctl libmig0 libmig-dev >/dev/null 2>&1; rm -rf "$work"' EXIT
	echo "test_deb: installed into the system"
else
	root="$work/root"
	for deb in "$work"/*.deb; do
		case $deb in *-dbgsym_*) continue ;; esac
		dpkg -x "$deb" "$root"
	done
	echo "test_deb: installed into $root"
fi
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
libdir="$root/usr/lib/$multiarch"
# What the packages install: their file lists, not whatever else is under /usr.
for p in migctl libmig0 libmig-dev; do
	if [ -n "$root" ]; then
		dpkg-deb --fsys-tarfile "$work/${p}_${version}_"*.deb | tar -tf - | sed 's|^\./|/|'
	else
		dpkg -L "$p"
	fi
done | grep -v '/$' | sort -u >"$out/files.txt"
for f in usr/bin/migctl "usr/lib/$multiarch/libmig.so.0" "usr/lib/$multiarch/libmig.so" \
	usr/include/mig.h "usr/lib/$multiarch/pkgconfig/libmig.pc" \
	"usr/lib/$multiarch/cmake/mig/migConfig.cmake" "usr/lib/$multiarch/migctl/libnvidia-ml.so.1" \
	"usr/lib/$multiarch/migctl/migctl-full" \
	usr/share/man/man1/migctl.1.gz usr/share/man/man3/libmig.3.gz usr/share/man/man5/migctl-state.5.gz \
	usr/share/bash-completion/completions/migctl; do
	grep -qx "/$f" "$out/files.txt" || fail "the packages install no /$f"
done
[ ! -e "$libdir/libnvidia-ml.so.1" ] || fail "libnvidia-ml.so.1 in the public libdir"

# migctl, installed
export MIGCTL_STATE_DIR="$work/node"
migctl="$root/usr/bin/migctl"
"$migctl" version | grep -q "^migctl $version" || fail "migctl version: $("$migctl" version)"
"$migctl" emulate create H100 >/dev/null
"$migctl" -i 0 -mig 1 >/dev/null
"$migctl" mig -cgi 3g.40gb,1g.10gb -C >/dev/null
"$migctl" -L | grep -q "MIG 3g.40gb" || fail "migctl -L shows no 3g.40gb device"
got=$("$migctl" exec -- python3 -c '
import ctypes
nvml = ctypes.CDLL("libnvidia-ml.so.1")
n = ctypes.c_uint()
assert nvml.nvmlInit_v2() == 0 and nvml.nvmlDeviceGetCount_v2(ctypes.byref(n)) == 0
print(n.value)') || fail "migctl exec -- python3 (NVML) failed"
[ "$got" = 1 ] || fail "NVML through migctl exec saw '$got' GPUs"
# advise, exporter and sim run in the private migctl-full (docs/architecture.md)
"$migctl" sim --synth 20 --gpus 2 --model H100-SXM5-80GB -p whole >"$work/sim.out" ||
	fail "migctl sim (through migctl-full) failed"
grep -q whole "$work/sim.out" || fail "migctl sim printed no 'whole' row"

# libmig-dev: pkg-config compiles the quick start against libmig0
if [ -n "$root" ]; then
	# libmig.pc from the scratch root (its paths under it), jansson.pc from the system.
	export PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$libdir/pkgconfig"
fi
# shellcheck disable=SC2046 # pkg-config's output is a list of words
cc -std=c11 "$src/examples/quickstart.c" $(pkg-config --cflags --libs libmig) -o "$work/quickstart" ||
	fail "quickstart does not build with pkg-config --cflags --libs libmig"
mkdir "$work/node2"
LD_LIBRARY_PATH="$libdir" MIGCTL_STATE_DIR="$work/node2" "$work/quickstart" >"$work/qs.out" ||
	fail "quickstart against the packaged libmig failed"
grep -q "Created GPU instance" "$work/qs.out" || fail "quickstart created nothing"

# the manual
for page in "$root"/usr/share/man/man1/migctl.1.gz "$root"/usr/share/man/man3/libmig.3.gz; do
	MANWIDTH=80 man --warnings -l "$page" 2>"$work/man.err" | grep -q '^NAME' || fail "man -l $page"
	[ ! -s "$work/man.err" ] || fail "man -l $page warns: $(cat "$work/man.err")"
done
echo "test_deb: ok ($(ls "$out"/*.deb | wc -l) packages in $out)"
