#!/bin/sh
# sys_slurm_agent MIGCTL SRC [NODES]: `migctl slurm agent` serving a mixed
# queue on a real Slurm 22.05 (docs/slurm.md, "The agent").  ctest runs it
# as sys_slurm_agent (one node) and sys_slurm_fleet (four).
#
# munged, slurmctld, NODES dynamic slurmd (slurmd -Z), each in `migctl
# emulate exec` over its own emulated A100-SXM4-40GB, Debian's gpu/nvml
# plugin (scripts/fetch-slurm-nvml.sh), a State=FUTURE catalog node
# declaring every A100 type (`slurm conf --future`), and the agent.
# Slurm 22.05 gives every `slurmd -Z` the cluster's one SlurmdPort, so
# with more than one node each slurmd has a network namespace and address
# of its own (10.88.0.11, ...; slurmctld on 10.88.0.1 on a bridge), all
# inside a private network and mount namespace that the whole test runs
# in (with one node too, so that its ports meet no other test's); the agent starts each slurmd through `nsenter --net` of its node's
# namespace.  Nodes start as seven 1g.5gb (the last of four as two 3g.20gb);
# the queue asks for 7g (which no node has), 3g and 1g types in turn, so
# that most jobs need a repartition.  With several nodes, the agent is
# killed (-9) once mid-run and started again (it resumes from its journal),
# and slurmctld is restarted once mid-run.  Checks:
#   - every job ran, and saw in CUDA_VISIBLE_DEVICES a MIG UUID that
#     `migctl -L` listed on its node when it started and still when it ended;
#   - the agent applied no layout on a node while a job ran there;
#   - the 7g jobs (a type no node had at submission) queued and ran;
#   - no node ended INVALID or DOWN.
# Prints (not asserted): submission to start when a repartition is
# needed, jobs started per minute, the agent's CPU time while idle.
# Daemons are started here and stopped by their PIDs; all files live in a
# temporary directory.  Skips (77) without root, the packages, the plugin,
# a mount and network namespace, or (several nodes) a bridge.
set -u
nodes="${3:-1}"
name=sys_slurm_agent
[ "$nodes" -eq 1 ] || name=sys_slurm_fleet
. "$2/tests/slurm/lib.sh"
slurm_netns "$name" "$0" "$@"
slurm_init "$name" "$1" "$2" sbatch squeue
fail() { SLURM_LOG_LINES=25 slurm_fail "$@"; }
mkdir -p "$tmp/jobs" && chmod 777 "$tmp/jobs"
ctl=localhost
nsenter=""
slurm_bridge
if [ "$nodes" -gt 1 ]; then
	ctl="localhost(10.88.0.1)"
	nsenter="nsenter --net=$tmp/ns/\$1"
fi
slurm_munged

# The nodes: GI profile 19 is 1g.5gb, 9 is 3g.20gb (A100-SXM4-40GB).
base=$((20000 + $$ % 20000))
i=0
while [ "$i" -lt "$nodes" ]; do
	i=$((i + 1))
	layout=19,19,19,19,19,19,19
	[ "$i" -eq 4 ] && layout=9,9
	MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" emulate create --dir "$tmp/a$i" A100-SXM4-40GB >/dev/null &&
		MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" -mig 1 >/dev/null &&
		MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" mig -cgi "$layout" -C >/dev/null || fail "node a$i"
	[ "$nodes" -eq 1 ] || slurm_netns_node "a$i" "10.88.0.$((10 + i))"
done
future="$("$migctl" slurm conf --dir "$tmp/a1" --node a1 --future future | sed -n 's/^NodeName=future //p')"
[ -n "$future" ] || fail "slurm conf --future printed no catalog node"

{
	slurm_conf sysagent "$ctl" "$base"
	cat <<CONF
SchedulerParameters=sched_interval=1
SlurmdPort=$((base + 8))
MaxNodeCount=16
NodeName=future NodeHostname=localhost Port=$((base + 9)) CPUs=1 $future
PartitionName=p Nodes=ALL Default=YES MaxTime=5
CONF
} >"$tmp/slurm.conf"
echo "AutoDetect=nvml" >"$tmp/gres.conf"
export SLURM_CONF="$tmp/slurm.conf"

# How the agent (and this test, the first time) starts the node's slurmd:
# a dynamic node in the node's private device view (NODE DIR GRES).
cat >"$tmp/start-slurmd" <<EOF
#!/bin/sh
exec $nsenter "$migctl" emulate exec --dir "\$2" -- env ${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} \\
	slurmd -D -Z -N "\$1" --conf "CPUs=1 Gres=\$3" >>"$tmp/log/slurmd-\$1.out" 2>&1
