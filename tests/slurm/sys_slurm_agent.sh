#!/bin/sh
# sys_slurm_agent: `migctl slurm agent` serving a mixed queue on a real
# Slurm 22.05 (docs/slurm.md, "The agent").
#
# munged, slurmctld and a dynamic slurmd (slurmd -Z) on 127.0.0.1 in
# `migctl emulate exec` over an emulated A100-SXM4-40GB, Debian's gpu/nvml
# plugin (scripts/fetch-slurm-nvml.sh), a State=FUTURE catalog node
# declaring every A100 type (`slurm conf --future`), and the agent.  One
# dynamic node only: Slurm 22.05 gives every `slurmd -Z` node the global
# SlurmdPort (`--conf` refuses Port=, and a Port= given by `scontrol
# create` is replaced when slurmd -Z registers), so a second one on the
# same host cannot be reached (docs/slurm.md).  The node starts as seven
# 1g.5gb; the queue asks for 7g (which it does not have), 3g and 1g types
# in turn, so that almost every job needs a repartition.  Checks:
#   - every job ran, and saw in CUDA_VISIBLE_DEVICES a MIG UUID that
#     `migctl -L` listed on its node when it started and still when it ended;
#   - the agent applied no layout on a node while a job ran there;
#   - the 7g jobs (a type no node had at submission) queued and ran;
#   - no node ended INVALID or DOWN.
# Prints (not asserted): submission to start when a repartition is
# needed, jobs started per minute, the agent's CPU time while idle.
# Daemons are started here and stopped by their PIDs; all files live in a
# temporary directory.  Skips (77) without root, the packages, the plugin
# or a mount namespace.
set -u
if [ -n "${SYS_SLURM_SKIP:-}" ]; then
	echo "sys_slurm_agent: SKIP: $SYS_SLURM_SKIP"
	exit 77
fi
migctl="$1"
src="$2"
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (munged, slurmctld and slurmd run as root here)"
for b in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol; do
	command -v "$b" >/dev/null 2>&1 ||
		skip "$b is not installed (Debian packages slurmctld slurmd slurm-client munge; scripts/deps.sh)"
done
plugin="$(sh "$src/scripts/fetch-slurm-nvml.sh")" || skip "no gpu/nvml plugin (scripts/fetch-slurm-nvml.sh failed)"

