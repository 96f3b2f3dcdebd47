#!/bin/sh
# test_run_share.sh MIGCTL - `migctl run --share mps` on the emulated node
# (docs/sharing.md): runs racing for the client limit of a 1g.10gb device
# of an H100 (8 clients) get exactly 8 places; refusals change nothing;
# a client killed with -9, or the migctl that ran it, is handled like any
# other run's process.
set -u
migctl=$1
work=$(mktemp -d)
export MIGCTL_STATE_DIR="$work/node"
unset MIGCTL_BACKEND
state="$MIGCTL_STATE_DIR/state.json"
status=0
bg=""

pids() { sed -n 's/^ *"pid": \([0-9]*\),.*/\1/p' "$state"; }
clients() { grep -c '"mode": "mps"' "$state"; }
cleanup()
{
	for p in $bg; do kill -9 "$p" 2>/dev/null; done
	for p in $(pids); do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test_run_share: $*" >&2; status=1; }
# client N: a background MPS client sleeping 60 s, its stderr in $work/err.N
client() { "$migctl" run --share mps --device "$uuid" -- sleep 60 2>"$work/err.$1" & bg="$bg $!"; }

"$migctl" emulate create H100-SXM5-80GB >/dev/null &&
	"$migctl" -i 0 -mig 1 >/dev/null &&
	"$migctl" mig -cgi 19 -C >/dev/null || { echo "test_run_share: setup failed" >&2; exit 1; }
uuid=$("$migctl" -L | sed -n 's/.*(UUID: \(MIG-[^)]*\)).*/\1/p')
[ -n "$uuid" ] || { echo "test_run_share: no MIG device" >&2; exit 1; }

# 1. Twelve clients at once: eight get the device, four are refused at the limit.
i=0
while [ $i -lt 12 ]; do client $i; i=$((i + 1)); done
tries=0
while [ "$(cat "$work"/err.* | grep -c 'its limit')" -lt 4 ] && [ $tries -lt 200 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
sleep 0.5
refused=$(cat "$work"/err.* | grep -c "MIG device $uuid: MPS client: the device's MPS server has its 8 client(s), its limit")
[ "$refused" = 4 ] || fail "12 racing clients: $refused refused at the limit, expected 4: $(cat "$work"/err.*)"
[ "$(clients)" = 8 ] || fail "12 racing clients: $(clients) recorded, expected 8"

# 2. Refusals leave the node alone.
cp "$state" "$work/before"
"$migctl" run --share mps --device "$uuid" -- true 2>"$work/out" && fail "a ninth client was admitted"
grep -q "has its 8 client(s), its limit" "$work/out" || fail "ninth client: $(cat "$work/out")"
"$migctl" run --share timeslice --device "$uuid" -- true 2>"$work/out" && fail "a time-sliced process joined MPS clients"
grep -q "time-sliced process: the device runs an MPS server (8 client(s))" "$work/out" || fail "timeslice: $(cat "$work/out")"
"$migctl" run --device "$uuid" -- true 2>"$work/out" && fail "an exclusive run joined MPS clients"
grep -q "is in use (8 processes)" "$work/out" || fail "exclusive: $(cat "$work/out")"
cmp -s "$state" "$work/before" || fail "a refused run changed the node"

# 3. kill -9 of a client: its place is free again.
victim=$(pids | head -n 1)
kill -9 "$victim"
sleep 0.2
"$migctl" run --share mps --device "$uuid" -- true 2>"$work/out" || fail "after kill -9 of client $victim: $(cat "$work/out")"
[ "$(clients)" = 7 ] || fail "after kill -9 of a client: $(clients) recorded, expected 7"

# 4. kill -9 of migctl: its client runs on and keeps its place until it ends.
client 12
tries=0
while [ "$(clients)" != 8 ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
orphan=$(pids | tail -n 1)
parent=$(awk '{print $4}' "/proc/$orphan/stat")
kill -9 "$parent"
sleep 0.2
kill -0 "$orphan" 2>/dev/null || fail "the client of a killed migctl is gone"
"$migctl" run --share mps --device "$uuid" -- true 2>/dev/null && fail "the orphaned client's place was given away"
kill -9 "$orphan"
sleep 0.2
"$migctl" run --share mps --device "$uuid" -- true 2>"$work/out" || fail "after the orphan ended: $(cat "$work/out")"
exit $status