EOF
chmod 755 "$tmp/start-slurmd"

slurm_bg slurmctld -D -i >"$tmp/log/slurmctld.out" 2>&1
ctld=$!
sleep 2
i=0
while [ "$i" -lt "$nodes" ]; do
	i=$((i + 1))
	"$tmp/start-slurmd" "a$i" "$tmp/a$i" "$("$migctl" slurm conf --dir "$tmp/a$i" --gres)" &
done
t=0
until [ "$(sinfo -h -N -o '%N %T' 2>/dev/null | awk '$1 ~ /^a/ && $2 == "idle"' | wc -l)" -eq "$nodes" ]; do
	t=$((t + 1))
	[ "$t" -lt 300 ] || fail "the dynamic nodes did not register idle: $(sinfo -h -N -o '%N %T')"
	sleep 0.2
done
echo "dynamic nodes idle: $(sinfo -h -N -o '%N:%G' | tr '\n' ' ')"
scontrol show node -o | sed -n 's/^NodeName=\(a[0-9]*\) .*NodeAddr=\([^ ]*\) .*/\1 at \2/p' | tr '\n' ' '
echo

{
	echo "slurm 22.05"
	echo "allow 1g.5gb,2g.10gb,3g.20gb,4g.20gb,7g.40gb"
	i=0
	while [ "$i" -lt "$nodes" ]; do
		i=$((i + 1))
		echo "node a$i $tmp/a$i"
	done
	echo "start $tmp/start-slurmd {node} {dir} {gres}"
	echo "pidfile $tmp/slurmd-{node}.pid"
} >"$tmp/agent.conf"
"$migctl" slurm agent --config "$tmp/agent.conf" --dry-run --state-dir "$tmp/agent" 2>"$tmp/dry" ||
	fail "agent --dry-run: $(cat "$tmp/dry")"
agent() {
	slurm_bg "$migctl" slurm agent --config "$tmp/agent.conf" --state-dir "$tmp/agent" \
		--interval 0.5 --log "$tmp/log/agent"
	agent=$!
}
agent

# The job: where it ran, what it saw, what migctl -L listed then and at its end.
cat >"$tmp/job.sh" <<EOF
#!/bin/sh
j="$tmp/jobs/\$SLURM_JOB_ID"
echo "\$(date +%s.%N) \$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES" >"\$j.start"
MIGCTL_STATE_DIR="$tmp/\$SLURMD_NODENAME" "$migctl" -L >"\$j.L0"
sleep 1
MIGCTL_STATE_DIR="$tmp/\$SLURMD_NODENAME" "$migctl" -L >"\$j.L1"
date +%s.%N >"\$j.end"
EOF
chmod 755 "$tmp/job.sh"
submit() {
	id="$(sbatch --parsable --gres="gpu:$1:1" -o /dev/null "$tmp/job.sh" 2>&1)" || fail "sbatch $1: $id"
	echo "$id $1 $(date +%s.%N)" >>"$tmp/submitted"
}
: >"$tmp/submitted"
t0="$(date +%s.%N)"
rounds=1
[ "$nodes" -eq 1 ] || rounds=3
r=0
while [ "$r" -lt "$rounds" ]; do
	r=$((r + 1))
	for ty in nvidia_a100_7g.39gb nvidia_a100_3g.20gb nvidia_a100_1g.5gb nvidia_a100_7g.39gb \
		nvidia_a100_3g.20gb nvidia_a100_1g.5gb nvidia_a100_1g.5gb nvidia_a100_3g.20gb; do
		submit "$ty"
	done
