#!/bin/sh
# test_exports.sh LIBMIG_SO MIG_H - the shared library exports exactly the
# functions include/mig.h declares (MIG_API), no more and no fewer
# (docs/libmig.md: -fvisibility=hidden, src/core/libmig.map).
set -eu
lib=$1
header=$2
if ! command -v nm >/dev/null 2>&1; then
	echo "test_exports: SKIP: nm (binutils) is not installed"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Declarations: "MIG_API <type> [*]name(" on one line, as the header writes them.
sed -n 's/^MIG_API[^(]*[ *]\([a-z_][a-z0-9_]*\)(.*/\1/p' "$header" | sort -u >"$tmp/declared"
# Exports: defined, dynamic, functions or data, without the version suffix.
nm -D --defined-only "$lib" | awk '$2 ~ /^[TtDdBbRrWi]$/ { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$tmp/exported"
if [ "$(wc -l <"$tmp/declared")" -lt 50 ]; then
	echo "test_exports: FAIL: read only $(wc -l <"$tmp/declared") declarations from $header"
	exit 1
fi
status=0
if comm -23 "$tmp/declared" "$tmp/exported" | grep . >"$tmp/missing"; then
	echo "test_exports: FAIL: declared in $header but not exported by $lib:"
	sed 's/^/  /' "$tmp/missing"
	status=1
fi
if comm -13 "$tmp/declared" "$tmp/exported" | grep . >"$tmp/extra"; then
	echo "test_exports: FAIL: exported by $lib but not declared in $header:"
	sed 's/^/  /' "$tmp/extra"
	status=1
fi
[ $status -eq 0 ] && echo "test_exports: $(wc -l <"$tmp/declared") functions declared, the same exported"
exit $status
