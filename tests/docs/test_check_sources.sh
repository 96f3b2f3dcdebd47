#!/bin/sh
# test_check_sources.sh CHECKER - scripts/check-sources.sh passes a tree whose
# citations all name anchors of docs/sources.md and fails, naming the file
# and line, on a dangling anchor, an old bare "§n", a "spec §n" and a
# reference to the evidence notes' file names.
set -u
checker="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/docs" "$tmp/src"
printf '# Sources\n<a id="smi-8.1"></a>\n## smi-8.1 Messages\n<a id="geometry-1.8b"></a>\n' >"$tmp/docs/sources.md"
printf '/* §smi-8.1: the Unable line (§geometry-1.8b). */\n' >"$tmp/src/good.c"
printf '"order of docs/sources.md#geometry-1.8b"\n' >"$tmp/src/good.h"
sh "$checker" "$tmp" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "a clean tree fails"; }
grep -q '3 citations' "$tmp/out" || fail "citations not counted: $(cat "$tmp/out")"

expect_fail() { # file text what
	printf '%s\n' "$2" >"$tmp/src/$1"
	if sh "$checker" "$tmp" >"$tmp/out" 2>&1; then fail "$3 passes"; fi
	grep -q "src/$1:1:" "$tmp/out" || fail "$3: no location in: $(cat "$tmp/out")"
	rm "$tmp/src/$1"
}
expect_fail dangling.c '/* §smi-9.9: no such section */' "a dangling anchor"
expect_fail link.md 'see [this](sources.md#smi-9.9)' "a dangling link"
expect_fail bare.c '/* §8.2: the old form */' "a bare section number"
expect_fail spec.c '/* (spec §1.5) */' "a spec citation"
expect_fail notes.c '/* nvidia-smi-output.md Appendix A */' "a notes file name"
echo "check-sources: every case as expected"
