#!/bin/sh
# migctl sim --min-rate (docs/simulator.md#right-sizing): two 0.47 jobs on one
# A100 80GB run at once as 4g + 3g under dynamic by default (right-sized 1),
# not with --min-rate 1; a rate outside 0.01..1 is refused naming the option
# and its range, exit status 2.
set -eu
migctl=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'arrival,duration,compute\n0,100,0.47\n0,100,0.47\n' >"$dir/jobs.csv"
"$migctl" sim -t "$dir/jobs.csv" --gpus 1 -p dynamic --json >"$dir/on.json"
grep -q '"right_sized": 1' "$dir/on.json" || fail "default: not right-sized: $(cat "$dir/on.json")"
"$migctl" sim -t "$dir/jobs.csv" --gpus 1 -p dynamic --min-rate 1 >"$dir/off.txt"
grep -q 'right-sized 0' "$dir/off.txt" || fail "--min-rate 1: $(cat "$dir/off.txt")"
# 0x1, +0.5 and " 0.5" are what strtod took; util_parse_double takes plain decimals only
for bad in 0 1.5 x 0x1 +0.5 " 0.5"; do
	rc=0
	"$migctl" sim -t "$dir/jobs.csv" --gpus 1 -p dynamic --min-rate "$bad" >/dev/null 2>"$dir/err" || rc=$?
	[ "$rc" = 2 ] || fail "--min-rate $bad: exit status $rc, not 2"
	grep -q -- "--min-rate '$bad': allowed 0.01 to 1" "$dir/err" || fail "--min-rate $bad: $(cat "$dir/err")"
done
echo "ok: --min-rate right-sizes by default, 1 turns it off, 0, 1.5, x, 0x1, +0.5 and ' 0.5' are refused"
