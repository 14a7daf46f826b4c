#!/bin/sh
# Compiles ggml's WebAssembly SIMD kernels (ggml/src/ggml-cpu/arch/wasm/quants.c, and
# kernels.c beside this script, which includes it) for wasm64,
# as wllama's main build is, into the relocatable object that scripts/wllama-kernels.ts
# splices into wllama's wasm at build time (see there for why).
#
# Source: llama.cpp as node-llama-cpp (a devDependency) ships it, a git bundle in
# node_modules: no download. Compiler: clang 19 (Debian: apt-get install clang-19;
# clang 14 cannot select SIMD lane extracts for wasm64), Emscripten's libc headers
# (Debian: apt-get install emscripten). Usage: sh scripts/wllama-kernels/build.sh
set -eu
cd "$(dirname "$0")/../.."
CLANG=${CLANG:-clang-19}
SYSROOT=${EMSCRIPTEN_SYSROOT:-/usr/share/emscripten/cache/sysroot}
SRC=$(mktemp -d)
trap 'rm -rf "$SRC"' EXIT
git clone --quiet node_modules/node-llama-cpp/llama/gitRelease.bundle "$SRC/llama.cpp" 2>/dev/null
G="$SRC/llama.cpp/ggml"
# The fp16 scales are converted inline (bit arithmetic) rather than through ggml's lookup
# table, which would be a data address the splice cannot map.
"$CLANG" --target=wasm64-unknown-emscripten --sysroot="$SYSROOT" -O3 -msimd128 -DNDEBUG \
  '-DGGML_CPU_FP16_TO_FP32(x)=GGML_COMPUTE_FP16_TO_FP32(x)' \
  -I"$G/include" -I"$G/src" -I"$G/src/ggml-cpu" \
  -c scripts/wllama-kernels/kernels.c -o scripts/wllama-kernels/ggml-wasm-simd.o
# Gleaner's matrix-product kernels, plain and relaxed SIMD (matmul.c; its relaxed functions enable
# the feature themselves, so the object needs no -mrelaxed-simd).
"$CLANG" --target=wasm64-unknown-emscripten --sysroot="$SYSROOT" -O3 -msimd128 -DNDEBUG \
  -I"$G/include" -I"$G/src" -c scripts/wllama-kernels/matmul.c -o scripts/wllama-kernels/matmul.o
echo "llama.cpp $(cat node_modules/node-llama-cpp/llama/llama.cpp.info.json | tr -d ' \n'), $("$CLANG" --version | head -1)"
ls -l scripts/wllama-kernels/ggml-wasm-simd.o scripts/wllama-kernels/matmul.o
