// Gleaner's matrix-product kernels (the dot products of a weight row with the quantized
// activations), spliced into wllama's wasm by scripts/wllama-kernels.ts. Built by build.sh
// into matmul.o. Two sets:
//
// - gleaner_simd_*: plain WebAssembly SIMD, for every browser. They replace ggml's wasm
//   kernels where they are faster (bench-matmul.sh): the 32-element formats go four blocks at a
//   time with their f16 scales converted side by side, the K-quants keep one integer
//   accumulator per super-block with the sub-block scales multiplied in as vectors (ggml's
//   extract four lanes per 32 values, and its q6_K unpacks through memory and widens every
//   product to 32 bits).
// - gleaner_relaxed_*: relaxed SIMD's i32x4.relaxed_dot_i8x16_i7x16_add_s (x86: pmaddubsw +
//   pmaddwd; ARM: sdot), for the browsers that have it (Chrome 114+); the engine picks the
//   wasm that holds them by WebAssembly.validate (lib/engine/wasm-features.ts). The
//   instruction multiplies signed bytes by bytes that must be in 0..127 for its result to be
//   the same everywhere, so each kernel feeds it weights in that range: 4-bit nibbles (0..15),
//   5-bit q5_0 (0..31) and 6-bit q6_K (0..63) values with their offset taken off afterwards
//   through the activations' sums, and q8_0 through the sign trick (|w| against y with w's
//   sign: q8 values are -127..127; a file holding -128, which ggml's quantizers never write,
//   would be off on x86, as ggml's own AVX2 kernel is).
//
// Every kernel computes exactly ggml's integer sums; only the order of the float additions
// differs (tests/scripts/wllama-kernels.test.ts checks both). Leaf functions only (no calls,
// no data): the splice cannot map anything else.
#define GGML_COMMON_DECL_C
#include "ggml-common.h"
#include "ggml-impl.h"
#include <wasm_simd128.h>

#define GLEANER_RELAXED __attribute__((target("relaxed-simd")))
#define FP16(x) GGML_COMPUTE_FP16_TO_FP32(x)

static inline float hsum_f32(v128_t v) {
    return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}

static inline int32_t hsum_i32(v128_t v) {
    v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
    return wasm_i32x4_extract_lane(v, 0);
}

// acc + the products of 16 signed bytes a with 16 bytes b, summed in groups (which lanes hold
// which products differs between the two: the callers only use the lanes' total).
#define DOT_PLAIN(acc, a, b)                                                                                           \
    wasm_i32x4_add(acc, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(a), wasm_i16x8_extend_low_i8x16(b)), \
                                       wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(a), wasm_i16x8_extend_high_i8x16(b))))
// b must be in 0..127.
#define DOT_RELAXED(acc, a, b) wasm_i32x4_relaxed_dot_i8x16_i7x16_add(a, b, acc)

