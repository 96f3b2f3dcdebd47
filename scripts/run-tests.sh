#!/bin/sh
# Build and run every test: once plainly, once under ASan+UBSan.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs="$(nproc)"
for variant in plain asan; do
	dir="build/test-$variant"
	flags=""
	[ "$variant" = asan ] && flags="-DMIG_SANITIZE=ON"
	echo "== $variant build"
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo $flags >/dev/null
	cmake --build "$dir" -j "$jobs" >/dev/null
	(cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j "$jobs")
done
