// The kernels scripts/wllama-kernels.ts splices into wllama's wasm: ggml's own WebAssembly
// SIMD kernels, unchanged, plus one of Gleaner's (below). Built by build.sh.
#include "ggml-cpu/arch/wasm/quants.c"

// ggml's wasm q5_0 kernel expands the 32 high bits of a block through a lookup table
// (table_b2b_1): a data address the splice cannot map. This is the same kernel with the
// expansion done in registers (a byte shuffle and a compare, as ggml's AVX2 path does);
// Qwen2.5-0.5B's Q4_K_M file stores most of its weights in q5_0 (rows of 896 are no
// multiple of 256, so its 4-bit K-quants fall back to q5_0).
void gleaner_vec_dot_q5_0_q8_0(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc) {
    const int nb = n / QK8_0;
    UNUSED(nrc);
    UNUSED(bx);
    UNUSED(by);
    UNUSED(bs);

    const block_q5_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;

    v128_t sumv = wasm_f32x4_splat(0.0f);
    const v128_t m4b = wasm_i8x16_splat(0x0F);
    const v128_t bit = wasm_u8x16_make(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
    const v128_t x10 = wasm_i8x16_splat(0x10);

    for (int ib = 0; ib < nb; ++ib) {
        const block_q5_0 * GGML_RESTRICT x0 = &x[ib];
        const block_q8_0 * GGML_RESTRICT y0 = &y[ib];

        uint32_t qh_;
        memcpy(&qh_, x0->qh, sizeof(qh_));
        // byte j of qhl (qhh) is 0x10 where bit j (j + 16) of qh is clear: table_b2b_1's values
        const v128_t qhv = wasm_u32x4_splat(qh_);
        const v128_t lo = wasm_i8x16_swizzle(qhv, wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
        const v128_t hi = wasm_i8x16_swizzle(qhv, wasm_i8x16_make(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
        const v128_t qhl = wasm_v128_andnot(x10, wasm_i8x16_eq(wasm_v128_and(lo, bit), bit));
        const v128_t qhh = wasm_v128_andnot(x10, wasm_i8x16_eq(wasm_v128_and(hi, bit), bit));

        const v128_t v0 = wasm_v128_load(x0->qs);
        const v128_t v0lf = wasm_i8x16_sub(wasm_v128_and(v0, m4b), qhl);
        const v128_t v0hf = wasm_i8x16_sub(wasm_u8x16_shr(v0, 4), qhh);

        const v128_t v1l = wasm_v128_load(y0->qs);
        const v128_t v1h = wasm_v128_load(y0->qs + 16);

        const v128_t dot = wasm_i32x4_add(
            wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(v0lf), wasm_i16x8_extend_low_i8x16(v1l)),
                           wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(v0lf), wasm_i16x8_extend_high_i8x16(v1l))),
            wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(v0hf), wasm_i16x8_extend_low_i8x16(v1h)),
                           wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(v0hf), wasm_i16x8_extend_high_i8x16(v1h))));
        sumv = wasm_f32x4_add(sumv, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(dot), wasm_f32x4_splat(GGML_CPU_FP16_TO_FP32(x0->d) * GGML_CPU_FP16_TO_FP32(y0->d))));
    }

    *s = wasm_f32x4_extract_lane(sumv, 0) + wasm_f32x4_extract_lane(sumv, 1) + wasm_f32x4_extract_lane(sumv, 2) + wasm_f32x4_extract_lane(sumv, 3);
}
