#!/bin/sh
# ggml's dot-product kernels, wasm against native, on one core (bench-kernels.c; figures in
# docs/benchmarks.md, "Profile of the wasm/native gap"). Needs Debian's emscripten (3.1.6, wasm32
# is enough for a kernel's speed) and gcc; llama.cpp from node-llama-cpp's bundle (no download).
# Usage: sh scripts/wllama-kernels/bench-kernels.sh
set -eu
cd "$(dirname "$0")/../.."
HERE=$PWD/scripts/wllama-kernels
SRC=$(mktemp -d)
trap 'rm -rf "$SRC"' EXIT
git clone --quiet node_modules/node-llama-cpp/llama/gitRelease.bundle "$SRC/llama.cpp" 2>/dev/null
G="$SRC/llama.cpp/ggml"
INC="-I$G/include -I$G/src -I$G/src/ggml-cpu"
COMMON="$G/src/ggml-cpu/quants.c $G/src/ggml-quants.c"
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs} # Debian's emscripten finds acorn there
cd "$SRC"
# wllama's wasm as shipped: ggml's generic kernels (GGML_CPU_GENERIC), auto-vectorised with -msimd128
emcc -O3 -msimd128 -DNDEBUG -DGGML_CPU_GENERIC $INC "$HERE/bench-kernels.c" $COMMON -o generic.js -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB 2>/dev/null
# ggml's wasm SIMD kernels (arch/wasm/quants.c, through kernels.c), as spliced into Gleaner's build
emcc -O3 -msimd128 -DNDEBUG -DGLEANER_Q5_0 $INC "$HERE/bench-kernels.c" $COMMON "$HERE/kernels.c" -o simd.js -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB 2>/dev/null
for arch in "avx512 (icelake-server):-march=icelake-server" "avx2 (haswell):-march=haswell" "sse4.2:-msse4.2"; do
  gcc -O3 ${arch#*:} -DNDEBUG -D_GNU_SOURCE -ffunction-sections $INC "$HERE/bench-kernels.c" $COMMON "$G/src/ggml-cpu/arch/x86/quants.c" \
    -o "native-${arch%%:*}" -lm -Wl,--gc-sections -Wl,--unresolved-symbols=ignore-all 2>/dev/null
done
echo "== wasm, ggml generic kernels (wllama 3.8.1 as shipped)"; node --no-experimental-fetch generic.js
echo "== wasm, ggml wasm SIMD kernels (Gleaner's build)"; node --no-experimental-fetch simd.js
for arch in "avx512 (icelake-server)" "avx2 (haswell)" "sse4.2"; do echo "== native, $arch"; "./native-$arch"; done
