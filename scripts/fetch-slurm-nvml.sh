#!/bin/sh
# Download Debian's gpu/nvml plugin for Slurm (contrib's slurm-wlm-nvml-plugin,
# built against NVIDIA's headers, so not in main) and unpack it, without
# installing anything, into a cache:
#
#   ${MIGCTL_SLURM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/slurm-nvml}/<version>/gpu_nvml.so
#
# <version> is the upstream version of the installed slurmd (22.05.8 on
# bookworm): Slurm loads a plugin only when its version is slurmd's.  The
# package comes from bookworm's contrib index on deb.debian.org; point
# PluginDir at "<Debian's plugin dir>:<that folder>" (docs/slurm.md).
# Prints the folder on stdout; exits 0 when the plugin is there, 1 otherwise.
set -eu
mirror="${MIGCTL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${MIGCTL_SLURM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/migctl/slurm-nvml}"
ver="$(dpkg-query -W -f='${Version}' slurmd 2>/dev/null || true)"
up="${ver%%-*}"
case "$up" in *[!0-9.]*|"") echo "fetch-slurm-nvml: slurmd is not installed (Debian package slurmd)" >&2; exit 1 ;; esac
if [ -f "$cache/$up/gpu_nvml.so" ]; then
	echo "$cache/$up"
	exit 0
fi
for tool in curl dpkg-deb xz; do
	command -v "$tool" >/dev/null 2>&1 || { echo "fetch-slurm-nvml: $tool is not installed" >&2; exit 1; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM
for suite in bookworm bookworm-updates; do
	curl -fsS --max-time 60 -o "$tmp/P.xz" "$mirror/dists/$suite/contrib/binary-amd64/Packages.xz" 2>"$tmp/err" || continue
	xz -dc "$tmp/P.xz" | awk -v up="$up" '
		/^Package: / { name = $2 }
		/^Version: / { v = $2; sub(/-.*/, "", v) }
		/^Filename: / { if (name == "slurm-wlm-nvml-plugin" && v == up) print $2 }' >>"$tmp/files"
done
file="$(tail -n 1 "$tmp/files" 2>/dev/null || true)"
if [ -z "$file" ]; then
	echo "fetch-slurm-nvml: no slurm-wlm-nvml-plugin $up in Debian's contrib index (or no network)" >&2
	exit 1
fi
curl -fsS --max-time 300 -o "$tmp/p.deb" "$mirror/$file" || { echo "fetch-slurm-nvml: cannot download $file" >&2; exit 1; }
dpkg-deb -x "$tmp/p.deb" "$tmp/x"
so="$(find "$tmp/x" -name gpu_nvml.so | head -n 1)"
[ -n "$so" ] || { echo "fetch-slurm-nvml: $file holds no gpu_nvml.so" >&2; exit 1; }
mkdir -p "$cache/$up"
cp "$so" "$cache/$up/gpu_nvml.so.tmp" && mv "$cache/$up/gpu_nvml.so.tmp" "$cache/$up/gpu_nvml.so"
echo "$cache/$up"
