#!/usr/bin/env bash
# The CUDA backend, for a developer with an NVIDIA GPU. Not part of CI: CI has no GPU, and the cuda profile downloads
# about 1.5 GB the first time (nd4j-cuda-11.6 is 601 MB, its cuDNN build as much again, plus the CUDA presets).
#
#   scripts/test-cuda.sh               check that the cuda profile still builds, then run the siamese-model tests
#                                      (model files, save/load from host memory, the graph, the vertices) on the GPU
#   scripts/test-cuda.sh --build-only  only the build check; needs no GPU
#
# Needs CUDA 11.6 and cuDNN 8.3 libraries (installed, or org.bytedeco:cuda-platform-redist:11.6-8.3-1.5.7 on the
# classpath); see the README's Backend section. Exit status: 0 passed, 1 a build or test failure, 2 no GPU found.
set -euo pipefail
cd "$(dirname "$0")/.."

build_only=false
case "${1:-}" in
  --build-only) build_only=true ;;
  "") ;;
  *) echo "usage: scripts/test-cuda.sh [--build-only]" >&2; exit 2 ;;
esac

# 1. The profile resolves and every module, tests included, compiles against the CUDA backend.
echo "== mvn -Pcuda test-compile (resolves nd4j-cuda-11.6-platform and the linux-x86_64-cudnn build)"
mvn -B -q -Pcuda -DskipTests test-compile
echo "cuda profile builds"
$build_only && exit 0

# 2. A GPU is there.
if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "no NVIDIA GPU visible (nvidia-smi -L failed): only the build was checked" >&2
  exit 2
fi
nvidia-smi -L

# 3. ND4J really runs on the GPU: print the backend and the device count from the test classpath.
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -Pcuda dependency:build-classpath -pl siamese-model -DincludeScope=test -Dmdep.outputFile="$classpath_file"
backend="$(printf '%s\n' \
  'var b = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();' \
  'System.out.println("BACKEND " + b + " devices " + org.nd4j.linalg.factory.Nd4j.getAffinityManager().getNumberOfDevices());' \
  '/exit' | SIAMESE_ACCELERATION=off jshell -q --class-path "siamese-model/target/classes:$(cat "$classpath_file")" - 2>&1 | grep '^BACKEND' || true)"
echo "${backend:-BACKEND unknown}"
case "$backend" in
  *JCublasBackend*) ;;
  *) echo "ND4J did not load its CUDA backend (JCublasBackend): check the CUDA 11.6 / cuDNN 8.3 libraries" >&2; exit 1 ;;
esac

# 4. The model tests on the GPU. SIAMESE_ACCELERATION=off keeps the CPU oneDNN switch (CpuAcceleration) from setting
#    JavaCPP's platform extension, which would also steer which CUDA build loads; the cpu package tests the CPU path
#    and is left out.
SIAMESE_ACCELERATION=off mvn -B -Pcuda test -pl siamese-model \
  -Dtest='io.siamese.model.*Test,io.siamese.model.bench.*Test' -Dsurefire.failIfNoSpecifiedTests=false
echo "siamese-model tests passed on the CUDA backend"
