#!/bin/sh
# The manual pages: every page renders with man -l without a warning; the
# pages of section 1 are exactly those `migctl --help-man` lists; every
# command of `migctl --help` and every option of its --help appear in them.
#   test_man.sh MIGCTL MAN_DIR
set -eu
migctl=$1 mandir=$2
command -v man >/dev/null || { echo "test_man: SKIP: no man (Debian: man-db)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test_man: $*" >&2; exit 1; }

"$migctl" --help-man | sed 's/$/.1/' | sort >"$work/listed"
(cd "$mandir/man1" && ls) | sort >"$work/built"
cmp -s "$work/listed" "$work/built" || fail "man1 differs from migctl --help-man: $(diff "$work/listed" "$work/built" | tr '\n' ' ')"

n=0
for page in "$mandir"/man1/*.1 "$mandir"/man3/*.3 "$mandir"/man5/*.5; do
	MANWIDTH=100 man --warnings -l "$page" >"$work/out" 2>"$work/err" || fail "man -l $page failed"
	[ ! -s "$work/err" ] || fail "man -l $page warns: $(cat "$work/err")"
	grep -q '^NAME' "$work/out" || fail "$page has no NAME section"
	cat "$work/out" >>"$work/all"
	n=$((n + 1))
done
# man(1) hyphenates and joins words; compare on one long line without breaks.
tr -s ' \n\t' '   ' <"$work/all" | sed 's/‐ //g; s/- //g' >"$work/flat"
"$migctl" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' >"$work/commands"
[ -s "$work/commands" ] || fail "no commands in migctl --help"
while read -r cmd; do
	grep -qF "migctl $cmd" "$work/flat" || fail "no page mentions 'migctl $cmd'"
	"$migctl" "$cmd" --help 2>/dev/null | sed -n 's/^  \(-[^ ,]*\).*/\1/p; s/^  -[^ ]*, \(--[^ ]*\).*/\1/p' |
		while read -r opt; do
			grep -qF -- "$opt" "$work/flat" || fail "option $opt of 'migctl $cmd --help' is in no page"
		done
done <"$work/commands"
echo "test_man: ok ($n pages)"
