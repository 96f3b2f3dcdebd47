#!/bin/sh
# migctl sim --plot: one run of several policies draws the three charts
# (JCT CDF, allocation and queue length over time) as PNG and as SVG, with
# a line per policy; a path it cannot write is refused with its reason; the
# calibration's --ties without --calibrate is refused.
set -eu
migctl=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$migctl" sim --synth 200 --seed 5 --gpus 3 --model A100-SXM4-40GB -p whole,dynamic,mps \
	--plot "$dir/sim.png" >/dev/null
[ "$(head -c 8 "$dir/sim.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "sim.png is not a PNG"
# a PNG's IHDR: width and height as drawn (900 x 1200)
[ "$(od -An -j16 -N8 -tu1 "$dir/sim.png" | tr -s ' ' | sed 's/^ //')" = "0 0 3 132 0 0 4 176" ] ||
	fail "sim.png is not 900x1200"

"$migctl" sim --synth 200 --seed 5 --gpus 3 --model A100-SXM4-40GB -p whole,dynamic,mps \
	--plot "$dir/sim.svg" >/dev/null
grep -q '<svg' "$dir/sim.svg" || fail "sim.svg is not an SVG"

if "$migctl" sim --synth 20 --seed 5 --gpus 1 --model A100-SXM4-40GB -p whole \
	--plot "$dir/no/such/dir/sim.png" >/dev/null 2>"$dir/err"; then
	fail "an unwritable --plot path was accepted"
fi
grep -q -- '--plot' "$dir/err" || fail "the refusal does not name --plot: $(cat "$dir/err")"
# the calibration's options alone are refused, not ignored
if "$migctl" sim --synth 20 --seed 5 --gpus 1 -p whole --ties random >/dev/null 2>"$dir/err"; then
	fail "--ties without --calibrate was accepted"
fi
grep -q -- '--ties: allowed only with --calibrate' "$dir/err" || fail "the refusal: $(cat "$dir/err")"
echo "ok: sim --plot draws PNG and SVG and refuses an unwritable path; --ties needs --calibrate"
