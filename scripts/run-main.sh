#!/bin/sh
# Build migctl and show it working on an emulated node (no GPU needed).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j "$(nproc)" --target migctl >/dev/null
exec sh scripts/demo.sh
