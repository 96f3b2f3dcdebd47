#!/bin/sh
# check-sources.sh [ROOT] - every evidence citation in the tree names a
# section of docs/sources.md (ctest docs_sources).
#
# A citation is the section sign directly followed by an anchor, e.g.
# "§geometry-1.5", or a link "sources.md#geometry-1.5" (in Markdown and in
# program output, which stays ASCII); docs/sources.md declares each anchor as
# <a id="...">.
# Fails, naming file and line, on
#   - a citation whose anchor docs/sources.md lacks (the old bare "§8.2" too),
#   - a "spec §n" citation or a reference to the evidence notes' file names
#     (mig-geometry.md, nvidia-smi-output.md, ...), which the repository does
#     not contain.
# Scans the source folders only (never build trees).  Exit 0 clean, 1 findings,
# 2 usage.
set -eu
root="${1:-$(dirname "$0")/..}"
cd "$root" || exit 2
[ -f docs/sources.md ] || { echo "check-sources: no docs/sources.md under $root" >&2; exit 2; }

dirs=""
for d in src include tests docs scripts bench examples completion debian cmake README.md CMakeLists.txt; do
	[ -e "$d" ] && dirs="$dirs $d"
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

sed -n 's/.*<a id="\([^"]*\)"><\/a>.*/\1/p' docs/sources.md | LC_ALL=C sort -u >"$tmp/anchors"
[ -s "$tmp/anchors" ] || { echo "check-sources: docs/sources.md declares no anchor" >&2; exit 1; }

# file:line:anchor for every citation (trailing dots and dashes are prose).
# shellcheck disable=SC2086
LC_ALL=C grep -rIno '§[A-Za-z0-9][A-Za-z0-9.-]*' $dirs 2>/dev/null |
	grep -v -e '^scripts/check-sources\.sh:' -e '^tests/docs/test_check_sources\.sh:' |
	sed 's/§//; s/[.-]*$//' >"$tmp/cites" || true
# shellcheck disable=SC2086
LC_ALL=C grep -rIno 'sources\.md#[A-Za-z0-9][A-Za-z0-9.-]*' $dirs 2>/dev/null |
	grep -v -e '^scripts/check-sources\.sh:' -e '^tests/docs/test_check_sources\.sh:' |
	sed 's/sources\.md#//; s/[.-]*$//' >>"$tmp/cites" || true

bad=0
LC_ALL=C awk -F: 'NR == FNR { a[$0] = 1; next }
	!($3 in a) { print $1 ":" $2 ": §" $3 ": no such anchor in docs/sources.md"; bad = 1 }
	END { exit bad }' "$tmp/anchors" "$tmp/cites" || bad=1

# shellcheck disable=SC2086
if LC_ALL=C grep -rInE 'spec(/[a-z-]+\.md)? ?§|(mig-geometry|nvidia-smi-output|nvml-api|nvml-types|mig-parted-config|nvidia-smi-on-nvml)\.md' \
	$dirs 2>/dev/null | grep -v -e '^scripts/check-sources\.sh:' -e '^tests/docs/test_check_sources\.sh:'; then
	echo "check-sources: cite docs/sources.md (§topic-section), not the evidence notes"
	bad=1
fi

n="$(wc -l <"$tmp/cites")"
[ "$bad" = 0 ] && echo "check-sources: $n citations, all anchors in docs/sources.md"
exit "$bad"