// The q5_0 block's 32 high bits as bytes 0x10 (bit set) or 0 for elements 0..15 (lo) and 16..31 (hi).
static inline void q5_high_bits(const uint8_t * qh, v128_t * lo, v128_t * hi) {
    uint32_t bits;
    __builtin_memcpy(&bits, qh, sizeof(bits));
    const v128_t bit = wasm_u8x16_make(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
    const v128_t v = wasm_u32x4_splat(bits);
    const v128_t l = wasm_i8x16_swizzle(v, wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
    const v128_t h = wasm_i8x16_swizzle(v, wasm_i8x16_make(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    *lo = wasm_v128_and(wasm_i8x16_eq(wasm_v128_and(l, bit), bit), wasm_i8x16_splat(0x10));
    *hi = wasm_v128_and(wasm_i8x16_eq(wasm_v128_and(h, bit), bit), wasm_i8x16_splat(0x10));
}

// q4_K's 12 bytes of 6-bit scales and mins (ggml's unpacking): scales[0..7], mins[8..15].
static inline void q4_K_scales(const uint8_t * packed, uint8_t out[16]) {
    uint32_t utmp[4];
    __builtin_memcpy(utmp, packed, 12);
    utmp[3] = ((utmp[2] >> 4) & 0x0f0f0f0f) | (((utmp[1] >> 6) & 0x03030303) << 4);
    const uint32_t uaux = utmp[1] & 0x3f3f3f3f;
    utmp[1] = (utmp[2] & 0x0f0f0f0f) | (((utmp[0] >> 6) & 0x03030303) << 4);
    utmp[2] = uaux;
    utmp[0] &= 0x3f3f3f3f;
    __builtin_memcpy(out, utmp, 16);
}

// sum over the 8 sub-blocks of 32 of mins[j] * (bsums[2j] + bsums[2j+1]).
static inline int32_t q4_K_mins_dot(const uint8_t * mins, const int16_t * bsums) {
    const v128_t m = wasm_u16x8_load8x8(mins);
    const v128_t b0 = wasm_v128_load(bsums);
    const v128_t b1 = wasm_v128_load(bsums + 8);
    // pairs of bsums added: [b0+b1, b2+b3, ...] as i32, then as i16 lanes against the mins
    const v128_t pairs = wasm_i16x8_narrow_i32x4(wasm_i32x4_extadd_pairwise_i16x8(b0), wasm_i32x4_extadd_pairwise_i16x8(b1));
    return hsum_i32(wasm_i32x4_dot_i16x8(pairs, m));
}

// ------------------------------------------------ the 32-element formats --
// q8_0, q4_0 and q5_0 blocks hold 32 weights and an f16 scale, as do the q8_0 activations:
// with the integer part done by a few instructions, converting the two scales of every block
// one at a time (ggml's scalar f16 conversion) would cost as much as the products. So four
// blocks go at a time: their four integer sums into one vector (a transpose-add), their
// scales converted side by side.

// Four halves as floats, from the halves in the upper 16 bits of 32-bit lanes (loaded there
// straight from memory: one pinsrw each on x86): an arithmetic shift by 3 moves exponent and
// mantissa into f32's places with the sign still in bit 31, the mask drops the sign's copies, and
// the rescaling by 2^112 is exact for every finite half, subnormals included. (Infinity and NaN,
// which no quantizer writes as a scale, come out finite.)
static inline v128_t f16x4_high_to_f32(v128_t h) {
    return wasm_f32x4_mul(wasm_v128_and(wasm_i32x4_shr(h, 3), wasm_i32x4_splat((int32_t) 0x8FFFE000)), wasm_f32x4_splat(0x1p112f));
}
// The scales of blocks p[0..3] (each block starting with its f16 scale, `size` bytes apart).
#define F16X4_SCALES(p)                                                                                                   \
    f16x4_high_to_f32(wasm_v128_load16_lane(&(p)[3].d, wasm_v128_load16_lane(&(p)[2].d, wasm_v128_load16_lane(&(p)[1].d,   \
                      wasm_v128_load16_lane(&(p)[0].d, wasm_i32x4_splat(0), 1), 3), 5), 7))

// [sum of a's lanes, b's, c's, d's]
static inline v128_t hsum_i32x4x4(v128_t a, v128_t b, v128_t c, v128_t d) {
    const v128_t ab = wasm_i32x4_add(wasm_i32x4_shuffle(a, b, 0, 1, 4, 5), wasm_i32x4_shuffle(a, b, 2, 3, 6, 7));
    const v128_t cd = wasm_i32x4_add(wasm_i32x4_shuffle(c, d, 0, 1, 4, 5), wasm_i32x4_shuffle(c, d, 2, 3, 6, 7));
    return wasm_i32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 2, 4, 6), wasm_i32x4_shuffle(ab, cd, 1, 3, 5, 7));
}

// The same for blocks whose integer dot product is in 16-bit lanes of at most 8128 (4 · 16 · 127:
// q4_0 and q5_0 against q8 values): four lanes still fit 16 bits (32512), so the transpose-add runs
// on 16-bit lanes down to two per block, and one widening pairwise add (pmaddwd) ends it.
static inline v128_t hsum_i16x8x4(v128_t a, v128_t b, v128_t c, v128_t d) {
    const v128_t ab = wasm_i16x8_add(wasm_i64x2_shuffle(a, b, 0, 2), wasm_i64x2_shuffle(a, b, 1, 3));
    const v128_t cd = wasm_i16x8_add(wasm_i64x2_shuffle(c, d, 0, 2), wasm_i64x2_shuffle(c, d, 1, 3));
    return wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_add(wasm_i32x4_shuffle(ab, cd, 0, 2, 4, 6), wasm_i32x4_shuffle(ab, cd, 1, 3, 5, 7)));
}
#define WIDEN_I32(v) (v)
#define WIDEN_I16(v) wasm_i32x4_extadd_pairwise_i16x8(v)

// The body of a 32-element kernel: BLOCK(i) is block i's integer dot product (a vector whose
// lanes add up to it: 32-bit lanes reduced by HSUM4 = hsum_i32x4x4 and WIDEN = WIDEN_I32, or
// 16-bit ones: hsum_i16x8x4, WIDEN_I16); x[i].d and y[i].d its scales.
#define BLOCKS32_KERNEL(BLOCK, HSUM4, WIDEN)                                                                              \
    v128_t acc = wasm_f32x4_splat(0.0f);                                                                                  \
    int ib = 0;                                                                                                           \
    for (; ib + 4 <= nb; ib += 4) {                                                                                       \
        const v128_t isum = HSUM4(BLOCK(ib), BLOCK(ib + 1), BLOCK(ib + 2), BLOCK(ib + 3));                                \
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum), wasm_f32x4_mul(F16X4_SCALES(x + ib), F16X4_SCALES(y + ib)))); \
    }                                                                                                                     \
    float sumf = hsum_f32(acc);                                                                                           \
    for (; ib < nb; ++ib) sumf += (float) hsum_i32(WIDEN(BLOCK(ib))) * (FP16(x[ib].d) * FP16(y[ib].d));                   \
    *s = sumf;

