// Driver of bench-matmul.sh: runs one of the spliced matrix-product kernels over a matrix
// (row by row, as ggml's mul_mat does for one token), linked against the committed objects
// themselves (ggml-wasm-simd.o, matmul.o), so what is timed is what is spliced.
#include <stddef.h>
#include <stdint.h>

#define KERNEL(name) extern void name(int, float *, size_t, const void *, size_t, const void *, size_t, int);
#define KERNELS(X)                         \
    X(ggml_vec_dot_q8_0_q8_0)              \
    X(ggml_vec_dot_q4_0_q8_0)              \
    X(gleaner_vec_dot_q5_0_q8_0)           \
    X(ggml_vec_dot_q4_K_q8_K)              \
    X(ggml_vec_dot_q6_K_q8_K)              \
    X(gleaner_simd_vec_dot_q8_0_q8_0)      \
    X(gleaner_simd_vec_dot_q4_0_q8_0)      \
    X(gleaner_simd_vec_dot_q5_0_q8_0)      \
    X(gleaner_simd_vec_dot_q4_K_q8_K)      \
    X(gleaner_simd_vec_dot_q6_K_q8_K)      \
    X(gleaner_relaxed_vec_dot_q8_0_q8_0)   \
    X(gleaner_relaxed_vec_dot_q4_0_q8_0)   \
    X(gleaner_relaxed_vec_dot_q5_0_q8_0)   \
    X(gleaner_relaxed_vec_dot_q4_K_q8_K)   \
    X(gleaner_relaxed_vec_dot_q6_K_q8_K)
KERNELS(KERNEL)

// Bump allocation in fresh pages (the runner fills them).
__attribute__((export_name("alloc"))) void * alloc(size_t bytes) {
    const size_t pages = (bytes + 65535) / 65536;
    const size_t first = __builtin_wasm_memory_grow(0, pages);
    return (void *) (first * 65536);
}

// reps matrix-vector products: out[r] = row r of W (row_bytes apart) · a, with kernel number
// `kernel` of KERNELS (direct calls: Node 20 has no 64-bit tables for function pointers).
__attribute__((export_name("matvec"))) void matvec(int kernel, int n, int rows, const char * w, size_t row_bytes, const void * a, float * out, int reps) {
    int k = 0;
#define CASE(name)                                                                                                   \
    if (kernel == k++)                                                                                               \
        for (int rep = 0; rep < reps; rep++)                                                                         \
            for (int r = 0; r < rows; r++) name(n, out + r, 0, w + (size_t) r * row_bytes, 0, a, 0, 1);
    KERNELS(CASE)
}
