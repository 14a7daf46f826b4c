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

// Four f16 values (halves 0-3 or 4-7 of h, moved to the top of each 32-bit lane by the
// shuffle) as f32 magnitudes: exponent and mantissa shifted into place and rescaled by 2^112,
// which also makes f16 subnormals normal f32s. Exact for every finite half; the sign is
// applied to the product instead (one xor for two values).
#define GLEANER_F16_TOP_LO(h) wasm_i8x16_shuffle(wasm_i32x4_splat(0), h, 0, 1, 16, 17, 0, 1, 18, 19, 0, 1, 20, 21, 0, 1, 22, 23)
#define GLEANER_F16_TOP_HI(h) wasm_i8x16_shuffle(wasm_i32x4_splat(0), h, 0, 1, 24, 25, 0, 1, 26, 27, 0, 1, 28, 29, 0, 1, 30, 31)
static inline v128_t gleaner_f16_top_magnitude(v128_t top) {
    return wasm_f32x4_mul(wasm_u32x4_shr(wasm_v128_and(top, wasm_i32x4_splat(0x7fff0000)), 3), wasm_i32x4_splat(0x77800000)); // * 2^112
}
// x[i] * y[i] for four halves at the top of 32-bit lanes: the magnitudes' product, its sign the xor of theirs.
static inline v128_t gleaner_f16_top_product(v128_t xt, v128_t yt) {
    const v128_t sign = wasm_v128_and(wasm_v128_xor(xt, yt), wasm_i32x4_splat((int32_t) 0x80000000));
    return wasm_v128_xor(wasm_f32x4_mul(gleaner_f16_top_magnitude(xt), gleaner_f16_top_magnitude(yt)), sign);
}

// ggml's generic build converts every f16 of this dot product through a lookup table, one
// element at a time. It is attention: K·q over the F16 KV cache and the softmax's weights
// over V (each cached token, each head, each layer, each decoded token), and every
// matrix product of an F16 model (the embedding models).
void gleaner_vec_dot_f16(int n, float * GGML_RESTRICT s, size_t bs, ggml_fp16_t * GGML_RESTRICT x, size_t bx, ggml_fp16_t * GGML_RESTRICT y, size_t by, int nrc) {
    UNUSED(nrc);
    UNUSED(bx);
    UNUSED(by);
    UNUSED(bs);
    v128_t sum0 = wasm_f32x4_splat(0.0f);
    v128_t sum1 = wasm_f32x4_splat(0.0f);
    v128_t sum2 = wasm_f32x4_splat(0.0f);
    v128_t sum3 = wasm_f32x4_splat(0.0f);
    // Lanes whose exponent is all ones (infinity, NaN): the fast conversion does not handle
    // them, so a row holding one is done again below, element by element.
    v128_t special = wasm_i16x8_splat(0);
    const v128_t exponent = wasm_i16x8_splat(0x7c00);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const v128_t x0 = wasm_v128_load(x + i);
        const v128_t y0 = wasm_v128_load(y + i);
        const v128_t x1 = wasm_v128_load(x + i + 8);
        const v128_t y1 = wasm_v128_load(y + i + 8);
        special = wasm_v128_or(special, wasm_v128_or(wasm_v128_or(wasm_i16x8_eq(wasm_v128_and(x0, exponent), exponent), wasm_i16x8_eq(wasm_v128_and(y0, exponent), exponent)),
                                                     wasm_v128_or(wasm_i16x8_eq(wasm_v128_and(x1, exponent), exponent), wasm_i16x8_eq(wasm_v128_and(y1, exponent), exponent))));
        sum0 = wasm_f32x4_add(sum0, gleaner_f16_top_product(GLEANER_F16_TOP_LO(x0), GLEANER_F16_TOP_LO(y0)));
        sum1 = wasm_f32x4_add(sum1, gleaner_f16_top_product(GLEANER_F16_TOP_HI(x0), GLEANER_F16_TOP_HI(y0)));
        sum2 = wasm_f32x4_add(sum2, gleaner_f16_top_product(GLEANER_F16_TOP_LO(x1), GLEANER_F16_TOP_LO(y1)));
        sum3 = wasm_f32x4_add(sum3, gleaner_f16_top_product(GLEANER_F16_TOP_HI(x1), GLEANER_F16_TOP_HI(y1)));
    }
    const v128_t sum = wasm_f32x4_add(wasm_f32x4_add(sum0, sum1), wasm_f32x4_add(sum2, sum3));
    double sumf = (double) wasm_f32x4_extract_lane(sum, 0) + wasm_f32x4_extract_lane(sum, 1) + wasm_f32x4_extract_lane(sum, 2) + wasm_f32x4_extract_lane(sum, 3);
    if (wasm_v128_any_true(special)) {
        sumf = 0.0;
        i = 0;
    }
    for (; i < n; ++i) {
        sumf += (double) (GGML_COMPUTE_FP16_TO_FP32(x[i]) * GGML_COMPUTE_FP16_TO_FP32(y[i]));
    }
    *s = (float) sumf;
}

