#!/bin/sh
# real_smi_q.sh [-v] [--only VERSION] [--capture DIR] MIGCTL NVML_LIBDIR
#
# nvidia-smi -q beside migctl -q (docs/cli-smi.md "-q"): each cached
# branch's real binary runs over our libnvidia-ml.so.1 on an emulated node,
# and migctl runs the same command line on the same node: `-q`, `-q -x`
# and `-q -i 0` (`-q -i 1` on a two-GPU node) on H100 (R525 on), A100, A30
# and a few more models, with MIG off, on, partitioned (with a `migctl run`
# process), with a whole-GPU process, with a MIG mode pending, in a
# passthrough VM with persistence off; on the partitioned A100 and H100 also
# `-q -d TYPE` for every display type (those a branch refuses included), two
# together, and the refused `-q -x -d`.  stdout, stderr and the exit status
# must be identical, the timestamp line aside.
#
# The binaries come from scripts/fetch-nvidia-smi.sh's cache
# (${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi});
# ctest runs this after nvml_real_smi, which fetches them.  Nothing cached:
# exit 77 (skipped).  --capture DIR keeps the real binary's outputs as
# VERSION.MODEL.STATE.{q,qx,qi0,q.TYPE}.out, the input of scripts/gen-smi-q-table.py.
#
# Prints "branch VERSION: N/M identical" per branch, every difference with
# -v, and exits 1 if any differs.
set -eu
verbose=0
only=""
capture=""
while [ $# -gt 2 ]; do
	case "$1" in
	-v) verbose=1 ;;
	--only) only=$2; shift ;;
	--capture) capture=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 2 ] || { echo "usage: $0 [-v] [--only VERSION] [--capture DIR] MIGCTL NVML_LIBDIR" >&2; exit 2; }
migctl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
libdir=$(cd "$2" && pwd)
cache="${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi}"
[ -z "$capture" ] || { mkdir -p "$capture" && capture=$(cd "$capture" && pwd); }

