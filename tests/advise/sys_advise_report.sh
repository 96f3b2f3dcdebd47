#!/bin/sh
# sys_advise_report MIGCTL SCHEMA_DIR: `migctl advise --report` on an
# nvidia-smi CSV log of two jobs, and the page opened in Debian's headless
# Chromium: the DOM must show both jobs' recommendations and both charts
# decoded (the page's load handler counts them), and a screenshot is taken.
# Skips (77) where chromium is not installed (Debian: apt-get install chromium).
set -u
MIGCTL=$1
SCHEMAS=$2
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "SKIP: no chromium (Debian: apt-get install chromium)"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# Job on GPU 0: 3 GB, 20 % busy (power and utilisation); GPU 1: 38 GB, busy.
{
	echo "timestamp, index, uuid, name, power.draw [W], power.limit [W], utilization.gpu [%], utilization.memory [%], memory.used [MiB], memory.total [MiB]"
	i=0
	while [ $i -lt 60 ]; do
		s=$(printf '%02d' $((i % 60)))
		echo "2024/01/15 10:00:$s.000, 0, GPU-00000000-0000-0000-0000-000000000000, NVIDIA A100-SXM4-40GB, $((43 + (i % 3) * 5 + 66)).00 W, 400.00 W, $((15 + i % 5)) %, 5 %, $((2000 + i * 16)) MiB, 40960 MiB"
		echo "2024/01/15 10:00:$s.000, 1, GPU-11111111-1111-1111-1111-111111111111, NVIDIA A100-SXM4-40GB, 350.00 W, 400.00 W, 97 %, 60 %, $((30000 + i * 140)) MiB, 40960 MiB"
		i=$((i + 1))
	done
} > "$TMP/gpus.csv"

"$MIGCTL" advise "$TMP/gpus.csv" --model A100-SXM4-40GB,H100-SXM5-80GB --report "$TMP/report" --json \
	> "$TMP/advice.json" || fail "migctl advise exited $?"
[ -f "$TMP/report/index.html" ] || fail "no report/index.html"
if python3 -c "import jsonschema" 2>/dev/null; then
	python3 - "$SCHEMAS/advise.schema.json" "$TMP/advice.json" <<'PY' || fail "JSON does not match advise.schema.json"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
fi

# A new profile directory each run; no network, no first-run or sync work.
run_chromium() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --disable-component-update --disable-sync --user-data-dir="$TMP/profile" \
		"$@" "file://$TMP/report/index.html" 2>"$TMP/chromium.err"
}
run_chromium --dump-dom > "$TMP/dom.html" || { cat "$TMP/chromium.err"; fail "chromium --dump-dom failed"; }
grep -q 'data-charts-loaded="2"' "$TMP/dom.html" || fail "the two charts did not decode in Chromium: $(grep -o 'data-charts-loaded="[0-9]*"' "$TMP/dom.html")"
grep -q '<b class="verdict">2g.10gb</b>' "$TMP/dom.html" || fail "the small job's 2g.10gb is not on the page"
grep -q '<b class="verdict">whole GPU</b>' "$TMP/dom.html" || fail "the big job's whole GPU is not on the page"
run_chromium --screenshot="$TMP/shot.png" --window-size=1000,1600 >/dev/null || fail "chromium --screenshot failed"
[ "$(head -c 4 "$TMP/shot.png" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "the screenshot is not a PNG"
if [ -n "${ADVISE_REPORT_KEEP:-}" ]; then
	cp "$TMP/shot.png" "$ADVISE_REPORT_KEEP/report-screenshot.png"
	cp -r "$TMP/report" "$ADVISE_REPORT_KEEP/"
fi
echo "ok: report rendered, 2 charts decoded, screenshot $(wc -c < "$TMP/shot.png") bytes"
