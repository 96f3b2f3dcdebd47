#!/bin/sh
# real_smi.sh [-v] [--fetch] [--only VERSION | --per-branch] MIGCTL NVML_LIBDIR
#
# Conformance against NVIDIA's own nvidia-smi (docs/nvml.md "The real
# nvidia-smi"): each cached branch's real binary runs over our
# libnvidia-ml.so.1 and migctl runs the same command line, on the same
# emulated node, for H100 (R525 on), A100 and A30 with MIG off, on, and
# partitioned.  stdout, stderr and the exit status must be identical (the
# main screen's date line aside).  Mutations are run by the real binary on
# one copy of a node and by migctl on another; each step's output must be
# identical, and migctl must then read the same node back from both.
#
# The binaries come from scripts/fetch-nvidia-smi.sh's cache
# (${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi});
# --fetch runs that script first.  Nothing cached: exit 77 (skipped).
# --per-branch runs the newest cached version of each branch only.
#
# Prints "branch VERSION: N/M identical" per branch, every difference with
# -v, and exits 1 if any command differs, except the differences listed in
# real_smi.known (glob of the case's label, a tab, why), which are work
# still to do: those are counted and named, and one that has become
# identical fails the run too, so the list only shrinks.
set -eu
verbose=0
fetch=0
only=""
per_branch=0
while [ $# -gt 2 ]; do
	case "$1" in
	-v) verbose=1 ;;
	--fetch) fetch=1 ;;
	--only) only=$2; shift ;;
	--per-branch) per_branch=1 ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 2 ] || { echo "usage: $0 [-v] [--fetch] [--only VERSION | --per-branch] MIGCTL NVML_LIBDIR" >&2; exit 2; }
migctl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
libdir=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cache="${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi}"

if [ "$fetch" = 1 ]; then
	sh "$here/../../scripts/fetch-nvidia-smi.sh" >/dev/null || true