done
njobs="$(wc -l <"$tmp/submitted")"
# With several nodes: the agent killed mid-run (then started again), later slurmctld restarted.
disrupt() {
	started="$(ls "$tmp/jobs" | grep -c '\.start$')"
	if [ -z "${killed:-}" ] && [ "$started" -ge $((njobs / 3)) ]; then
		killed="$(date +%s.%N)"
		kill -9 "$agent"
		wait "$agent" 2>/dev/null
		slurm_pids="$(echo "$slurm_pids" | sed "s/\b$agent\b//")"
		echo "agent killed (-9) after $started jobs started; journal: $(ls "$tmp/agent" | tr '\n' ' ')"
		agent
	elif [ -z "${restarted:-}" ] && [ "$started" -ge $((2 * njobs / 3)) ]; then
		restarted="$(date +%s.%N)"
		kill "$ctld"
		wait "$ctld" 2>/dev/null
		slurm_pids="$(echo "$slurm_pids" | sed "s/\b$ctld\b//")"
		slurm_bg slurmctld -D -i >>"$tmp/log/slurmctld.out" 2>&1
		ctld=$!
		echo "slurmctld restarted after $started jobs started"
	fi
}
t=0
while [ -n "$(squeue -h -o %i 2>/dev/null)" ] || ! squeue -h >/dev/null 2>&1; do
	t=$((t + 1))
	[ "$t" -lt 480 ] || fail "jobs still queued after 480 polls (240 s and more): $(squeue -h -o '%i %T %b %r' | tr '\n' ';') nodes: $(sinfo -h -N -o '%N %T %G %E' | tr '\n' ';') journal: $(ls "$tmp/agent" | tr '\n' ' ')"
	[ "$nodes" -eq 1 ] || disrupt
	sleep 0.5
done
t1="$(date +%s.%N)"

# Every job ran on a MIG device its node listed when it started and when it ended.
while read -r id ty sub; do
	[ -f "$tmp/jobs/$id.end" ] || fail "job $id ($ty) did not run to its end"
	read -r started node dev <"$tmp/jobs/$id.start"
	case "$dev" in MIG-*) ;; *) fail "job $id ($ty) on $node saw '$dev', not a MIG UUID" ;; esac
	want="$(echo "$ty" | sed 's/^nvidia_a100_//; s/7g\.39gb/7g.40gb/')"
	grep -q "$want .*(UUID: $dev)" "$tmp/jobs/$id.L0" || fail "job $id ($ty) saw $dev, which migctl -L on $node did not list as $want when it started"
	grep -q "(UUID: $dev)" "$tmp/jobs/$id.L1" || fail "job $id's instance $dev on $node was gone before it ended"
	echo "$id $ty $node $sub $started $(cat "$tmp/jobs/$id.end") $dev" >>"$tmp/ran"
done <"$tmp/submitted"
# No layout applied on a node while a job ran there (the agent's log, ms timestamps).
sed -n 's/^\([^ ]*\) migctl slurm agent: node \([^:]*\): new layout applied.*/\1 \2/p' "$tmp/log/agent" |
	while read -r stamp node; do
		at="$(date -d "$stamp" +%s.%N)"
		awk -v n="$node" -v at="$at" '$3 == n && $5 < at && at < $6 { print "job " $1 " ran on " n " from " $5 " to " $6 " when the agent applied a layout at " at; exit 1 }' \
			"$tmp/ran" || exit 1
	done || fail "a layout changed under a running job"
bad="$(sinfo -h -N -o '%N %T' | awk '$1 != "future" && $2 ~ /inval|down|fail/')"
[ -z "$bad" ] || fail "nodes ended invalid or down: $bad"
napplied="$(grep -c 'new layout applied' "$tmp/log/agent")"
[ "$napplied" -gt 0 ] || fail "the agent never repartitioned (the queue needs 7g.40gb, which no node had)"

# Timings (printed, not asserted).
awk -v t0="$t0" -v t1="$t1" -v n="$njobs" -v r="$napplied" -v nodes="$nodes" '
	$2 ~ /7g/ { w = $5 - $4; if (!first || $4 < fs) { fs = $4; first = w }; sum += w; k++; if (w > max) max = w }
	END {
		printf "first 7g job (no node had the type): submission to start %.2f s\n", first
		printf "all %d 7g jobs: submission to start %.2f s on average, %.2f s at most\n", k, sum / k, max
		printf "%d jobs on %d node(s) in %.1f s: %.1f jobs started per minute; %d repartitions\n", n, nodes, t1 - t0, n * 60 / (t1 - t0), r
	}' "$tmp/ran"
cpu() { awk '{ print $14 + $15 }' "/proc/$agent/stat"; }
c0="$(cpu)"
sleep 10
c1="$(cpu)"
echo "agent CPU while idle (0.5 s interval): $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) / 10 )) ms per second of wall time"
grep -c . "$tmp/log/agent" | sed 's/^/agent log lines: /'
# Every change finished, those the killed agent left in its journal too.
left="$(ls "$tmp/agent" | grep '\.json$')"
[ -z "$left" ] || fail "changes left in the agent's journal: $left"
echo "$name: ok"
