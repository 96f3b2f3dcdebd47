#!/bin/sh
# sys_slurm: a real Slurm 22.05 on loopback over emulated nodes (docs/slurm.md).
#
# munged, slurmctld and one slurmd per catalog model, each slurmd inside
# `migctl emulate exec` (its own node's device files and our NVML), with
# AutoDetect=nvml and Debian's gpu/nvml plugin (scripts/fetch-slurm-nvml.sh).
# Each node has two GPUs: GPU 0 with MIG on and one GPU instance of every
# profile that still fits (smallest first), GPU 1 with MIG off.  slurm.conf's
# Gres= lines are `migctl slurm conf --gres`.  Checks:
#   - every node registers IDLE (never INVALID): slurmctld accepts the
#     configuration for every model, MIG on and off;
#   - a job asking for each MIG type of a node gets a CUDA_VISIBLE_DEVICES
#     that `migctl -L` lists for that node, and a whole-GPU job gets a device index;
#   - with the State=FUTURE catalog node (`slurm conf --future`), a job for
#     a type no node has is queued, and one for a type nobody offers refused.
#   - repartitioning through a dynamic node works: node d1 (an A100-40GB
#     with seven 1g.5gb, started with slurmd -Z) is drained, re-laid out as
#     two 3g.20gb, deleted and registered again with its new Gres=; a job
#     for nvidia_a100_3g.20gb queued before then runs on a MIG device of the
#     new layout.  The test drives by hand the steps `migctl slurm agent`
#     takes (sys_slurm_agent.sh runs the agent itself) and prints how long
#     each took.
# Under ASan, NVML_PRELOAD (the sanitizer runtime) is preloaded into slurmd,
# which loads our sanitized library.
# Every daemon runs in the foreground, is started here and stopped by its
# PID; everything lives in a temporary directory; ports are on 127.0.0.1
# of a network namespace of the test's own (tests/slurm/lib.sh says why).
# Skips (77) without root, the Debian packages, the plugin, or namespaces.
set -u
. "$2/tests/slurm/lib.sh"
slurm_netns sys_slurm "$0" "$@"
slurm_init sys_slurm "$1" "$2" srun
slurm_bridge
fail() { slurm_fail "$@"; }
slurm_munged

# One node per model: GPU 0 MIG on, one GI of each profile that fits; GPU 1 MIG off.
base=$((20000 + $$ % 20000))
i=0
: >"$tmp/nodes"
for model in $("$migctl" emulate models | awk 'NR > 1 { print $1 }'); do
	i=$((i + 1))
	dir="$tmp/n$i"
	export MIGCTL_STATE_DIR="$dir"
	"$migctl" emulate create --dir "$dir" "$model:2" >/dev/null || fail "create $model"
	"$migctl" -i 0 -mig 1 >/dev/null || fail "MIG on, $model"
	for id in $("$migctl" mig -i 0 -lgip | awk '$3 == "MIG" { print $5 }'); do
		"$migctl" mig -i 0 -cgi "$id" -C >/dev/null 2>&1 || true
	done
	gres="$("$migctl" slurm conf --dir "$dir" --gres)" || fail "slurm conf, $model"
	echo "NodeName=n$i NodeHostname=localhost Port=$((base + 10 + i)) CPUs=1 Gres=$gres" >>"$tmp/nodes"
	echo "n$i $model $gres"
done
unset MIGCTL_STATE_DIR
count=$i
# The catalog node, from the A100-40GB node (n2): every type its model offers.
future="$("$migctl" slurm conf --dir "$tmp/n2" --node n2 --future future | sed -n 's/^NodeName=future //p')"
[ -n "$future" ] || fail "slurm conf --future printed no catalog node"
echo "NodeName=future NodeHostname=localhost Port=$((base + 9)) CPUs=1 $future" >>"$tmp/nodes"

{
	slurm_conf sysslurm localhost "$base"
	cat <<CONF
SlurmdPort=$((base + 8))
MaxNodeCount=$((count + 4))
$(cat "$tmp/nodes")
PartitionName=p Nodes=ALL Default=YES MaxTime=5
CONF
} >"$tmp/slurm.conf"
echo "AutoDetect=nvml" >"$tmp/gres.conf"
export SLURM_CONF="$tmp/slurm.conf"

slurm_bg slurmctld -D -i >"$tmp/log/slurmctld.out" 2>&1
sleep 2
i=0
while [ "$i" -lt "$count" ]; do
	i=$((i + 1))
	slurm_bg "$migctl" emulate exec --dir "$tmp/n$i" -- env ${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} \
		slurmd -D -N "n$i" >"$tmp/log/slurmd-n$i.out" 2>&1
done

# Every node IDLE within three minutes (the whole test takes about 8 s on an idle
# 2-core machine; registering took over a minute under a load of 10: the time is not what
# this test checks); INVALID (or DOWN) is a failure at once.
t=0
while :; do
	states="$(sinfo -h -N -o '%N %T' 2>/dev/null)"
	bad="$(echo "$states" | awk '$2 ~ /inval|down|drain|fail/')"
	[ -z "$bad" ] || fail "nodes refused: $bad"
	idle="$(echo "$states" | awk '$2 == "idle"' | wc -l)"
	[ "$idle" -eq "$count" ] && break
	t=$((t + 1))
	[ "$t" -lt 180 ] || fail "after 180 s only $idle of $count nodes are idle: $states"
	sleep 1