#define KERNEL_ARGS int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc
#define UNUSED_ARGS (void) bs, (void) bx, (void) by, (void) nrc

// ----------------------------------------------------------------- q8_0 --

#define Q8_0_PLAIN(i) DOT_PLAIN(DOT_PLAIN(wasm_i32x4_splat(0), wasm_v128_load(x[i].qs), wasm_v128_load(y[i].qs)), wasm_v128_load(x[i].qs + 16), wasm_v128_load(y[i].qs + 16))

void gleaner_simd_vec_dot_q8_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q8_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    BLOCKS32_KERNEL(Q8_0_PLAIN, hsum_i32x4x4, WIDEN_I32)
}

// The relaxed kernels below work in 16-bit lanes: i16x8.relaxed_dot_i8x16_i7x16_s (x86: one
// pmaddubsw) sums two products per lane, which cannot overflow with a second operand in 0..127,
// and the lanes are widened to 32 bits once per block (i32x4.extadd_pairwise_i16x8_s: one pmaddwd)
// instead of once per 16 values as the accumulating i32x4 form does. `zero` is a zero vector the
// compiler cannot see as a constant: with a literal one, clang turns `x < 0` into an arithmetic
// shift by 7 and `!(x == 0)` into i8x16.ne, which V8 expands on x86 into 5 and 3 instructions
// (i8x16.lt_s and i8x16.eq are one each).
#define OPAQUE_ZERO(n) wasm_i8x16_splat((int8_t) ((n) >> 31)) /* n >= 0 */
#define RDOT16(a, b) wasm_i16x8_relaxed_dot_i8x16_i7x16(a, b)

