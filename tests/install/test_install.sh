#!/bin/sh
# cmake --install into a fresh prefix, then use what was installed as a user
# would: pkg-config and find_package(mig) each build examples/quickstart.c
# against the installed libmig.so.0 and run it; the installed migctl runs and
# `migctl exec` points a program at the installed libnvidia-ml.so.1.
#   test_install.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
fail() { echo "test_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || fail "cmake --install failed"
libdir=$(cd "$prefix" && ls -d lib*/libmig.so.0 lib/*/libmig.so.0 2>/dev/null | head -n 1)
[ -n "$libdir" ] || fail "no libmig.so.0 under $prefix/lib*"
libdir="$prefix/$(dirname "$libdir")"
for f in bin/migctl include/mig.h; do
	[ -f "$prefix/$f" ] || fail "missing $f"
done
[ -L "$libdir/libmig.so" ] || fail "libmig.so is not a symlink"
[ "$(readelf -d "$libdir/libmig.so.0" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = libmig.so.0 ] ||
	fail "SONAME of libmig.so.0 is not libmig.so.0"
[ -f "$libdir/migctl/libnvidia-ml.so.1" ] || fail "missing private $libdir/migctl/libnvidia-ml.so.1"
[ -x "$libdir/migctl/migctl-full" ] || fail "missing private $libdir/migctl/migctl-full"
[ ! -e "$libdir/libnvidia-ml.so.1" ] || fail "libnvidia-ml.so.1 installed in the public libdir"

# pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs libmig) || fail "pkg-config --cflags --libs libmig failed"
case "$flags" in *"-I$prefix/include"*"-L$libdir"*) ;; *) fail "pkg-config gave '$flags'" ;; esac
# shellcheck disable=SC2086 # $flags is a list of words
cc -std=c11 -Wall -Werror "$src/examples/quickstart.c" $flags -o "$work/qs-pc"
mkdir "$work/node-pc"
LD_LIBRARY_PATH="$libdir" MIGCTL_STATE_DIR="$work/node-pc" "$work/qs-pc" >"$work/qs-pc.out" ||
	fail "quickstart built with pkg-config failed"
grep -q "Created GPU instance" "$work/qs-pc.out" || fail "quickstart (pkg-config) printed no GPU instance"
readelf -d "$work/qs-pc" | grep -q 'NEEDED.*libmig.so.0' || fail "quickstart does not link libmig.so.0"

# find_package(mig)
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
	-DQUICKSTART="$src/examples/quickstart.c" >"$work/consumer.log" 2>&1 ||
	{ cat "$work/consumer.log" >&2; fail "find_package(mig) failed"; }
cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 ||
	{ cat "$work/consumer.log" >&2; fail "building against mig::mig failed"; }
mkdir "$work/node-cm"
LD_LIBRARY_PATH="$libdir" MIGCTL_STATE_DIR="$work/node-cm" "$work/consumer/quickstart" >/dev/null ||
	fail "quickstart built with find_package(mig) failed"

# The installed migctl, and its way to our NVML.
"$prefix/bin/migctl" version | grep -q "^migctl $(pkg-config --modversion libmig)" ||
	fail "installed migctl version does not match libmig.pc"
got=$("$prefix/bin/migctl" exec -- sh -c 'echo "$LD_LIBRARY_PATH"')
[ "$got" = "$(cd "$libdir/migctl" && pwd -P)" ] || fail "migctl exec set LD_LIBRARY_PATH=$got"
eval "$("$prefix/bin/migctl" nvml-env)"
[ "$LD_LIBRARY_PATH" = "$got" ] || fail "migctl nvml-env set LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
unset LD_LIBRARY_PATH
if command -v python3 >/dev/null; then
	MIGCTL_STATE_DIR="$work/node-pc" "$prefix/bin/migctl" exec -- python3 -c '
import ctypes, sys
nvml = ctypes.CDLL("libnvidia-ml.so.1")
n = ctypes.c_uint()
assert nvml.nvmlInit_v2() == 0 and nvml.nvmlDeviceGetCount_v2(ctypes.byref(n)) == 0, "nvml"
print(n.value)' >"$work/count" || fail "python3 through migctl exec could not use NVML"
	[ "$(cat "$work/count")" = 1 ] || fail "NVML through migctl exec saw $(cat "$work/count") GPUs, not 1"
fi
# migctl loads none of the libraries only advise, exporter and sim need; those
# commands run in the private migctl-full, found relative to migctl.
if ldd "$prefix/bin/migctl" | grep -E 'libcurl|libcairo|libmicrohttpd'; then
	fail "the installed migctl links a library only migctl-full needs"
fi
MIGCTL_STATE_DIR="$work/node-sim" "$prefix/bin/migctl" sim --synth 20 --gpus 2 \
	--model H100-SXM5-80GB -p whole >"$work/sim.out" || fail "installed migctl sim failed"
grep -q whole "$work/sim.out" || fail "installed migctl sim printed no 'whole' row"
echo "test_install: ok ($prefix)"
