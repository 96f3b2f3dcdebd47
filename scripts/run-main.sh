#!/bin/sh
# Build libmig and run the quick start on an emulated node (no GPU needed).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j "$(nproc)" --target mig-quickstart >/dev/null
# A node of its own under build/, so the demo never touches your default node.
MIGCTL_STATE_DIR="$PWD/build/demo-node" ./build/mig-quickstart
