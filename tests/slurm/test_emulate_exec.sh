#!/bin/sh
# migctl emulate exec: the private device view (docs/slurm.md).  Checks the
# files a program sees inside, the driver's minor table, the environment,
# and that the host's /dev and /proc/driver are untouched afterwards.
# Skips (77) where no private mount namespace can be made.
set -u
migctl="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

"$migctl" emulate create --dir "$tmp/node" A100-SXM4-40GB:2 >/dev/null || fail "emulate create"
before="$(ls -A /dev | grep '^nvidia' || true)"
if ! "$migctl" emulate exec --dir "$tmp/node" -- true 2>"$tmp/err"; then
	if grep -q "cannot make a private mount namespace\|cannot mount a tmpfs" "$tmp/err"; then
		echo "SKIP: no private mount namespace here: $(cat "$tmp/err")"
		exit 77
	fi
	fail "emulate exec true: $(cat "$tmp/err")"
fi
"$migctl" emulate exec --dir "$tmp/node" -- sh -c '
	for f in /dev/nvidia0 /dev/nvidia1 /dev/nvidiactl /dev/nvidia-caps/nvidia-cap1 \
		 /dev/nvidia-caps/nvidia-cap2 /dev/nvidia-caps/nvidia-cap3 \
		 /dev/nvidia-caps/nvidia-cap272; do
		[ -e "$f" ] || { echo "missing $f"; exit 1; }
	done
	[ -e /dev/nvidia2 ] && { echo "a third GPU file"; exit 1; }
	[ -e /dev/nvidia-caps/nvidia-cap273 ] && { echo "caps past GPU 1"; exit 1; }
	echo x >/dev/null || { echo "/dev/null lost"; exit 1; }
	[ -e /dev/pts/ptmx ] || { echo "/dev/pts lost"; exit 1; }
	grep -qx "gpu0/gi0/access 3" /proc/driver/nvidia-caps/mig-minors || exit 1
	grep -qx "gpu0/gi0/ci7/access 11" /proc/driver/nvidia-caps/mig-minors || exit 1
	grep -qx "gpu0/gi1/access 12" /proc/driver/nvidia-caps/mig-minors || exit 1
	grep -qx "gpu1/gi0/access 138" /proc/driver/nvidia-caps/mig-minors || exit 1
	grep -qx "gpu31/gi14/ci7/access 4322" /proc/driver/nvidia-caps/mig-minors || exit 1
	[ "$(wc -l </proc/driver/nvidia-caps/mig-minors)" = 4322 ] || { echo "table size"; exit 1; }
	[ -e "${LD_LIBRARY_PATH%%:*}/libnvidia-ml.so.1" ] || { echo "library not first"; exit 1; }
	[ -e "$MIGCTL_STATE_DIR/state.json" ] || { echo "MIGCTL_STATE_DIR=$MIGCTL_STATE_DIR"; exit 1; }
' || fail "inside the view"
after="$(ls -A /dev | grep '^nvidia' || true)"
[ "$before" = "$after" ] || fail "the host's /dev changed: '$before' -> '$after'"
[ -e /proc/driver/nvidia-caps/mig-minors ] && [ -z "$before" ] && fail "the host's /proc/driver changed"
# the command's exit status comes back; a missing command is 127
"$migctl" emulate exec --dir "$tmp/node" -- sh -c 'exit 7'
[ $? = 7 ] || fail "exit status not passed on"
"$migctl" emulate exec --dir "$tmp/node" -- /nonexistent/cmd 2>/dev/null
[ $? = 127 ] || fail "missing command not 127"
"$migctl" emulate exec --dir "$tmp/node" 2>"$tmp/err"
[ $? = 2 ] && grep -q "no command given" "$tmp/err" || fail "no command: $(cat "$tmp/err")"
echo "emulate exec: ok"
