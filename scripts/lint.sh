#!/bin/sh
# Static analysis for CI: cppcheck and clang-tidy (.clang-tidy) over src/
# and examples/.  Findings are normalised to
# "path: tool: check: message" (no line numbers, so edits elsewhere in a
# file do not disturb them) and compared with scripts/lint-baseline.txt:
# the run fails only on findings that are not in the baseline.
#
#   sh scripts/lint.sh BUILD_DIR            check (BUILD_DIR has compile_commands.json)
#   sh scripts/lint.sh BUILD_DIR --update   rewrite the baseline (review the diff!)
set -eu
cd "$(dirname "$0")/.."
build="$1"
top="$(pwd)"
baseline=scripts/lint-baseline.txt
db="$build/compile_commands.json"
[ -f "$db" ] || { echo "lint: no $db (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The shipped code only: src/ and examples/ (tests and benchmarks are not
# held to it; cppcheck does not know that a failed cmocka assert returns).
python3 -c '
import json, sys
db = [e for e in json.load(open(sys.argv[1]))
      if "/src/" in e["file"] or "/examples/" in e["file"]]
json.dump(db, open(sys.argv[2], "w"))
for f in sorted({e["file"] for e in db}):
    print(f)
' "$db" "$out/compile_commands.json" >"$out/files"

cppcheck --project="$out/compile_commands.json" -j 2 --quiet \
	--enable=warning,portability,performance --inline-suppr \
	--template='{file}: cppcheck: {id}: {message}' 2>"$out/cppcheck" || true
xargs -P 2 -n 8 clang-tidy -p "$build" --quiet <"$out/files" >"$out/tidy" 2>/dev/null || true
sed -n 's/^\([^ :]*\):[0-9]*:[0-9]*: warning: \(.*\) \[\([^]]*\)\]$/\1: clang-tidy: \3: \2/p' \
	"$out/tidy" >"$out/tidy.norm"

cat "$out/cppcheck" "$out/tidy.norm" | sed "s|^$top/||" | LC_ALL=C sort >"$out/now"
if [ "${2:-}" = --update ]; then
	cp "$out/now" "$baseline"
	echo "lint: $(wc -l <"$baseline") findings written to $baseline"
	exit 0
fi
LC_ALL=C sort "$baseline" >"$out/base"
LC_ALL=C comm -23 "$out/now" "$out/base" >"$out/new"
LC_ALL=C comm -13 "$out/now" "$out/base" >"$out/gone"
echo "lint: $(wc -l <"$out/now") findings, $(wc -l <"$out/base") in the baseline"
if [ -s "$out/gone" ]; then
	echo "lint: fixed since the baseline (remove them from $baseline):"
	sed 's/^/  /' "$out/gone"
fi
if [ -s "$out/new" ]; then
	echo "lint: NEW findings (fix them, or add them to $baseline with a reason in the commit):" >&2
	sed 's/^/  /' "$out/new" >&2
	exit 1
fi
