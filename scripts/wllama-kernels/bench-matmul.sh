#!/bin/sh
# The spliced matrix-product kernels (the committed ggml-wasm-simd.o and matmul.o, linked as
# they are with bench-matmul.c), ms per matrix-vector product on matrices shaped like the
# benchmark models', one core, CPU time, in Node's V8 (TurboFan: --no-liftoff; Node 20 has relaxed
# SIMD behind a flag). Needs clang 19 and wasm-ld 19 (Debian: clang-19, lld-19).
# Usage: sh scripts/wllama-kernels/bench-matmul.sh [case regexp]
set -eu
cd "$(dirname "$0")"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
${CLANG:-clang-19} --target=wasm64-unknown-unknown -O3 -msimd128 -c bench-matmul.c -o "$OUT/driver.o"
${WASM_LD:-wasm-ld-19} -mwasm64 --no-entry --allow-undefined --gc-sections --export=matvec --export=alloc "$OUT/driver.o" ggml-wasm-simd.o matmul.o -o "$OUT/bench.wasm"
node --experimental-wasm-memory64 --experimental-wasm-relaxed-simd --no-liftoff bench-matmul.mjs "$OUT/bench.wasm" "$@"