// y with the sign of w (where w is 0, |w| is 0 too): -y where w < 0, picked by a lane select
// on whole-lane masks (exact everywhere; x86: one pblendvb). Written as (y ^ m) - m, clang
// makes it a v128.bitselect, three instructions in V8.
GLEANER_RELAXED static inline v128_t sign_of(v128_t y, v128_t w, v128_t zero) {
    return wasm_i8x16_relaxed_laneselect(wasm_i8x16_sub(zero, y), y, wasm_i8x16_lt(w, zero));
}
// Each 16-bit lane sums two products of at most 127 · 127: no overflow; the two halves are
// widened apart (i32x4.dot_i16x8_s against ones: one pmaddwd, the ones kept in a register).
GLEANER_RELAXED static inline v128_t q8_0_relaxed(const block_q8_0 * b, const block_q8_0 * a, v128_t zero, v128_t ones) {
    const v128_t w0 = wasm_v128_load(b->qs), w1 = wasm_v128_load(b->qs + 16);
    const v128_t lo = RDOT16(sign_of(wasm_v128_load(a->qs), w0, zero), wasm_i8x16_abs(w0));
    const v128_t hi = RDOT16(sign_of(wasm_v128_load(a->qs + 16), w1, zero), wasm_i8x16_abs(w1));
    return wasm_i32x4_add(wasm_i32x4_dot_i16x8(lo, ones), wasm_i32x4_dot_i16x8(hi, ones));
}
#define Q8_0_RELAXED(i) q8_0_relaxed(&x[i], &y[i], zero, ones)

GLEANER_RELAXED void gleaner_relaxed_vec_dot_q8_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q8_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    const v128_t zero = OPAQUE_ZERO(n), ones = wasm_i16x8_splat(1);
    BLOCKS32_KERNEL(Q8_0_RELAXED, hsum_i32x4x4, WIDEN_I32)
}

// ----------------------------------------------------------------- q4_0 --

#define Q4_0_PLAIN(i)                                                                                                     \
    DOT_PLAIN(DOT_PLAIN(wasm_i32x4_splat(0), wasm_i8x16_sub(wasm_v128_and(wasm_v128_load(x[i].qs), wasm_i8x16_splat(0x0F)), wasm_i8x16_splat(8)), wasm_v128_load(y[i].qs)), \
              wasm_i8x16_sub(wasm_u8x16_shr(wasm_v128_load(x[i].qs), 4), wasm_i8x16_splat(8)), wasm_v128_load(y[i].qs + 16))

void gleaner_simd_vec_dot_q4_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q4_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    BLOCKS32_KERNEL(Q4_0_PLAIN, hsum_i32x4x4, WIDEN_I32)
}

// (nibble - 8) * y = nibble * y - 8 * y, in 16-bit lanes (each at most 4 · 15 · 127 and 4 · 8 · 127).
GLEANER_RELAXED static inline v128_t q4_0_relaxed(const block_q4_0 * b, const block_q8_0 * a) {
    const v128_t m4 = wasm_i8x16_splat(0x0F), eight = wasm_i8x16_splat(8);
    const v128_t q = wasm_v128_load(b->qs);
    const v128_t y0 = wasm_v128_load(a->qs), y1 = wasm_v128_load(a->qs + 16);
    // (q >> 4) as 16-bit lanes then masked: i8x16.shr_u has no x86 instruction (V8 adds its own mask).
    const v128_t t = wasm_i16x8_add(RDOT16(y0, wasm_v128_and(q, m4)), RDOT16(y1, wasm_v128_and(wasm_u16x8_shr(q, 4), m4)));
    const v128_t u = wasm_i16x8_add(RDOT16(y0, eight), RDOT16(y1, eight));
    return wasm_i16x8_sub(t, u);
}
#define Q4_0_RELAXED(i) q4_0_relaxed(&x[i], &y[i])

GLEANER_RELAXED void gleaner_relaxed_vec_dot_q4_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q4_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    BLOCKS32_KERNEL(Q4_0_RELAXED, hsum_i16x8x4, WIDEN_I16)
}

// ----------------------------------------------------------------- q5_0 --

