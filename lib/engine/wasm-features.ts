/**
 * Which of the CPU engine's two wasm builds this browser can run. Both hold llama.cpp with
 * SIMD matrix kernels (scripts/wllama-kernels.ts); the second also uses relaxed SIMD's
 * i32x4.relaxed_dot_i8x16_i7x16_add_s (x86 pmaddubsw, ARM sdot), which makes the 4-, 5- and
 * 6-bit weights' products faster (docs/benchmarks.md, "Relaxed SIMD"). A module holding one
 * unknown instruction does not compile at all, so the choice is made before loading, by
 * validating a tiny module that uses it.
 */

/** One function, (v128, v128, v128) → v128, whose body is i32x4.relaxed_dot_i8x16_i7x16_add_s of its three arguments. */
export const RELAXED_SIMD_PROBE: Uint8Array<ArrayBuffer> = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...[0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b], // type section: (v128 v128 v128) -> v128
  ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
  // code section: no locals; local.get 0, 1, 2; i32x4.relaxed_dot_i8x16_i7x16_add_s (0xfd 0x113); end
  ...[0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x93, 0x02, 0x0b],
]);

export type WasmVariant = 'simd' | 'relaxed';

/** The build to load: relaxed SIMD where the browser validates it, plain SIMD otherwise. */
export function wasmVariant(validate: (bytes: Uint8Array<ArrayBuffer>) => boolean = (bytes) => WebAssembly.validate(bytes)): WasmVariant {
  try {
    return validate(RELAXED_SIMD_PROBE) ? 'relaxed' : 'simd';
  } catch {
    // No WebAssembly object at all, or a validator that throws: the plain build's own load says why.
    return 'simd';
  }
}
