#!/bin/sh
# sys_prometheus: a real Prometheus (Debian's package) scrapes `migctl
# exporter` on an emulated node running two jobs with known loads; the series
# Prometheus stored must be what the loads imply (docs/exporter.md,
# docs/load.md).
#
#   sys_prometheus.sh MIGCTL
#
# Every daemon is started here on loopback and stopped by its own PID.
# Exit 77 (skip) when the machine has no prometheus or python3.
set -eu
MIGCTL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROMETHEUS=$(command -v prometheus || true)
[ -n "$PROMETHEUS" ] || { echo "sys_prometheus: SKIP: no prometheus binary (Debian package 'prometheus'; scripts/deps.sh installs it)"; exit 77; }
command -v python3 >/dev/null || { echo "sys_prometheus: SKIP: no python3"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/sys_prometheus.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() {
	echo "sys_prometheus: FAIL: $*" >&2
	for f in exporter.log prom.log; do [ -f "$T/$f" ] && { echo "--- $f" >&2; tail -20 "$T/$f" >&2; }; done
	exit 1
}

export MIGCTL_STATE_DIR="$T/node"
"$MIGCTL" emulate create A100-SXM4-40GB >/dev/null
"$MIGCTL" -i 0 -mig 1 >/dev/null
"$MIGCTL" mig -cgi 3g.20gb,1g.5gb -C >/dev/null

# Job 101 trains on a 3g.20gb; job 102 serves from a 1g.5gb.
printf 'migctl-load 1\nphase 1h sm=75%% mem=12GiB\n' > "$T/train.load"
printf 'migctl-load 1\nphase 1h sm=20%% mem=2GiB\n' > "$T/serve.load"
SLURM_JOB_ID=101 "$MIGCTL" run --profile 3g.20gb --load "$T/train.load" -- sleep 600 &
PIDS="$PIDS $!"
SLURM_JOB_ID=102 "$MIGCTL" run --profile 1g.5gb --load "$T/serve.load" -- sleep 600 &
PIDS="$PIDS $!"

"$MIGCTL" exporter --listen 127.0.0.1:0 --interval 0.5 2> "$T/exporter.log" &
PIDS="$PIDS $!"
i=0
until EPORT=$(sed -n 's/.*on port \([0-9][0-9]*\).*/\1/p' "$T/exporter.log") && [ -n "$EPORT" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "the exporter did not start: $(cat "$T/exporter.log")"
	sleep 0.1
done

# A free port for Prometheus (bound and released: a small race, retried below).
PPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$T/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: migctl
    static_configs:
      - targets: ['127.0.0.1:$EPORT']
YML
"$PROMETHEUS" --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PPORT" > "$T/prom.log" 2>&1 &
PIDS="$PIDS $!"

# Wait for two scrapes of both jobs, then check the stored series.
python3 - "$PPORT" <<'PY' || fail "the series do not match the loads"
import json, sys, time, urllib.parse, urllib.request

base = "http://127.0.0.1:%s/api/v1/query?query=" % sys.argv[1]

def query(q):
    with urllib.request.urlopen(base + urllib.parse.quote(q), timeout=5) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return body["data"]["result"]

def value(q):
    res = query(q)
    assert len(res) == 1, "%s: %d series: %s" % (q, len(res), res)
    return float(res[0]["value"][1])

deadline = time.time() + 60
while True:
    try:
        if query('count_over_time(DCGM_FI_PROF_SM_ACTIVE{hpc_job=~"101|102"}[1m]) >= 2'):
            if len(query('DCGM_FI_PROF_SM_ACTIVE{hpc_job=~"101|102"}')) == 2:
                break
    except OSError:
        pass
    if time.time() > deadline:
        try:
            seen = query('DCGM_FI_PROF_SM_ACTIVE') + query('up')
        except OSError as e:
            seen = e
        sys.exit("no series of jobs 101 and 102 within 60 s; Prometheus has: %s" % seen)
    time.sleep(0.5)

checks = []
def check(name, got, ok):
    checks.append((name, got, ok))

check("up", value('up{job="migctl"}'), lambda v: v == 1)
check("SM active of job 101 (3g.20gb, 75 %)",
      value('DCGM_FI_PROF_SM_ACTIVE{hpc_job="101",GPU_I_PROFILE="3g.20gb"}'), lambda v: v == 0.75)
check("SM active of job 102 (1g.5gb, 20 %)",
      value('DCGM_FI_PROF_SM_ACTIVE{hpc_job="102",GPU_I_PROFILE="1g.5gb"}'), lambda v: v == 0.2)
# 12 GiB held plus the driver's reservations for the GI (docs/libmig.md)
check("FB used of job 101",
      value('DCGM_FI_DEV_FB_USED{hpc_job="101"}'), lambda v: 12288 <= v <= 12288 + 200)
check("FB used of job 102",
      value('DCGM_FI_DEV_FB_USED{hpc_job="102"}'), lambda v: 2048 <= v <= 2048 + 100)
check("FB free + used of job 101 = 3g.20gb's memory",
      value('DCGM_FI_DEV_FB_USED{hpc_job="101"} + DCGM_FI_DEV_FB_FREE{hpc_job="101"}'),
      lambda v: 19000 < v < 21000)
# The board's power follows its SM activity: 42 of 98 SMs at 75 %, 14 at 20 %;
# the A100 SXM4 40GB idles at 43 W and draws 300 W with every SM busy.
busy = (0.75 * 42 + 0.20 * 14) / 98
check("GPU SM active", value('DCGM_FI_PROF_SM_ACTIVE{gpu="0",GPU_I_ID=""}'),
      lambda v: abs(v - busy) < 1e-5)
check("GPU power", value('DCGM_FI_DEV_POWER_USAGE{gpu="0"}'),
      lambda v: abs(v - (43 + (300 - 43) * busy)) < 0.01)
check("no GPU utilisation with MIG on", len(query('DCGM_FI_DEV_GPU_UTIL')), lambda v: v == 0)
check("instance-seconds of job 101 grow",
      value('increase(migctl_instance_seconds_total{hpc_job="101",GPU_I_PROFILE="3g.20gb"}[1m])'),
      lambda v: v > 0)
bad = 0
for name, got, ok in checks:
    good = ok(got)
    bad += not good
    print("sys_prometheus: %s: %s: %s" % ("ok" if good else "WRONG", name, got))
sys.exit(1 if bad else 0)
PY
# Read back: migctl advise, from the series Prometheus stored, recommends what
# the loads imply (job 101: 12 GiB at 75 % of a 3g.20gb -> 3g.20gb; job 102:
# 2 GiB at 20 % of a 1g.5gb -> 1g.5gb).
advise() {
	"$MIGCTL" advise --prometheus "http://127.0.0.1:$PPORT" --job "$1" --step 1 \
		--start $(($(date +%s) - 120)) --model A100-SXM4-40GB --json > "$T/advise-$1.json" ||
		fail "migctl advise --prometheus --job $1 failed"
	got=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))["jobs"]; r=j[0]["recommendations"][0]; print(len(j), r["verdict"], r["profile"])' "$T/advise-$1.json") ||
		fail "advise --json for job $1 is not what the schema says: $(cat "$T/advise-$1.json")"
	[ "$got" = "1 mig $2" ] || fail "advise for job $1: got '$got', want '1 mig $2'"
	echo "sys_prometheus: ok: advise --prometheus job $1: $2"
}
advise 101 3g.20gb
advise 102 1g.5gb
echo "sys_prometheus: PASS"