// The block's 5-bit values (0..31): elements 0..15 (lo) and 16..31 (hi).
static inline void q5_0_values(const block_q5_0 * b, v128_t * lo, v128_t * hi) {
    v128_t hl, hh;
    q5_high_bits(b->qh, &hl, &hh);
    const v128_t q = wasm_v128_load(b->qs);
    *lo = wasm_v128_or(wasm_v128_and(q, wasm_i8x16_splat(0x0F)), hl);
    *hi = wasm_v128_or(wasm_u8x16_shr(q, 4), hh);
}
static inline v128_t q5_0_plain(const block_q5_0 * b, const block_q8_0 * a) {
    v128_t lo, hi;
    q5_0_values(b, &lo, &hi);
    const v128_t v = DOT_PLAIN(wasm_i32x4_splat(0), wasm_i8x16_sub(lo, wasm_i8x16_splat(16)), wasm_v128_load(a->qs));
    return DOT_PLAIN(v, wasm_i8x16_sub(hi, wasm_i8x16_splat(16)), wasm_v128_load(a->qs + 16));
}
// (q - 16) * y = nibble * y - 16 * y where the high bit is clear, in 16-bit lanes (each at most
// 4 · 15 · 127 and 4 · 16 · 127): the high bits are never merged into the values, only turned
// into a mask that picks the y to take 16 times off.
GLEANER_RELAXED static inline v128_t q5_0_relaxed(const block_q5_0 * b, const block_q8_0 * a, v128_t zero) {
    const v128_t m4 = wasm_i8x16_splat(0x0F), sixteen = wasm_i8x16_splat(16);
    const v128_t bit = wasm_u8x16_make(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
    const v128_t h = wasm_v128_load32_splat(b->qh);
    const v128_t clear_lo = wasm_i8x16_eq(wasm_v128_and(wasm_i8x16_swizzle(h, wasm_i8x16_make(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1)), bit), zero);
    const v128_t clear_hi = wasm_i8x16_eq(wasm_v128_and(wasm_i8x16_swizzle(h, wasm_i8x16_make(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3)), bit), zero);
    const v128_t q = wasm_v128_load(b->qs);
    const v128_t y0 = wasm_v128_load(a->qs), y1 = wasm_v128_load(a->qs + 16);
    const v128_t t = wasm_i16x8_add(RDOT16(y0, wasm_v128_and(q, m4)), RDOT16(y1, wasm_v128_and(wasm_u16x8_shr(q, 4), m4)));
    // y where the high bit is clear, else 0: a lane select on whole-lane masks is exact everywhere (x86:
    // one pblendvb; as an and, clang would make it a v128.bitselect, three instructions in V8).
    const v128_t u = wasm_i16x8_add(RDOT16(wasm_i8x16_relaxed_laneselect(y0, zero, clear_lo), sixteen), RDOT16(wasm_i8x16_relaxed_laneselect(y1, zero, clear_hi), sixteen));
    return wasm_i16x8_sub(t, u);
}
#define Q5_0_PLAIN(i) q5_0_plain(&x[i], &y[i])
#define Q5_0_RELAXED(i) q5_0_relaxed(&x[i], &y[i], zero)

void gleaner_simd_vec_dot_q5_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q5_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    BLOCKS32_KERNEL(Q5_0_PLAIN, hsum_i32x4x4, WIDEN_I32)
}

GLEANER_RELAXED void gleaner_relaxed_vec_dot_q5_0_q8_0(KERNEL_ARGS) {
    UNUSED_ARGS;
    const int nb = n / QK8_0;
    const block_q5_0 * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
    const v128_t zero = OPAQUE_ZERO(n);
    BLOCKS32_KERNEL(Q5_0_RELAXED, hsum_i16x8x4, WIDEN_I16)
}

// ----------------------------------------------------------------- q4_K --

// One super-block of 256: the integer sum of scale[j] * (nibbles of sub-block j) · y, over the 8 sub-blocks.
#define Q4_K_SUPERBLOCK(DOT, q4, q8, sc, isum)                                                                            \
    do {                                                                                                                  \
        const v128_t m4 = wasm_i8x16_splat(0x0F);                                                                        \
        isum = wasm_i32x4_splat(0);                                                                                       \
        for (int j = 0; j < QK_K / 64; ++j) {                                                                             \
            const v128_t qa = wasm_v128_load(q4 + 32 * j), qb = wasm_v128_load(q4 + 32 * j + 16);                       \
            v128_t lo = DOT(wasm_i32x4_splat(0), wasm_v128_load(q8 + 64 * j), wasm_v128_and(qa, m4));                   \
            lo = DOT(lo, wasm_v128_load(q8 + 64 * j + 16), wasm_v128_and(qb, m4));                                        \
            v128_t hi = DOT(wasm_i32x4_splat(0), wasm_v128_load(q8 + 64 * j + 32), wasm_u8x16_shr(qa, 4));              \
            hi = DOT(hi, wasm_v128_load(q8 + 64 * j + 48), wasm_u8x16_shr(qb, 4));                                        \
            isum = wasm_i32x4_add(isum, wasm_i32x4_add(wasm_i32x4_mul(lo, wasm_i32x4_splat(sc[2 * j])), wasm_i32x4_mul(hi, wasm_i32x4_splat(sc[2 * j + 1])))); \
        }                                                                                                                 \
    } while (0)

