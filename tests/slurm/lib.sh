# tests/slurm/lib.sh - what the sys_slurm* tests share (sourced, POSIX sh):
# the checks that decide a skip, a temporary directory that holds every
# file, munged with its own key and socket, the common part of slurm.conf,
# and daemons started here and stopped by their own PIDs.
#
#   slurm_init NAME MIGCTL SRC [PROGRAM...]   skip (77) unless root and the
#                           programs, the gpu/nvml plugin and `emulate exec`
#                           are there; sets $tmp, $plugin, $migctl, $src;
#                           the EXIT trap stops the daemons and removes $tmp
#   slurm_bg CMD...         start CMD in the background, remember its PID
#   slurm_munged            munged on $tmp/munge/sock
#   slurm_conf CLUSTER CTL PORT   print slurm.conf's common lines
#                           (SlurmctldHost=CTL, SlurmctldPort=PORT)
#   slurm_fail MESSAGE      the message and every log's tail; exit 1
# The caller sets SLURM_CONF and starts slurmctld and the slurmds.
#
# Every test runs in a network namespace of its own, so that its ports
# (chosen from its PID) cannot meet another test's: ctest -j2 may start
# sys_slurm and sys_slurm_agent at once, and runs a few PIDs apart held
# each other's ports, so that their nodes never registered (docs/slurm.md).
# Several dynamic slurmd
# on one host (docs/slurm.md): Slurm 22.05 gives every `slurmd -Z` the
# cluster's one SlurmdPort, so each gets a namespace of its own inside that:
#   slurm_netns NAME SCRIPT MIGCTL SRC ARG...  run SCRIPT again inside a
#                           private network and mount namespace (nothing on
#                           the host changes), after fetching the gpu/nvml
#                           plugin (no network there); skip (77) without them
#   slurm_bridge            (inside) lo up, and bridge slurm0 with
#                           10.88.0.1/24: with lo alone, slurmctld's
#                           getaddrinfo fails for localhost too ("Name or
#                           service not known"; AI_ADDRCONFIG, we think)
#   slurm_netns_node NODE ADDR   a network namespace bound to
#                           $tmp/ns/NODE, joined to the bridge by a veth
#                           pair, with ADDR/24 (`nsenter --net=$tmp/ns/NODE`)

slurm_skip() {
	echo "$slurm_name: SKIP: $*"
	exit 77
}

