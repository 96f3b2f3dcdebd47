#!/bin/sh
# Install the Debian packages migctl needs to build and test, or, when not
# root, print the exact command that would.
set -eu
PKGS="gcc clang libc6-dev binutils make cmake pkg-config libjansson-dev libyaml-dev libcmocka-dev libmicrohttpd-dev prometheus python3 python3-jsonschema cppcheck clang-tidy man-db dpkg-dev debhelper fakeroot lintian slurmctld slurmd slurm-client munge iproute2 curl xz-utils libcairo2-dev libcurl4-openssl-dev fonts-dejavu-core chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages. Run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