tmp="$(mktemp -d)"
pids=""
stop() {
	for f in "$tmp"/slurmd-*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	pids=""
}
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() {
	echo "FAIL: $*" >&2
	for f in "$tmp"/log/*; do echo "--- $f" >&2; tail -n 25 "$f" >&2; done
	exit 1
}
mkdir -p "$tmp/log" "$tmp/spool" "$tmp/munge" "$tmp/jobs" && chmod 711 "$tmp/munge" && chmod 777 "$tmp/jobs"
"$migctl" emulate create --dir "$tmp/probe" A30-24GB >/dev/null || fail "emulate create"
"$migctl" emulate exec --dir "$tmp/probe" -- true 2>/dev/null || skip "no private mount namespace (migctl emulate exec)"

mungekey -c -k "$tmp/munge/key" || fail "mungekey"
munged -F -f --socket="$tmp/munge/sock" --key-file="$tmp/munge/key" --log-file="$tmp/log/munged" \
	--pid-file="$tmp/munge/pid" --seed-file="$tmp/munge/seed" >/dev/null 2>&1 &
pids="$pids $!"

# The node: GI profile 19 is 1g.5gb (A100-SXM4-40GB).
base=$((20000 + $$ % 20000))
i=0
for layout in 19,19,19,19,19,19,19; do
	i=$((i + 1))
	MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" emulate create --dir "$tmp/a$i" A100-SXM4-40GB >/dev/null &&
		MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" -mig 1 >/dev/null &&
		MIGCTL_STATE_DIR="$tmp/a$i" "$migctl" mig -cgi "$layout" -C >/dev/null || fail "node a$i"
done
future="$("$migctl" slurm conf --dir "$tmp/a1" --node a1 --future future | sed -n 's/^NodeName=future //p')"
[ -n "$future" ] || fail "slurm conf --future printed no catalog node"

cat >"$tmp/slurm.conf" <<CONF
ClusterName=sysagent
SlurmctldHost=localhost
SlurmctldPort=$base
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/sock
PluginDir=/usr/lib/x86_64-linux-gnu/slurm-wlm:$plugin
GresTypes=gpu
StateSaveLocation=$tmp/spool
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd-%n.pid
SlurmctldLogFile=$tmp/log/slurmctld
SlurmdLogFile=$tmp/log/slurmd-%n
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SchedulerParameters=sched_interval=1
MpiDefault=none
ReturnToService=2
SlurmdPort=$((base + 8))
MaxNodeCount=16
NodeName=future NodeHostname=localhost Port=$((base + 9)) CPUs=1 $future
PartitionName=p Nodes=ALL Default=YES MaxTime=5
CONF
echo "AutoDetect=nvml" >"$tmp/gres.conf"
export SLURM_CONF="$tmp/slurm.conf"

# How the agent (and this test, the first time) starts the node's slurmd:
# a dynamic node in the node's private device view (NODE DIR GRES).
cat >"$tmp/start-slurmd" <<EOF
#!/bin/sh
exec "$migctl" emulate exec --dir "\$2" -- env ${NVML_PRELOAD:+LD_PRELOAD="$NVML_PRELOAD"} \\
	slurmd -D -Z -N "\$1" --conf "CPUs=1 Gres=\$3" >>"$tmp/log/slurmd-\$1.out" 2>&1
EOF
chmod 755 "$tmp/start-slurmd"

slurmctld -D -i >"$tmp/log/slurmctld.out" 2>&1 &
pids="$pids $!"
sleep 2
for i in 1; do
	"$tmp/start-slurmd" "a$i" "$tmp/a$i" "$("$migctl" slurm conf --dir "$tmp/a$i" --gres)" &
done
t=0
until [ "$(sinfo -h -N -o '%N %T' 2>/dev/null | awk '$1 ~ /^a/ && $2 == "idle"' | wc -l)" -eq 1 ]; do
	t=$((t + 1))
	[ "$t" -lt 300 ] || fail "the dynamic node did not register idle: $(sinfo -h -N -o '%N %T')"
	sleep 0.2
done
echo "dynamic node idle: $(sinfo -h -N -o '%N:%G' | tr '\n' ' ')"

{
	echo "slurm 22.05"
	echo "allow 1g.5gb,2g.10gb,3g.20gb,4g.20gb,7g.40gb"
	echo "node a1 $tmp/a1"
	echo "start $tmp/start-slurmd {node} {dir} {gres}"
	echo "pidfile $tmp/slurmd-{node}.pid"
} >"$tmp/agent.conf"
"$migctl" slurm agent --config "$tmp/agent.conf" --dry-run --state-dir "$tmp/agent" 2>"$tmp/dry" ||
	fail "agent --dry-run: $(cat "$tmp/dry")"
"$migctl" slurm agent --config "$tmp/agent.conf" --state-dir "$tmp/agent" --interval 0.5 \
	--log "$tmp/log/agent" &
agent=$!
pids="$pids $agent"

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
for ty in nvidia_a100_7g.39gb nvidia_a100_3g.20gb nvidia_a100_1g.5gb nvidia_a100_7g.39gb \
	nvidia_a100_3g.20gb nvidia_a100_1g.5gb nvidia_a100_1g.5gb nvidia_a100_3g.20gb; do
	submit "$ty"
done
njobs="$(wc -l <"$tmp/submitted")"
t=0
while [ -n "$(squeue -h -o %i 2>/dev/null)" ] || ! squeue -h >/dev/null 2>&1; do
	t=$((t + 1))
	[ "$t" -lt 240 ] || fail "jobs still queued after 120 s: $(squeue -h -o '%i %T %b %r')"
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
awk -v t0="$t0" -v t1="$t1" -v n="$njobs" -v r="$napplied" '
	$2 ~ /7g/ { w = $5 - $4; if (!first || $4 < fs) { fs = $4; first = w } }
	END {
		printf "first 7g job (no node had the type): submission to start %.2f s\n", first
		printf "%d jobs on 1 node in %.1f s: %.1f jobs started per minute; %d repartitions\n", n, t1 - t0, n * 60 / (t1 - t0), r
	}' "$tmp/ran"
cpu() { awk '{ print $14 + $15 }' "/proc/$agent/stat"; }
c0="$(cpu)"
sleep 10
c1="$(cpu)"
echo "agent CPU while idle (0.5 s interval): $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) / 10 )) ms per second of wall time"
grep -c . "$tmp/log/agent" | sed 's/^/agent log lines: /'
echo "sys_slurm_agent: ok"
