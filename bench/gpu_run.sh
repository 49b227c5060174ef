#!/usr/bin/env bash
# Issue 15's one GPU run, from the repository root: bash bench/gpu_run.sh
# Needs (carried, git-ignored): .whl/ (plotly and narwhals wheels, missing on the GPU machine) and
# .gpuwork/baselines/ (copies of ../shared/baselines/batched_train*.py). Writes into $OUT:
# gpu.json (throughput), manifest-gpu.json and build-table.txt (the --device auto build),
# log.txt (everything). Each step runs even if an earlier one failed; the summary lists their codes.
set -uo pipefail
OUT=${OUT:-$PWD/gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
exec > >(tee -a "$OUT/log.txt") 2>&1

codes=()
step() {  # step NAME COMMAND...: run it, time it, remember its exit code
    local name=$1 start rc
    shift
    echo "=== $name: $*"
    start=$(date +%s%N)
    "$@"
    rc=$?
    echo "=== $name: exit $rc, $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
    codes+=("$name=$rc")
}

step wheels python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl
if [ "${codes[-1]}" != "wheels=0" ]; then  # no pip: these wheels are pure Python, unzipping installs them
    step unzip_wheels python3 -c "import sys, zipfile; [zipfile.ZipFile(w).extractall('/tmp/site') for w in sys.argv[1:]]" .whl/*.whl
fi
export PYTHONPATH=/tmp/site
step versions python3 -c "import torch, plotly; print(torch.__version__, plotly.__version__, torch.cuda.is_available() and torch.cuda.get_device_name())"
command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv

# BENCH_ARGS and BUILD_ARGS exist for a smoke test on a CPU machine (--budget 5, --quick)
step bench timeout 200 python3 bench/bench_gpu.py --out "$OUT/gpu.json" --baselines .gpuwork/baselines ${BENCH_ARGS:-}
step test_cuda timeout 80 python3 -m pytest -q -p no:cacheprovider tests/test_cuda.py

BUILD=$(mktemp -d /tmp/gpu-build.XXXX)
step build timeout 220 python3 build_figures.py --device auto --jobs 8 --out "$BUILD" ${BUILD_ARGS:-}
python3 build_figures.py --device auto --out "$BUILD" ${BUILD_ARGS:-} > "$OUT/build-table.txt"  # all cached: the table alone
cp "$BUILD/manifest.json" "$OUT/manifest-gpu.json"
step claims env FIGURES_MANIFEST="$BUILD" timeout 80 python3 -m pytest -q -p no:cacheprovider tests/test_claims*.py

echo "=== summary: ${codes[*]}"