fi
versions=""
for d in "$cache"/*/; do
	[ -x "$d/nvidia-smi" ] || continue
	v=$(basename "$d")
	[ -z "$only" ] || [ "$v" = "$only" ] || continue
	versions="$versions $v"
done
if [ "$per_branch" = 1 ]; then
	# the last (newest) of each major, in version order
	versions=$(for v in $versions; do echo "$v"; done | sort -t. -k1,1n -k2,2n -k3,3n |
		awk -F. '{ last[$1] = $0; order[$1] = NR } END { for (m in last) print order[m], last[m] }' |
		sort -n | cut -d' ' -f2 | tr '\n' ' ')
fi
if [ -z "$versions" ]; then
	echo "SKIP: no real nvidia-smi in $cache (scripts/fetch-nvidia-smi.sh downloads them from deb.debian.org)"
	exit 77
fi

tmp=$(mktemp -d)
trap 'stop_runner; rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=0
# No environment leaks in: the node is always given.
unset MIGCTL_BACKEND MIGCTL_NVML_LIBRARY 2>/dev/null || true

failures=0
known_file="$here/real_smi.known"

# Is the case labelled $1 a listed known difference?
known() {
	[ -f "$known_file" ] || return 1
	while IFS='	' read -r pat why; do
		case "$pat" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2254
		case "$1" in $pat) return 0 ;; esac
	done <"$known_file"
	return 1
}

# real VERSION NODE ARGS... / ours NODE ARGS...: output in $tmp/{real,ours}.{out,err,rc}
real() {
	v=$1 node=$2
	shift 2
	set +e
	env MIGCTL_STATE_DIR="$node" LD_LIBRARY_PATH="$libdir" \
		${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} "$cache/$v/nvidia-smi" "$@" >"$tmp/real.out" 2>"$tmp/real.err" </dev/null
	echo $? >"$tmp/real.rc"
	set -e
}
ours() {
	node=$1
	shift
	set +e
	MIGCTL_STATE_DIR=$node "$migctl" "$@" >"$tmp/ours.out" 2>"$tmp/ours.err" </dev/null
	echo $? >"$tmp/ours.rc"
	set -e
}
# The main screen's first line is the time of the run.
undate() {
	sed -E '1{/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} *$/d}' "$1"
}

# compare LABEL: one case; counts it and reports a difference.
compare() {
	total=$((total + 1))
	for s in out err; do
		undate "$tmp/real.$s" >"$tmp/r.$s"
		undate "$tmp/ours.$s" >"$tmp/o.$s"
	done
	if cmp -s "$tmp/r.out" "$tmp/o.out" && cmp -s "$tmp/r.err" "$tmp/o.err" &&
		cmp -s "$tmp/real.rc" "$tmp/ours.rc"; then
		same=$((same + 1))
		if known "$1"; then
			failures=$((failures + 1))
			echo "STALE $1: identical now, remove it from real_smi.known"
		fi
		return 0
	fi
	if known "$1"; then
		echo "KNOWN $1"
		return 0
	fi
	failures=$((failures + 1))
	echo "DIFF $1"
	if [ "$verbose" = 1 ]; then
		echo "  exit: real $(cat "$tmp/real.rc"), migctl $(cat "$tmp/ours.rc")"
		diff -u --label real --label migctl "$tmp/r.out" "$tmp/o.out" | sed 's/^/  /' || true
		diff -u --label real.err --label migctl.err "$tmp/r.err" "$tmp/o.err" | sed 's/^/  /' || true
	fi
}

# The real binary runs without an error (views migctl does not render the same yet).
runs() {
	total=$((total + 1))
	if [ "$(cat "$tmp/real.rc")" = 0 ] && [ ! -s "$tmp/real.err" ] &&
		! grep -q -e 'Internal NVML error' -e 'Unknown Error' -e 'Mismatch in versions' \
			"$tmp/real.out"; then
		same=$((same + 1))
		return 0
	fi
	failures=$((failures + 1))
	echo "FAIL $1: exit $(cat "$tmp/real.rc")"
	[ "$verbose" = 1 ] && sed 's/^/  /' "$tmp/real.out" "$tmp/real.err" | grep -i -e error -e fail | head -5
	return 0
}

major() { echo "${1%%.*}"; }

# Profiles to partition with, per model: a multi-slice and a 1-slice GI, as IDs.
gi_big() {
	case "$1" in
	A30-*) echo 5 ;;
	*) echo 9 ;;
	esac
}
gi_small() {
	case "$1" in
	A30-*) echo 14 ;;
	*) echo 19 ;;
	esac
}
gi_pair() { echo "$(gi_big "$1"),$(gi_small "$1")"; }

# state NODE MODEL STATE: MIG off, on (no instances), or partitioned.
set_state() {
	node=$1 model=$2 st=$3
	[ "$st" = off ] && return 0
	MIGCTL_STATE_DIR=$node "$migctl" -mig 1 >/dev/null
	[ "$st" = on ] && return 0
	# a multi-slice GI split into two 1-slice CIs, two 1-slice GIs with their CI
	MIGCTL_STATE_DIR=$node "$migctl" mig -cgi "$(gi_big "$model")" >/dev/null
	MIGCTL_STATE_DIR=$node "$migctl" mig -cci 0,0 >/dev/null
	MIGCTL_STATE_DIR=$node "$migctl" mig -cgi "$(gi_small "$model"),$(gi_small "$model")" -C >/dev/null
	# and a process on the first MIG device, recorded by migctl run
	MIGCTL_STATE_DIR=$node "$migctl" run --gi "$(first_gi "$node")" --ci 0 -- sleep 300 \
		>/dev/null 2>&1 &
	runner=$!
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q '"pid"' "$node/state.json" 2>/dev/null && break
		sleep 0.1
	done
}
first_gi() {
	MIGCTL_STATE_DIR=$1 "$migctl" mig -lgi | awk '/MIG/ { print $6 }' | sort -n | head -n 1
}
runner=""
stop_runner() {
	[ -n "$runner" ] || return 0
	kill "$runner" 2>/dev/null || true
	wait "$runner" 2>/dev/null || true
	runner=""
}

queries="index,name,uuid,pci.bus_id,driver_version,count,memory.total,memory.used,memory.free,mig.mode.current,mig.mode.pending,persistence_mode,pstate,temperature.gpu,power.draw,power.limit,fan.speed,utilization.gpu,pci.device_id,pci.sub_device_id,compute_mode,ecc.mode.current,display_active"

views() {
	echo "-L"
	echo ""
	echo "mig -lgip"
	echo "mig -lgipp"
	echo "mig -lcip"
	echo "mig -lcipp"
	echo "mig -lgi"
	echo "mig -lci"
	q=$queries
	[ "$(major "$1")" -ge 510 ] && q="$q,compute_cap"
	echo "--query-gpu=$q --format=csv"
	echo "--query-gpu=$q --format=csv,noheader,nounits"
	echo "--query-gpu=compute_cap --format=csv"
	echo "-i 0 --query-gpu=index,pci.bus_id --format=csv"
	echo "-i 00000000:18:00.0 --query-gpu=index,pci.bus_id --format=csv"
	echo "-i 0000:18:00.0 --query-gpu=index,pci.bus_id --format=csv"
	echo "-i 18:00.0 --query-gpu=index,pci.bus_id --format=csv"
}

# Mutations, each run by the real binary on node A and by migctl on node B.
mutations() {
	pair=$(gi_pair "$1")
	echo "-mig 1"
	echo "mig -cgi $pair"
	echo "mig -cci -gi 1"
	echo "mig -cgi $pair -C"
	echo "mig -dci -gi 1 -ci 0"
	echo "mig -dci"
	echo "mig -dgi"
	# a double-memory 1-slice GI (ID 15, R525 on) takes CI profile 0 as mig-parted asks
	if [ "$1" != A30-24GB ] && [ "$(major "$2")" -ge 525 ]; then
		echo "mig -cgi 15"
		echo "mig -lcip"
		echo "mig -cci 0"
		echo "mig -lci"
		echo "mig -dci"
		echo "mig -dgi"
	fi
	echo "-mig 0"
	echo "-r"
	echo "-r -i 0"
}

for v in $versions; do
	total=0
	same=0
	for model in H100-SXM5-80GB A100-SXM4-40GB A30-24GB; do
		[ "$model" = H100-SXM5-80GB ] && [ "$(major "$v")" -lt 525 ] && continue
		for st in off on part; do
			node="$tmp/node"
			rm -rf "$node"
			MIGCTL_STATE_DIR=$node "$migctl" emulate create --force "$model@$v,bus=00000000:18:00.0" >/dev/null
			set_state "$node" "$model" "$st"
			views "$v" | while IFS= read -r args; do
				# shellcheck disable=SC2086
				real "$v" "$node" $args
				# shellcheck disable=SC2086
				ours "$node" $args
				compare "$v $model MIG-$st: nvidia-smi $args"
				echo "$total $same $failures" >"$tmp/counts"
			done
			read -r total same failures <"$tmp/counts"
			# -q: the real binary must run over the library
			real "$v" "$node" -q
			runs "$v $model MIG-$st: nvidia-smi -q"
			stop_runner
		done
		# mutations from MIG off, step by step
		rm -rf "$tmp/a" "$tmp/b"
		MIGCTL_STATE_DIR=$tmp/a "$migctl" emulate create --force "$model@$v,bus=00000000:18:00.0" >/dev/null
		cp -r "$tmp/a" "$tmp/b"
		mutations "$model" "$v" | while IFS= read -r args; do
			# shellcheck disable=SC2086
			real "$v" "$tmp/a" $args
			# shellcheck disable=SC2086
			ours "$tmp/b" $args
			compare "$v $model mutation: nvidia-smi $args"
			for check in "-L" "mig -lgi" "mig -lci" "--query-gpu=mig.mode.current,mig.mode.pending --format=csv"; do
				# shellcheck disable=SC2086
				MIGCTL_STATE_DIR=$tmp/a "$migctl" $check >"$tmp/real.out" 2>"$tmp/real.err" || true
				# shellcheck disable=SC2086
				MIGCTL_STATE_DIR=$tmp/b "$migctl" $check >"$tmp/ours.out" 2>"$tmp/ours.err" || true
				echo 0 >"$tmp/real.rc"
				echo 0 >"$tmp/ours.rc"
				compare "$v $model after '$args': migctl $check reads the same node"
			done
			echo "$total $same $failures" >"$tmp/counts"
		done
		read -r total same failures <"$tmp/counts"
	done
	echo "branch $v: $same/$total identical"
	echo "$v $same $total" >>"$tmp/summary"
done
[ "$failures" = 0 ]
