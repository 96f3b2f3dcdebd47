#!/bin/sh
# migctl on an emulated H100: what `sh scripts/run-main.sh` runs after building.
# Every command is the one you would type on a real GPU (nvidia-smi's words
# where nvidia-smi has them), plus migctl's own show and run.
set -eu
migctl="${MIGCTL:-./build/migctl}"
# A node of its own under build/, so the demo never touches your default node.
export MIGCTL_STATE_DIR="${MIGCTL_STATE_DIR:-$PWD/build/demo-node}"

step() { printf '\n$ migctl %s\n' "$*"; "$migctl" "$@"; }

step emulate create --force H100-SXM5-80GB          # one emulated NVIDIA H100 80GB HBM3
step -i 0 -mig 1                                    # enable MIG mode
step mig -cgi 3g.40gb,2g.20gb,1g.10gb,1g.10gb -C    # partition, with default compute instances
step mig -lgi                                       # the GPU instances and their placements
step -L                                             # the MIG devices and their UUIDs
step show                                           # a picture of what sits where
step run --profile 1g.10gb -- printenv CUDA_VISIBLE_DEVICES   # run work on a free 1g.10gb
step mig -dci -gi 2                                 # destroy the 3g's compute instance ...
step mig -dgi -gi 2                                 # ... then the GPU instance
step mig -lgip                                      # what could be created now