slurm_fail() {
	echo "$slurm_name: FAIL: $*" >&2
	for f in "$tmp"/log/*; do
		[ -f "$f" ] || continue
		echo "--- $f" >&2
		tail -n "${SLURM_LOG_LINES:-20}" "$f" >&2
	done
	exit 1
}

# Is PID a live process named slurmd (a PidFile may outlive its slurmd)?
slurm_is_slurmd() {
	[ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = slurmd ]
}

# Stop what this test started: slurmds by their PidFiles (the agent starts
# some), then the daemons started with slurm_bg, newest first.
slurm_stop() {
	for f in "$tmp"/slurmd-*.pid; do
		[ -f "$f" ] || continue
		p="$(cat "$f")"
		slurm_is_slurmd "$p" && kill "$p" 2>/dev/null
	done
	for p in $slurm_pids; do kill "$p" 2>/dev/null; done
	for p in $slurm_pids; do wait "$p" 2>/dev/null; done
	slurm_pids=""
}

# $tmp goes, unless SLURM_KEEP is set (to read a failure's files).
slurm_clean() {
	if [ -n "${SLURM_KEEP:-}" ]; then
		echo "$slurm_name: files kept in $tmp"
	else
		rm -rf "$tmp"
	fi
}

slurm_bg() {
	"$@" &
	slurm_pids="$! $slurm_pids"
}

slurm_init() {
	slurm_name="$1"
	migctl="$2"
	src="$3"
	shift 3
	slurm_pids=""
	if [ -n "${SYS_SLURM_SKIP:-}" ]; then
		slurm_skip "$SYS_SLURM_SKIP"
	fi
	[ "$(id -u)" = 0 ] || slurm_skip "needs root (munged, slurmctld and slurmd run as root here)"
	for b in munged mungekey slurmctld slurmd sinfo scontrol "$@"; do
		command -v "$b" >/dev/null 2>&1 ||
			slurm_skip "$b is not installed (Debian packages slurmctld slurmd slurm-client munge; scripts/deps.sh)"
	done
	plugin="$(sh "$src/scripts/fetch-slurm-nvml.sh")" ||
		slurm_skip "no gpu/nvml plugin (scripts/fetch-slurm-nvml.sh failed)"
	tmp="$(mktemp -d)"
	trap 'slurm_stop; slurm_netns_unbind; slurm_clean' EXIT
	trap 'exit 1' INT TERM
	mkdir -p "$tmp/log" "$tmp/spool" "$tmp/munge" && chmod 711 "$tmp/munge" || slurm_fail "mkdir $tmp"
	"$migctl" emulate create --dir "$tmp/probe" A30-24GB >/dev/null || slurm_fail "emulate create"
	"$migctl" emulate exec --dir "$tmp/probe" -- true 2>/dev/null ||
		slurm_skip "no private mount namespace (migctl emulate exec)"
}

slurm_munged() {
	mungekey -c -k "$tmp/munge/key" || slurm_fail "mungekey"
	slurm_bg munged -F -f --socket="$tmp/munge/sock" --key-file="$tmp/munge/key" \
		--log-file="$tmp/log/munged" --pid-file="$tmp/munge/pid" --seed-file="$tmp/munge/seed" \
		>/dev/null 2>&1
}

slurm_conf() {
	cat <<CONF
ClusterName=$1
SlurmctldHost=$2
SlurmctldPort=$3
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
MpiDefault=none
ReturnToService=2
CONF
}

slurm_netns() {
	[ -z "${SLURM_NETNS:-}" ] || return 0
	slurm_name="$1"
	shift
	[ -z "${SYS_SLURM_SKIP:-}" ] || slurm_skip "$SYS_SLURM_SKIP"
	[ "$(id -u)" = 0 ] || slurm_skip "needs root (the test runs in a network namespace of its own)"
	for b in unshare nsenter ip; do
		command -v "$b" >/dev/null 2>&1 ||
			slurm_skip "$b is not installed (Debian packages util-linux, iproute2; scripts/deps.sh)"
	done
	unshare --net --mount true 2>/dev/null ||
		slurm_skip "cannot make a network and mount namespace (unshare --net --mount)"
	sh "$3/scripts/fetch-slurm-nvml.sh" >/dev/null 2>&1 || true  # slurm_init says why it is missing
	SLURM_NETNS=1 exec unshare --net --mount --propagation private sh "$@"
}

slurm_bridge() {
	{ ip link set lo up && ip link add slurm0 type bridge && ip addr add 10.88.0.1/24 dev slurm0 &&
		ip link set slurm0 up; } 2>"$tmp/log/ip" || slurm_skip "no bridge in the namespace: $(cat "$tmp/log/ip")"
}

slurm_netns_node() {
	mkdir -p "$tmp/ns" && : >"$tmp/ns/$1" && unshare --net="$tmp/ns/$1" true &&
		ip link add "v$1" type veth peer name "e$1" && ip link set "e$1" netns "$tmp/ns/$1" &&
		ip link set "v$1" master slurm0 up &&
		nsenter --net="$tmp/ns/$1" ip link set lo up &&
		nsenter --net="$tmp/ns/$1" ip addr add "$2/24" dev "e$1" &&
		nsenter --net="$tmp/ns/$1" ip link set "e$1" up || slurm_fail "network namespace of $1"
}

# The namespaces' bind mounts, so that $tmp can be removed.
slurm_netns_unbind() {
	for f in "$tmp"/ns/*; do
		[ -f "$f" ] && umount "$f" 2>/dev/null
	done
}
