#!/usr/bin/env bash
# The main job on a new machine: everything the example pipeline needs, then the pipeline itself.
#   1. a JDK and Maven (scripts/jdk.sh), a Docker Engine (scripts/engine.sh), and the
#      debian:bookworm-slim base the example images build FROM (scripts/base-image.sh; no registry needed)
#   2. mlcompose train: database up and healthy, the training job run to completion, a summary
#   3. then the rest (inference, monitoring) with up --wait, and one prediction as proof
# Arguments are passed to `mlcompose train` (e.g. --rerun, --gpu-inventory 0,1).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/jdk.sh
scripts/engine.sh
scripts/base-image.sh

./mlcompose -f examples/ml-pipeline.yml train --then-up "$@"

port="${INFERENCE_PORT:-8000}"
sample='{"instances": [[0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0]]}'
echo
echo "inference:  curl -s -XPOST -H 'Content-Type: application/json' 127.0.0.1:$port/predict -d '<64 pixel values>'"
printf '            a handwritten 0 -> %s\n' \
  "$(curl -s -XPOST -H 'Content-Type: application/json' "127.0.0.1:$port/predict" -d "$sample" || echo '(no answer)')"
echo "monitoring: http://127.0.0.1:${PROMETHEUS_PORT:-9090}/targets"
echo "stop:       ./mlcompose -f examples/ml-pipeline.yml down     (add -v to delete the model and database volumes)"