#define Q4_K_KERNEL(SUPERBLOCK)                                                                                                \
    (void) bs, (void) bx, (void) by, (void) nrc;                                                                          \
    const int nb = n / QK_K;                                                                                              \
    const block_q4_K * GGML_RESTRICT x = vx;                                                                              \
    const block_q8_K * GGML_RESTRICT y = vy;                                                                              \
    v128_t acc = wasm_f32x4_splat(0.0f);                                                                                  \
    float mins = 0.0f;                                                                                                    \
    for (int i = 0; i < nb; ++i) {                                                                                        \
        uint8_t sm[16];                                                                                                   \
        q4_K_scales(x[i].scales, sm);                                                                                     \
        mins += y[i].d * FP16(x[i].dmin) * (float) q4_K_mins_dot(sm + 8, y[i].bsums);                                     \
        v128_t isum;                                                                                                      \
        SUPERBLOCK(x[i].qs, y[i].qs, sm, isum);                                                                           \
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum), wasm_f32x4_splat(y[i].d * FP16(x[i].d)))); \
    }                                                                                                                     \
    *s = hsum_f32(acc) - mins;

#define Q4_K_SUPERBLOCK_PLAIN(q4, q8, sc, isum) Q4_K_SUPERBLOCK(DOT_PLAIN, q4, q8, sc, isum)

void gleaner_simd_vec_dot_q4_K_q8_K(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc) {
    Q4_K_KERNEL(Q4_K_SUPERBLOCK_PLAIN)
}

// Relaxed: each sub-block of 32 summed in 16-bit lanes (4 products of a nibble and a y: at most
// 4 · 15 · 127), then widened and multiplied by its scale in one i32x4.dot_i16x8_s (pmaddwd) against
// the scale in every lane; the nibbles' high half shifted as 16-bit lanes and masked (i8x16.shr_u has
// no x86 instruction: V8 would add a mask of its own).
#define Q4_K_RELAXED_64(q4, q8, j, scales, m4, s0, s1)                                                                  \
    do {                                                                                                                  \
        const v128_t qa = wasm_v128_load(q4 + 32 * j), qb = wasm_v128_load(q4 + 32 * j + 16);                           \
        const v128_t lo = wasm_i16x8_add(RDOT16(wasm_v128_load(q8 + 64 * j), wasm_v128_and(qa, m4)), RDOT16(wasm_v128_load(q8 + 64 * j + 16), wasm_v128_and(qb, m4))); \
        const v128_t hi = wasm_i16x8_add(RDOT16(wasm_v128_load(q8 + 64 * j + 32), wasm_v128_and(wasm_u16x8_shr(qa, 4), m4)),     \
                                         RDOT16(wasm_v128_load(q8 + 64 * j + 48), wasm_v128_and(wasm_u16x8_shr(qb, 4), m4)));    \
        s0 = wasm_i32x4_add(s0, wasm_i32x4_dot_i16x8(lo, wasm_i16x8_shuffle(scales, scales, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j))); \
        s1 = wasm_i32x4_add(s1, wasm_i32x4_dot_i16x8(hi, wasm_i16x8_shuffle(scales, scales, 2 * j + 1, 2 * j + 1, 2 * j + 1, 2 * j + 1, 2 * j + 1, 2 * j + 1, 2 * j + 1, 2 * j + 1))); \
    } while (0)
