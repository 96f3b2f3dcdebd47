#!/bin/sh
# migctl sim --fleet with GPUs of several models (docs/simulator.md#mixed-fleets):
# the fleet and a layout per model reported in the JSON, the split of
# --gpus-needed, refusals of a layout missing a model, of a job no model holds
# and of a fleet of more than 4 models (exit status 1, naming what was wrong);
# a one-model fleet file gives what --gpus N --model M gives, byte for byte.
set -eu
migctl=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

gpus() { # MODEL... -> a node's GPUs
	sep=
	for m in "$@"; do printf '%s{"model": "%s"}' "$sep" "$m"; sep=", "; done
}
printf '{"nodes": [{"name": "a", "gpus": [%s]}, {"name": "b", "gpus": [%s]}]}\n' \
	"$(gpus A30-24GB A30-24GB)" "$(gpus A100-SXM4-80GB A100-SXM4-80GB)" >"$dir/mixed.json"
printf '{"nodes": [{"name": "a", "gpus": [%s]}]}\n' "$(gpus A30-24GB A30-24GB A30-24GB)" >"$dir/one.json"
printf '{"nodes": [{"name": "a", "gpus": [%s]}]}\n' \
	"$(gpus A30-24GB A100-SXM4-40GB A100-SXM4-80GB H100-SXM5-80GB H200-SXM-141GB)" >"$dir/five.json"
printf 'arrival,duration,compute,gpu_mem_mib\n0,10,0.5,0\n0,10,0.5,0\n0,10,1,30000\n5,10,1,0\n' >"$dir/jobs.csv"

layout='A30-24GB=2g.12gb,2g.12gb,A100-SXM4-80GB=7g.80gb'
"$migctl" sim -t "$dir/jobs.csv" --fleet "$dir/mixed.json" -p static --layout "$layout" --check \
	--gpus-needed 1:8 --json >"$dir/out.json"
tr -d ' \n' <"$dir/out.json" >"$dir/flat.json"
grep -q '"fleet":\[{"model":"A30-24GB","gpus":2},{"model":"A100-SXM4-80GB","gpus":2}\]' "$dir/flat.json" ||
	fail "no fleet: $(cat "$dir/out.json")"
grep -q '"layout":"A30-24GB=2g.12gb+2g.12gb,A100-SXM4-80GB=7g.80gb"' "$dir/flat.json" ||
	fail "layout: $(cat "$dir/out.json")"
# the whole-GPU job at 5 s fits only an A100's 7g (the A30s hold two 2g.12gb): it waits at
# 1 GPU of each (2), and at 2 A30s + 1 A100 (3: 1.5 and 1.5, the tie to the model named first);
# at 1 GPU (1 A30, no A100) the 30,000 MiB job fits nowhere and the size is skipped; 4 it is
grep -q '"gpus_needed":4,' "$dir/flat.json" || fail "gpus needed: $(cat "$dir/out.json")"
grep -q '"gpus_needed_fleet":\[{"model":"A30-24GB","gpus":2},{"model":"A100-SXM4-80GB","gpus":2}\]' \
	"$dir/flat.json" || fail "gpus needed fleet: $(cat "$dir/out.json")"

expect() { # STATUS MESSAGE ARGS...
	want=$1 msg=$2
	shift 2
	rc=0
	"$migctl" sim -t "$dir/jobs.csv" "$@" >/dev/null 2>"$dir/err" || rc=$?
	[ "$rc" = "$want" ] || fail "$*: exit status $rc, not $want"
	grep -q -- "$msg" "$dir/err" || fail "$*: $(cat "$dir/err")"
}
expect 1 "gives no layout for A100-SXM4-80GB" --fleet "$dir/mixed.json" -p static --layout A30-24GB=4g.24gb
expect 1 "GPUs of more than 4 models" --fleet "$dir/five.json" -p whole
expect 1 "job 3 needs 30000 MiB of GPU memory; a A30-24GB has 24576" --fleet "$dir/one.json" -p whole

printf 'arrival,duration,compute\n0,10,0.5\n0,10,0.25\n3,10,1\n' >"$dir/small.csv"
"$migctl" sim -t "$dir/small.csv" --fleet "$dir/one.json" --json >"$dir/file.json"
"$migctl" sim -t "$dir/small.csv" --gpus 3 --model A30-24GB --json >"$dir/flags.json"
cmp -s "$dir/file.json" "$dir/flags.json" || fail "one-model fleet file differs from --gpus --model"
echo "ok: mixed fleet and layouts reported, --gpus-needed split, refusals, one-model fleet file as --gpus --model"
