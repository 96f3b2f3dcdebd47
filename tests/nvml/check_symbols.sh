#!/bin/sh
# check_symbols.sh LIBRARY TSV [SPEC_TSV]
#
# The dynamic symbols libnvidia-ml.so.1 defines are exactly the tsv's
# names: plain unversioned functions like the real library's, nothing of
# libmig, libc or the toolchain.  With SPEC_TSV (the spec's copy, when the
# checkout has ../shared), the repository's tsv must also equal it.
set -eu
lib=$1
tsv=$2
spec=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
nm -D --defined-only "$lib" >"$tmp/nm"
awk '{ print $NF }' "$tmp/nm" | LC_ALL=C sort >"$tmp/have"
awk -F '\t' 'NR > 1 { print $1 }' "$tsv" | LC_ALL=C sort >"$tmp/want"

if ! cmp -s "$tmp/have" "$tmp/want"; then
	echo "exported symbols differ from $tsv (< exported only, > missing):"
	diff "$tmp/have" "$tmp/want" || true
	fail=1
fi
# Functions (T), no version tags (name@VER), nothing weak or data.
if awk '$2 != "T" || $NF ~ /@/' "$tmp/nm" | grep -q .; then
	echo "symbols that are not plain text symbols:"
	awk '$2 != "T" || $NF ~ /@/' "$tmp/nm"
	fail=1
fi
if readelf --version-info "$lib" 2>/dev/null | grep -q "Version definition"; then
	echo "the library defines symbol versions; the real one has none"
	fail=1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" != "libnvidia-ml.so.1" ]; then
	echo "SONAME is '$soname', not libnvidia-ml.so.1"
	fail=1
fi
if [ -n "$spec" ] && [ -f "$spec" ] && ! cmp -s "$tsv" "$spec"; then
	echo "$tsv differs from the spec's $spec; copy it again"
	fail=1
fi
[ "$fail" -eq 0 ] && echo "ok: $(wc -l <"$tmp/have") symbols, all from the tsv, unversioned"
exit "$fail"