#define Q4_K_SUPERBLOCK_RELAXED(q4, q8, sc, isum)                                                                         \
    do {                                                                                                                  \
        const v128_t m4 = wasm_i8x16_splat(0x0F);                                                                        \
        const v128_t scales = wasm_u16x8_load8x8(sc);                                                                    \
        v128_t s0 = wasm_i32x4_splat(0), s1 = wasm_i32x4_splat(0);                                                       \
        Q4_K_RELAXED_64(q4, q8, 0, scales, m4, s0, s1);                                                                   \
        Q4_K_RELAXED_64(q4, q8, 1, scales, m4, s0, s1);                                                                   \
        Q4_K_RELAXED_64(q4, q8, 2, scales, m4, s0, s1);                                                                   \
        Q4_K_RELAXED_64(q4, q8, 3, scales, m4, s0, s1);                                                                   \
        isum = wasm_i32x4_add(s0, s1);                                                                                    \
    } while (0)

GLEANER_RELAXED void gleaner_relaxed_vec_dot_q4_K_q8_K(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc) {
    Q4_K_KERNEL(Q4_K_SUPERBLOCK_RELAXED)
}

// ----------------------------------------------------------------- q6_K --

// The 128 6-bit values (0..63) of half a q6_K super-block, in element order, 16 per vector:
// low 4 bits from ql (64 bytes: elements 0..63 low nibbles, 64..127 high), high 2 bits from qh
// (32 bytes: bits 0-1 elements 0..31, 2-3 32..63, 4-5 64..95, 6-7 96..127). Unpacked with 16-bit shifts
// (the masks that follow drop what crosses a byte), which x86 has, unlike 8-bit ones.
#define Q6_K_UNPACK(ql, qh, q)                                                                                            \
    do {                                                                                                                  \
        const v128_t m4 = wasm_i8x16_splat(0x0F), m2 = wasm_i8x16_splat(0x30);                                           \
        const v128_t l0 = wasm_v128_load(ql), l1 = wasm_v128_load(ql + 16), l2 = wasm_v128_load(ql + 32), l3 = wasm_v128_load(ql + 48); \
        const v128_t h0 = wasm_v128_load(qh), h1 = wasm_v128_load(qh + 16);                                             \
        q[0] = wasm_v128_or(wasm_v128_and(l0, m4), wasm_v128_and(wasm_i16x8_shl(h0, 4), m2));                           \
        q[1] = wasm_v128_or(wasm_v128_and(l1, m4), wasm_v128_and(wasm_i16x8_shl(h1, 4), m2));                           \
        q[2] = wasm_v128_or(wasm_v128_and(l2, m4), wasm_v128_and(wasm_i16x8_shl(h0, 2), m2));                           \
        q[3] = wasm_v128_or(wasm_v128_and(l3, m4), wasm_v128_and(wasm_i16x8_shl(h1, 2), m2));                           \
        q[4] = wasm_v128_or(wasm_v128_and(wasm_u16x8_shr(l0, 4), m4), wasm_v128_and(h0, m2));                           \
        q[5] = wasm_v128_or(wasm_v128_and(wasm_u16x8_shr(l1, 4), m4), wasm_v128_and(h1, m2));                           \
        q[6] = wasm_v128_or(wasm_v128_and(wasm_u16x8_shr(l2, 4), m4), wasm_v128_and(wasm_u16x8_shr(h0, 2), m2));        \
        q[7] = wasm_v128_or(wasm_v128_and(wasm_u16x8_shr(l3, 4), m4), wasm_v128_and(wasm_u16x8_shr(h1, 2), m2));        \
    } while (0)

// sum over the 16 groups of 16 of scales[g] * bsums[g] (the offset of 32 taken off afterwards).
static inline v128_t q6_K_offset(const int8_t * scales, const int16_t * bsums) {
    const v128_t sc = wasm_v128_load(scales);
    return wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(bsums), wasm_i16x8_extend_low_i8x16(sc)),
                          wasm_i32x4_dot_i16x8(wasm_v128_load(bsums + 8), wasm_i16x8_extend_high_i8x16(sc)));
}

