#!/bin/sh
# Run libFuzzer targets for a given time each and print what they did.
#
#   scripts/fuzz-campaign.sh [--seconds N] [--build DIR] TARGET...   (or "all")
#
# Builds DIR (default build/fuzz) with clang and -DMIG_FUZZ=ON if needed,
# runs each target for N seconds (default 600) on a scratch copy of its
# corpus (tests/fuzz/corpus/TARGET; new inputs stay in DIR/campaign/TARGET),
# and prints one row per target: seconds, runs, coverage (libFuzzer's cov:
# edges, ft: features), corpus size, findings.  A finding is a crash-*,
# leak-*, timeout-* or oom-* file in DIR/campaign/TARGET-findings; copy the
# ones worth keeping into tests/fuzz/corpus/TARGET once fixed.
# Exit status 1 if any target found something.
set -eu
cd "$(dirname "$0")/.."
seconds=600
build=build/fuzz
targets=""
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds="$2"; shift 2 ;;
	--seconds=*) seconds="${1#--seconds=}"; shift ;;
	--build) build="$2"; shift 2 ;;
	-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	all) targets="$targets $(cd tests/fuzz/corpus && ls -d fuzz_* | tr '\n' ' ')"; shift ;;
	-*) echo "fuzz-campaign: unknown option $1" >&2; exit 2 ;;
	*) targets="$targets $1"; shift ;;
	esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz-campaign: --seconds needs a whole number" >&2; exit 2 ;; esac
[ -n "$targets" ] || { echo "usage: scripts/fuzz-campaign.sh [--seconds N] TARGET... (or all)" >&2; exit 2; }
for t in $targets; do
	# Every target has a corpus (tests/fuzz/$t.c, or elsewhere such as tests/advise/).
	[ -d "tests/fuzz/corpus/$t" ] || { echo "fuzz-campaign: no target $t (tests/fuzz/corpus/$t)" >&2; exit 2; }
done
command -v clang >/dev/null || { echo "fuzz-campaign: needs clang (libFuzzer)" >&2; exit 2; }
if [ ! -f "$build/CMakeCache.txt" ]; then
	CC=clang cmake -S . -B "$build" -DMIG_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets >/dev/null
status=0
rows=""
for t in $targets; do
	work="$build/campaign/$t"
	found="$build/campaign/$t-findings"
	log="$build/campaign/$t.log"
	mkdir -p "$work" "$found"
	cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
	# -fork keeps going after a finding; each crash lands in $found.
	"$(find "$build/tests" -type f -name "$t" | head -1)" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$found/" -fork=1 -ignore_crashes=1 -ignore_ooms=1 \
		-ignore_timeouts=1 "$work" >"$log" 2>&1 || true
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
	[ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
	corp=$(find "$work" -type f | wc -l)
	nfound=$(find "$found" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
	[ "$nfound" -eq 0 ] || status=1
	rows="$rows$(printf '%-16s %8s %12s %8s %8s %8s %9s' "$t" "$seconds" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$nfound")
"
done
printf '%-16s %8s %12s %8s %8s %8s %9s\n' target seconds runs cov ft corpus findings
printf '%s' "$rows"
[ "$status" -eq 0 ] || echo "findings: see $build/campaign/*-findings (logs: $build/campaign/*.log)"
exit "$status"