// The activations are quantized to q8_0 (q8_K) before every q8_0 and q4_0/q5_0 (K-quant)
// matrix product; wllama's build does it with ggml's scalar reference (roundf per value).
// ggml's own wasm versions call memcpy/memset (a call the splice cannot map) and its q8_0
// one truncates instead of rounding; these round to nearest like the reference (ties to
// even where the reference rounds them away from zero: the same as ggml's x86 kernels).
void gleaner_quantize_row_q8_0(const float * GGML_RESTRICT x, void * GGML_RESTRICT vy, int64_t k) {
    const int64_t nb = k / QK8_0;
    block_q8_0 * GGML_RESTRICT y = vy;
    for (int64_t i = 0; i < nb; i++) {
        const float * xb = x + i * QK8_0;
        const v128_t a0 = wasm_v128_load(xb + 0), a1 = wasm_v128_load(xb + 4), a2 = wasm_v128_load(xb + 8), a3 = wasm_v128_load(xb + 12);
        const v128_t a4 = wasm_v128_load(xb + 16), a5 = wasm_v128_load(xb + 20), a6 = wasm_v128_load(xb + 24), a7 = wasm_v128_load(xb + 28);
        v128_t m = wasm_f32x4_max(wasm_f32x4_max(wasm_f32x4_max(wasm_f32x4_abs(a0), wasm_f32x4_abs(a1)), wasm_f32x4_max(wasm_f32x4_abs(a2), wasm_f32x4_abs(a3))),
                                  wasm_f32x4_max(wasm_f32x4_max(wasm_f32x4_abs(a4), wasm_f32x4_abs(a5)), wasm_f32x4_max(wasm_f32x4_abs(a6), wasm_f32x4_abs(a7))));
        m = wasm_f32x4_max(m, wasm_i32x4_shuffle(m, m, 2, 3, 0, 1));
        m = wasm_f32x4_max(m, wasm_i32x4_shuffle(m, m, 1, 0, 3, 2));
        const float amax = wasm_f32x4_extract_lane(m, 0);
        const float d = amax / ((1 << 7) - 1);
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = GGML_COMPUTE_FP32_TO_FP16(d);
        const v128_t s = wasm_f32x4_splat(id);
#define GLEANER_Q(a) wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(a, s)))
        wasm_v128_store(y[i].qs, wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(GLEANER_Q(a0), GLEANER_Q(a1)), wasm_i16x8_narrow_i32x4(GLEANER_Q(a2), GLEANER_Q(a3))));
        wasm_v128_store(y[i].qs + 16, wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(GLEANER_Q(a4), GLEANER_Q(a5)), wasm_i16x8_narrow_i32x4(GLEANER_Q(a6), GLEANER_Q(a7))));
#undef GLEANER_Q
    }
}

void gleaner_quantize_row_q8_K(const float * GGML_RESTRICT x, void * GGML_RESTRICT vy, int64_t k) {
    const int64_t nb = k / QK_K;
    block_q8_K * GGML_RESTRICT y = vy;
    for (int64_t i = 0; i < nb; i++) {
        const float * xb = x + i * QK_K;
        v128_t minv = wasm_v128_load(xb);
        v128_t maxv = minv;
        for (int j = 4; j < QK_K; j += 4) {
            const v128_t v = wasm_v128_load(xb + j);
            maxv = wasm_f32x4_pmax(maxv, v);
            minv = wasm_f32x4_pmin(minv, v);
        }
        maxv = wasm_f32x4_pmax(maxv, wasm_i32x4_shuffle(maxv, maxv, 2, 3, 0, 1));
        maxv = wasm_f32x4_pmax(maxv, wasm_i32x4_shuffle(maxv, maxv, 1, 0, 3, 2));
        minv = wasm_f32x4_pmin(minv, wasm_i32x4_shuffle(minv, minv, 2, 3, 0, 1));
        minv = wasm_f32x4_pmin(minv, wasm_i32x4_shuffle(minv, minv, 1, 0, 3, 2));
        const float max = wasm_f32x4_extract_lane(maxv, 0);
        const float min = wasm_f32x4_extract_lane(minv, 0);
        // The value of largest magnitude, with its sign (the reference's amax/max).
        const float amax = -min > max ? min : max;
        // An all-zero block: every value quantizes to 0 (the reference stores d = 0 and zeros).
        const float iscale = amax != 0.0f ? -127.0f / amax : 0.0f;
        const v128_t s = wasm_f32x4_splat(iscale);
        for (int j = 0, jb = 0; j < QK_K; j += 16, jb++) {
            const v128_t q0 = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(xb + j), s)));
            const v128_t q1 = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(xb + j + 4), s)));
            const v128_t q2 = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(xb + j + 8), s)));
            const v128_t q3 = wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_nearest(wasm_f32x4_mul(wasm_v128_load(xb + j + 12), s)));
            wasm_v128_store(y[i].qs + j, wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q0, q1), wasm_i16x8_narrow_i32x4(q2, q3)));
            v128_t sum = wasm_i32x4_add(wasm_i32x4_add(q0, q1), wasm_i32x4_add(q2, q3));
            sum = wasm_i32x4_add(sum, wasm_i32x4_shuffle(sum, sum, 2, 3, 0, 1));
            sum = wasm_i32x4_add(sum, wasm_i32x4_shuffle(sum, sum, 1, 0, 3, 2));
            y[i].bsums[jb] = (int16_t) wasm_i32x4_extract_lane(sum, 0);
        }
        y[i].d = amax != 0.0f ? 1.0f / iscale : 0.0f;
    }
}
