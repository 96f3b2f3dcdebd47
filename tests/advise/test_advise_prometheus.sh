#!/bin/sh
# advise_prometheus MIGCTL PYTHON3: `migctl advise --prometheus` against a
# stand-in for Prometheus' HTTP API on loopback (fake_prometheus.py, started
# here and stopped by its PID): the queries it sends, the profile it
# recommends for the known load, and its refusals.
set -u
MIGCTL=$1
PYTHON=$2
HERE=$(dirname "$0")
TMP=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

"$PYTHON" "$HERE/fake_prometheus.py" "$TMP/port" "$TMP/queries" &
PID=$!
i=0
while [ ! -s "$TMP/port" ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "the stand-in server did not start"
	sleep 0.1
done
URL="http://127.0.0.1:$(cat "$TMP/port")"

"$MIGCTL" advise --prometheus "$URL" --job 7 --start 1700000000 --end 1700000600 --step 15 \
	--model H100-SXM5-80GB,A100-SXM4-80GB --json > "$TMP/out.json" || fail "advise exited $?"
"$PYTHON" - "$TMP/out.json" <<'PY' || fail "unexpected advice: $(cat "$TMP/out.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
job, = doc["jobs"]
assert job["id"] == "7" and job["source_model"] == "H100-SXM5-80GB", job
assert job["samples"] == 41 and job["peak_memory_mib"] == 3000, job
assert job["compute"]["basis"] == "sm_active" and abs(job["compute"]["p95"] - 0.2) < 1e-9
# 20 % of 132 SMs is 26.4: 1g.20gb has 26, 2g.20gb 32; on an A100 (98 SMs), 2g.20gb has 28
rec = {r["model"]: r["profile"] for r in job["recommendations"]}
assert rec == {"H100-SXM5-80GB": "2g.20gb", "A100-SXM4-80GB": "2g.20gb"}, rec
assert job["confidence"] == "high", job
PY
grep -q 'query=DCGM_FI_PROF_SM_ACTIVE%7Bhpc_job%3D%227%22%7D&start=1700000000.000&end=1700000600.000&step=15.000' \
	"$TMP/queries" || fail "no SM activity query as expected: $(head -3 "$TMP/queries")"

# A job Prometheus has nothing for, a URL that is not http, a job id with a quote.
"$MIGCTL" advise --prometheus "$URL" --job 8 --start 1700000000 --end 1700000600 2> "$TMP/err" \
	&& fail "advise on an unknown job succeeded"
grep -q 'no series for hpc_job="8"' "$TMP/err" || fail "unclear message: $(cat "$TMP/err")"
"$MIGCTL" advise --prometheus "ftp://127.0.0.1/" --job 7 2> "$TMP/err" && fail "ftp:// accepted"
grep -q 'an http:// or https:// URL' "$TMP/err" || fail "unclear message: $(cat "$TMP/err")"
"$MIGCTL" advise --prometheus "$URL" --job '7"}or{x="' 2> "$TMP/err" && fail "a quote in --job accepted"
grep -q 'no quote' "$TMP/err" || fail "unclear message: $(cat "$TMP/err")"
"$MIGCTL" advise --prometheus "$URL" --job 7 --start 1700000600 --end 1700000000 2> "$TMP/err" \
	&& fail "an empty range accepted"
grep -q 'start before end' "$TMP/err" || fail "unclear message: $(cat "$TMP/err")"
echo "ok: advise --prometheus"
