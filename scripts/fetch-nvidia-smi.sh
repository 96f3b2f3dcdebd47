#!/bin/sh
# Download Debian's nvidia-smi binaries (non-free component) and unpack them,
# one folder per driver version, into a cache:
#
#   ${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi}/<version>/nvidia-smi
#
# Nothing is installed system-wide: each package is fetched with curl from
# deb.debian.org and unpacked with `dpkg-deb -x` into a scratch folder, from
# which only the nvidia-smi executable is kept.  Already cached versions are
# not fetched again.  Prints the cached versions, one a line, on stdout; exits
# 0 when at least one version is cached, 1 otherwise (no network, no curl).
#
# The packages come from the suites' package indexes, so a version Debian has
# since replaced is taken at its current revision:
#   bookworm      nvidia-tesla-470-smi 470.x, nvidia-tesla-smi 525.x,
#                 nvidia-tesla-535-smi 535.216.x, nvidia-smi 535.261.x
#   trixie        nvidia-smi 550.x, nvidia-tesla-535-smi 535.274.x
#   experimental  nvidia-smi 555.x
set -eu
mirror="${MIGCTL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${MIGCTL_SMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/nvidia-smi}"
command -v curl >/dev/null 2>&1 || { echo "fetch-nvidia-smi: curl is not installed" >&2; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || { echo "fetch-nvidia-smi: dpkg-deb is not installed" >&2; exit 1; }
mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM

# suite  package-name  (every version the index lists for it is taken)
wanted="bookworm nvidia-tesla-470-smi
bookworm nvidia-tesla-smi
bookworm nvidia-tesla-535-smi
bookworm nvidia-smi
trixie nvidia-smi
trixie nvidia-tesla-535-smi
experimental nvidia-smi"

for suite in $(echo "$wanted" | cut -d' ' -f1 | sort -u); do
	idx="$tmp/$suite.Packages"
	if ! curl -fsS --max-time 60 -o "$idx.xz" \
		"$mirror/dists/$suite/non-free/binary-amd64/Packages.xz" 2>"$tmp/err"; then
		echo "fetch-nvidia-smi: cannot read the $suite index: $(cat "$tmp/err")" >&2
		continue
	fi
	xz -dc "$idx.xz" >"$idx"
	for pkg in $(echo "$wanted" | awk -v s="$suite" '$1 == s { print $2 }'); do
		awk -v p="$pkg" '
			/^Package: / { name = $2 }
			/^Version: / { ver = $2 }
			/^Filename: / { if (name == p) print ver, $2 }' "$idx" |
		while read -r ver file; do
			up="${ver%%-*}"
			case "$up" in *[!0-9.]*|"") continue ;; esac
			[ -x "$cache/$up/nvidia-smi" ] && continue
			deb="$tmp/$up.deb"
			if ! curl -fsS --max-time 300 -o "$deb" "$mirror/$file" 2>"$tmp/err"; then
				echo "fetch-nvidia-smi: cannot download $file: $(cat "$tmp/err")" >&2
				continue
			fi
			rm -rf "$tmp/x" && mkdir "$tmp/x"
			dpkg-deb -x "$deb" "$tmp/x"
			bin="$(find "$tmp/x" -type f -name nvidia-smi -perm -u+x | head -n 1)"
			if [ -z "$bin" ]; then
				echo "fetch-nvidia-smi: no nvidia-smi executable in $file" >&2
				continue
			fi
			mkdir -p "$cache/$up.part"
			cp "$bin" "$cache/$up.part/nvidia-smi"
			echo "$pkg $ver $file" >"$cache/$up.part/SOURCE"
			rm -rf "$cache/$up"
			mv "$cache/$up.part" "$cache/$up"
			echo "fetch-nvidia-smi: cached $pkg $ver" >&2
		done
	done
done
found=0
for d in "$cache"/*/; do
	[ -x "$d/nvidia-smi" ] || continue
	basename "$d"
	found=1
done
[ "$found" = 1 ]