done
echo "all $count nodes registered idle (about $t s)"

# Jobs: each MIG type of three nodes, and a whole GPU.  Only srun's standard
# output is the job's: a node has one CPU, so a job submitted while the
# node's previous job is still completing waits, and srun then says so on
# its standard error ("queued and waiting for resources"; under load, often).
for n in 1 2 6; do
	gres="$(awk -v n="n$n" '$1 == "NodeName=" n { print }' "$tmp/nodes" | sed 's/.*Gres=//')"
	listed="$(MIGCTL_STATE_DIR="$tmp/n$n" "$migctl" -L)"
	for t in $(echo "$gres" | tr ',' '\n' | cut -d: -f2); do
		got="$(timeout 60 srun -w "n$n" --gres="gpu:$t:1" printenv CUDA_VISIBLE_DEVICES 2>"$tmp/srun.err")" ||
			fail "job for $t on n$n: $got $(cat "$tmp/srun.err")"
		case "$t" in
		*_[0-9]g.*) echo "$listed" | grep -q "(UUID: $got)" ||
				fail "job for $t on n$n saw '$got', not a MIG device migctl -L lists" ;;
		*) case "$got" in '' | *[!0-9]*) fail "whole-GPU job on n$n saw '$got', not an index" ;; esac ;;
		esac
		echo "n$n $t -> $got"
	done
done
# A type only the catalog node declares queues; a type nobody declares is refused.
job="$(sbatch --parsable --gres=gpu:nvidia_a100_7g.39gb:1 --wrap true 2>&1)" ||
	fail "a job for a type only the FUTURE node has was refused: $job"
st="$(squeue -h -j "$job" -o %T)"
[ "$st" = PENDING ] || fail "job $job for nvidia_a100_7g.39gb is '$st', not PENDING"
scancel "$job"
echo "job $job for nvidia_a100_7g.39gb (no node has it): queued"
if out="$(sbatch --parsable --gres=gpu:nvidia_a100_9g.99gb:1 --wrap true 2>&1)"; then
	fail "a job for a type nobody declares was accepted: $out"
fi
echo "job for nvidia_a100_9g.99gb (nobody declares it): refused"

# Repartitioning a dynamic node (the agent's steps, timed).
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f s", b - a }'; }
dyn() {
	slurm_bg "$migctl" emulate exec --dir "$tmp/d1" -- env ${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} \
		slurmd -D -Z -N d1 --conf "CPUs=1 Gres=$("$migctl" slurm conf --dir "$tmp/d1" --gres)" \
		>>"$tmp/log/slurmd-d1.out" 2>&1
	dynpid=$!
	t=0
	until sinfo -h -N -n d1 -o %T 2>/dev/null | grep -qx idle; do
		t=$((t + 1))
		[ "$t" -lt 300 ] || fail "dynamic node d1 did not register idle"
		sleep 0.1
	done
}
export MIGCTL_STATE_DIR="$tmp/d1"
"$migctl" emulate create --dir "$tmp/d1" A100-SXM4-40GB >/dev/null &&
	"$migctl" -mig 1 >/dev/null && "$migctl" mig -cgi 19,19,19,19,19,19,19 -C >/dev/null ||
	fail "dynamic node's layout"
dyn
t0="$(now)"
job="$(sbatch --parsable --gres=gpu:nvidia_a100_3g.20gb:1 -o "$tmp/job.out" \
	--wrap 'echo "$(date +%s.%N) $CUDA_VISIBLE_DEVICES"' 2>&1)" || fail "3g job refused: $job"
scontrol update NodeName=d1 State=DRAIN Reason="repartition for nvidia_a100_3g.20gb"
t=0
until scontrol show node d1 | grep -q "State=IDLE+DRAIN"; do
	t=$((t + 1))
	[ "$t" -lt 600 ] || fail "node d1 did not drain: $(scontrol show node d1 | grep -o 'State=[^ ]*')"
	sleep 0.1
done
t1="$(now)"
"$migctl" mig -dci >/dev/null && "$migctl" mig -dgi >/dev/null &&
	"$migctl" mig -cgi 9,9 -C >/dev/null || fail "re-layout"
t2="$(now)"
kill "$dynpid"
wait "$dynpid" 2>/dev/null
scontrol delete NodeName=d1 || fail "scontrol delete node d1"
t3="$(now)"
dyn
t4="$(now)"
t=0
until [ -s "$tmp/job.out" ]; do
	t=$((t + 1))
	[ "$t" -lt 300 ] || fail "job $job did not run after the repartition: $(squeue -h -j "$job" -o '%T %r')"
	sleep 0.1
done
read -r started dev <"$tmp/job.out"
"$migctl" -L | grep -q "3g.20gb .*(UUID: $dev)" || fail "job $job saw '$dev', not a 3g.20gb of d1"
unset MIGCTL_STATE_DIR
echo "repartition of d1 (7x 1g.5gb -> 2x 3g.20gb): drain $(since "$t0" "$t1"), MIG change $(since "$t1" "$t2"), slurmd stop + delete $(since "$t2" "$t3"), register $(since "$t3" "$t4"); job $job submission to start $(since "$t0" "$started") on $dev"
echo "sys_slurm: ok"
