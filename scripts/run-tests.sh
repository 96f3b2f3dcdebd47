#!/bin/sh
# Build and run every test: gcc and clang, Debug and Release, warnings as
# errors; once more under ASan+UBSan; then cppcheck and clang-tidy against
# their baseline (scripts/lint.sh); then the Debian packages
# (tests/deb/test_deb.sh).  Each stage prints its wall time.
#
# Which variant runs what (CI has 2 cores and must stay well under 30 min):
# the two golden-transcript suites (cli_golden_GROUP and
# cli_golden_nvml_loop_GROUP, one ctest test per group of tests/cli/cases)
# are output comparisons that a compiler or an
# optimisation level is least likely to change and the slowest to repeat,
# so the whole ctest suite runs in gcc Release, clang Debug and ASan -- both
# compilers, both build types, and the sanitizers each see every test --
# while gcc Debug and clang Release build everything (with -Werror) and run
# every test except those two.  System tests (ctest names sys_*) run in gcc
# Release and ASan only.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs="$(nproc)"
t0=$(date +%s)
summary=""

stage_start() {
	echo "== $1"
	stage_t=$(date +%s)
}
stage_end() {
	summary="$summary$(printf '  %-28s %4ss' "$1" $(($(date +%s) - stage_t)))
"
}

# variant NAME CC BUILD_TYPE full|fast [CMAKE_ARGS...]
variant() {
	name=$1 cc=$2 type=$3 tests=$4
	shift 4
	dir="build/test-$name"
	stage_start "$name ($cc $type, $tests tests)"
	CC=$cc cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DMIG_WERROR=ON \
		-DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >/dev/null
	cmake --build "$dir" -j "$jobs" >/dev/null
	exclude='^$'
	# and the real nvidia-smi beside migctl (nvml_real_smi, minutes per branch)
	[ "$tests" = fast ] && exclude='^(cli_golden|nvml_real_smi|sys_)'
	# System tests (sys_*: real daemons -- Slurm, Prometheus, Chromium --
	# started by the test) exercise the wiring, not the compiler: they run
	# in gcc Release and under the sanitizers only.
	case $name in gcc-release | asan) ;; clang-debug) exclude='^sys_' ;; esac
	(cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j "$jobs" -E "$exclude")
	stage_end "$name"
}

variant gcc-release gcc Release full
variant clang-debug clang Debug full
variant gcc-debug gcc Debug fast
variant clang-release clang Release fast
variant asan gcc RelWithDebInfo full -DMIG_SANITIZE=ON

stage_start "lint (cppcheck, clang-tidy)"
sh scripts/lint.sh build/test-clang-debug
stage_end lint

# The .debs: built, checked by lintian, installed, smoke-tested (skips,
# saying so, without dpkg-buildpackage/debhelper/lintian).
stage_start "debian packages"
sh tests/deb/test_deb.sh build/deb
stage_end debian

echo "== wall time per stage"
printf '%s' "$summary"
echo "  total                        $(($(date +%s) - t0))s"