void gleaner_simd_vec_dot_q6_K_q8_K(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc) {
    (void) bs, (void) bx, (void) by, (void) nrc;
    const int nb = n / QK_K;
    const block_q6_K * GGML_RESTRICT x = vx;
    const block_q8_K * GGML_RESTRICT y = vy;
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < nb; ++i) {
        // (q - 32) * scale fits 16 bits (|.| <= 32 * 128), and two of its products with y fit 32:
        // the scale is multiplied in before the 16-bit dot product.
        v128_t isum = wasm_i32x4_splat(0);
        for (int half = 0; half < 2; ++half) {
            v128_t q[8];
            Q6_K_UNPACK(x[i].ql + 64 * half, x[i].qh + 32 * half, q);
            const int8_t * sc = x[i].scales + 8 * half;
            const int8_t * q8 = y[i].qs + 128 * half;
            for (int g = 0; g < 8; ++g) {
                const v128_t w = wasm_i8x16_sub(q[g], wasm_i8x16_splat(32));
                const v128_t yv = wasm_v128_load(q8 + 16 * g);
                const v128_t scale = wasm_i16x8_splat(sc[g]);
                isum = wasm_i32x4_add(isum, wasm_i32x4_dot_i16x8(wasm_i16x8_mul(wasm_i16x8_extend_low_i8x16(w), scale), wasm_i16x8_extend_low_i8x16(yv)));
                isum = wasm_i32x4_add(isum, wasm_i32x4_dot_i16x8(wasm_i16x8_mul(wasm_i16x8_extend_high_i8x16(w), scale), wasm_i16x8_extend_high_i8x16(yv)));
            }
        }
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum), wasm_f32x4_splat(FP16(x[i].d) * y[i].d)));
    }
    *s = hsum_f32(acc);
}

// Relaxed: each group of 16 (one scale) is one i16x8.relaxed_dot_i8x16_i7x16_s of y with the 6-bit
// values (two products per lane: at most 2 · 63 · 127), widened and multiplied by the group's scale in
// one i32x4.dot_i16x8_s against the scale in every lane.
GLEANER_RELAXED void gleaner_relaxed_vec_dot_q6_K_q8_K(int n, float * GGML_RESTRICT s, size_t bs, const void * GGML_RESTRICT vx, size_t bx, const void * GGML_RESTRICT vy, size_t by, int nrc) {
    (void) bs, (void) bx, (void) by, (void) nrc;
    const int nb = n / QK_K;
    const block_q6_K * GGML_RESTRICT x = vx;
    const block_q8_K * GGML_RESTRICT y = vy;
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < nb; ++i) {
        // sum scale[g] * (q - 32) · y = sum scale[g] * (q · y) - 32 * sum scale[g] * bsums[g]
        v128_t isum = wasm_i32x4_mul(q6_K_offset(x[i].scales, y[i].bsums), wasm_i32x4_splat(-32));
        const v128_t sc = wasm_v128_load(x[i].scales);
        for (int half = 0; half < 2; ++half) {
            v128_t q[8];
            Q6_K_UNPACK(x[i].ql + 64 * half, x[i].qh + 32 * half, q);
            const v128_t scales = half ? wasm_i16x8_extend_high_i8x16(sc) : wasm_i16x8_extend_low_i8x16(sc);
            const int8_t * q8 = y[i].qs + 128 * half;
#define Q6_K_GROUP(g) \
    isum = wasm_i32x4_add(isum, wasm_i32x4_dot_i16x8(RDOT16(wasm_v128_load(q8 + 16 * (g)), q[g]), wasm_i16x8_shuffle(scales, scales, g, g, g, g, g, g, g, g)))
            Q6_K_GROUP(0);
            Q6_K_GROUP(1);
            Q6_K_GROUP(2);
            Q6_K_GROUP(3);
            Q6_K_GROUP(4);
            Q6_K_GROUP(5);
            Q6_K_GROUP(6);
            Q6_K_GROUP(7);
#undef Q6_K_GROUP
        }
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(isum), wasm_f32x4_splat(FP16(x[i].d) * y[i].d)));
    }
    *s = hsum_f32(acc);
}