versions=""
for d in "$cache"/*/; do
	[ -x "$d/nvidia-smi" ] || continue
	v=$(basename "$d")
	[ -z "$only" ] || [ "$v" = "$only" ] || continue
	versions="$versions $v"
done
if [ -z "$versions" ]; then
	echo "SKIP: no real nvidia-smi in $cache (scripts/fetch-nvidia-smi.sh downloads them from deb.debian.org)"
	exit 77
fi

tmp=$(mktemp -d)
runner=""
stop_runner() {
	[ -n "$runner" ] || return 0
	kill "$runner" 2>/dev/null || true
	wait "$runner" 2>/dev/null || true
	runner=""
}
trap 'stop_runner; rm -rf "$tmp"' EXIT INT TERM
unset MIGCTL_BACKEND MIGCTL_NVML_LIBRARY 2>/dev/null || true
failures=0

node="$tmp/node"
m() { MIGCTL_STATE_DIR=$node "$migctl" "$@"; }

# build MODEL VERSION STATE [GPU OPTIONS]: the node of one case.
build() {
	model=$1 v=$2 st=$3 opts=${4:-}
	rm -rf "$node"
	gpus="$model@$v,bus=00000000:18:00.0$opts"
	[ "$st" = two ] && gpus="$gpus $model@$v,bus=00000000:3B:00.0$opts"
	m emulate create --force $gpus >/dev/null 2>&1 || return 1
	case $st in
	off) ;;
	proc) m emulate process attach 1 0 python3 1234 >/dev/null ;;
	pend)
		m emulate process attach 1 0 python3 1234 >/dev/null
		m -mig 1 >/dev/null ;;
	on) m -i 0 -mig 1 >/dev/null ;;
	part|two|gproc)
		m -i 0 -mig 1 >/dev/null
		case $model in A30-*) big=5 small=14 ;; *) big=9 small=19 ;; esac
		# a multi-slice GI split into two CIs, two 1-slice GIs with their CI
		m mig -i 0 -cgi $big >/dev/null
		m mig -i 0 -cci 0,0 >/dev/null
		m mig -i 0 -cgi $small,$small -C >/dev/null
		gi=$(m mig -i 0 -lgi | awk '/MIG/ { print $6 }' | sort -n | head -n 1)
		# a process on the first MIG device, recorded by migctl run
		# started directly, not through m(), so that $! is migctl's own pid
		MIGCTL_STATE_DIR=$node "$migctl" run -i 0 --gi "$gi" --ci 0 -- sleep 300 >/dev/null 2>&1 &
		runner=$!
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			grep -q '"pid"' "$node/state.json" 2>/dev/null && break
			sleep 0.1
		done
		# a whole-GPU graphics client, which -q leaves out in MIG mode
		[ "$st" = gproc ] && m emulate process attach 1 0 Xorg 17 >/dev/null
		;;
	esac
	return 0
}

# -q's timestamp line (text and XML) is the time of the run.
untime() {
	grep -v -e '^Timestamp  *: ' -e '^	<timestamp>.*</timestamp>$' "$1" || true
}

# compare LABEL ARGS...: one command line, real and ours.
compare() {
	label=$1
	shift
	total=$((total + 1))
	set +e
	env MIGCTL_STATE_DIR="$node" LD_LIBRARY_PATH="$libdir" \
		${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} "$cache/$v/nvidia-smi" "$@" \
		>"$tmp/real.out" 2>"$tmp/real.err" </dev/null
	echo $? >"$tmp/real.rc"
	m "$@" >"$tmp/ours.out" 2>"$tmp/ours.err" </dev/null
	echo $? >"$tmp/ours.rc"
	set -e
	[ -z "$capture" ] || cp "$tmp/real.out" "$capture/$label.out"
	untime "$tmp/real.out" >"$tmp/r.out"
	untime "$tmp/ours.out" >"$tmp/o.out"
	if cmp -s "$tmp/r.out" "$tmp/o.out" && cmp -s "$tmp/real.err" "$tmp/ours.err" &&
		cmp -s "$tmp/real.rc" "$tmp/ours.rc"; then
		same=$((same + 1))
		return 0
	fi
	failures=$((failures + 1))
	echo "DIFF $label: nvidia-smi $*"
	if [ "$verbose" = 1 ]; then
		echo "  exit: real $(cat "$tmp/real.rc"), migctl $(cat "$tmp/ours.rc")"
		diff -u --label real --label migctl "$tmp/r.out" "$tmp/o.out" | sed 's/^/  /' || true
		diff -u --label real.err --label migctl.err "$tmp/real.err" "$tmp/ours.err" | sed 's/^/  /' || true
	fi
}

# The cases: MODEL STATE [GPU OPTIONS]
cases() {
	for model in H100-SXM5-80GB A100-SXM4-40GB A30-24GB; do
		for st in off on part; do echo "$model $st"; done
	done
	echo "A100-SXM4-40GB two"
	echo "A100-SXM4-40GB gproc"
	echo "A100-SXM4-40GB proc"
	echo "A30-24GB pend ,persistence=off,reset=passthrough"
	echo "H100-SXM5-80GB part ,persistence=off,reset=passthrough"
	for model in H100-PCIE-80GB A100-SXM4-80GB H200-SXM-141GB B200-180GB; do
		echo "$model part"
	done
}

display_types="MEMORY UTILIZATION ECC TEMPERATURE POWER CLOCK COMPUTE PIDS PERFORMANCE
SUPPORTED_CLOCKS PAGE_RETIREMENT ACCOUNTING ENCODER_STATS SUPPORTED_GPU_TARGET_TEMP VOLTAGE
FBC_STATS ROW_REMAPPER RESET_STATUS GSP_FIRMWARE_VERSION"

for v in $versions; do
	total=0
	same=0
	cases >"$tmp/cases"
	while read -r model st opts; do
		# H100 is not in R470's catalog; a model a branch lacks is skipped
		build "$model" "$v" "$st" "$opts" || continue
		tag="$v.$model.$st${opts:+.vm}"
		compare "$tag.q" -q
		compare "$tag.qx" -q -x
		compare "$tag.qi0" -q -i 0
		[ "$st" = two ] && compare "$tag.qi1" -q -i 1
		if [ "$st" = part ] && [ -z "$opts" ] && { [ "$model" = A100-SXM4-40GB ] || [ "$model" = H100-SXM5-80GB ]; }; then
			for t in $display_types; do
				compare "$tag.q.$t" -q -d "$t"
			done
			compare "$tag.q.two-types" -q -d pids,,Memory
			compare "$tag.qx.display" -q -x -d MEMORY
		fi
		stop_runner
	done <"$tmp/cases"
	echo "branch $v: $same/$total identical"
done
[ "$failures" = 0 ]
