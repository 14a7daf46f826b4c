// Kernel micro-benchmark (bench-kernels.sh): ggml's dot products, where decode and prefill
// spend their time, on matrices shaped like the benchmark models' (SmolLM2-360M's Q8_0 FFN,
// Qwen2.5-0.5B's Q5_0 gate/up and Q4_K/Q6_K down), timed by process CPU time (the machine is
// shared). The same file is compiled to wasm (ggml's generic or its wasm SIMD kernels) and natively.
#include "ggml-common.h"
#include "ggml-quants.h"
#include "ggml-impl.h"
#include "ggml-cpu.h"
#include "ggml-cpu/quants.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <math.h>
#include <stdarg.h>

float ggml_table_f32_f16[1 << 16];
void ggml_abort(const char * file, int line, const char * fmt, ...) { fprintf(stderr, "abort %s:%d\n", file, line); abort(); }
void ggml_log_internal(enum ggml_log_level level, const char * fmt, ...) {}
void ggml_log_callback_default(enum ggml_log_level level, const char * text, void * user_data) {}

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
EM_JS(double, cpu_s, (void), { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; });
#else
static double cpu_s(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
#endif
static float frand(unsigned * s) { *s = *s * 1103515245u + 12345u; return ((*s >> 8) & 0xffff) / 32768.0f - 1.0f; }

typedef void (*vec_dot_t)(int, float *, size_t, const void *, size_t, const void *, size_t, int);
typedef void (*quant_t)(const float *, void *, int64_t);

static void run(const char * name, int cols, int rows, size_t wblock, int wqk, void * wquantp,
                size_t ablock, int aqk, quant_t aquant, vec_dot_t dot) {
  unsigned seed = 7;
  void (*wquant)(const float *, void *, int64_t) = (void (*)(const float *, void *, int64_t))wquantp;
  float * w = malloc(sizeof(float) * cols);
  size_t wrow = (size_t)cols / wqk * wblock, arow = (size_t)cols / aqk * ablock;
  char * W = malloc(wrow * rows); char * A = malloc(arow);
  for (int r = 0; r < rows; r++) { for (int i = 0; i < cols; i++) w[i] = frand(&seed); wquant(w, W + r * wrow, cols); }
  for (int i = 0; i < cols; i++) w[i] = frand(&seed);
  aquant(w, A, cols);
  float acc = 0, out;
  int reps = 0; double t0 = cpu_s(), t;
  do { for (int r = 0; r < rows; r++) { dot(cols, &out, 0, W + r * wrow, 0, A, 0, 1); acc += out; } reps++; t = cpu_s() - t0; } while (t < 1.0);
  double gb = (double)wrow * rows * reps / t / 1e9;
  printf("%-10s %5dx%-6d %8.3f ms/matvec  %6.2f GB/s of weights  (%g)\n", name, rows, cols, t / reps * 1e3, gb, acc);
  free(w); free(W); free(A);
}

int main(void) {
  for (int i = 0; i < (1 << 16); i++) { ggml_fp16_t h = (ggml_fp16_t)i; ggml_table_f32_f16[i] = GGML_COMPUTE_FP16_TO_FP32(h); }
  // SmolLM2-360M Q8_0: ffn (2560x960) and output (49152x960); Qwen2.5-0.5B Q4_K_M: ffn gate/up Q4_K is 896 wide (-> Q5_0), down 4864 wide (Q4_K/Q6_K), output Q8_0 151936x896
  run("q8_0", 960, 2560, sizeof(block_q8_0), QK8_0, (void *)quantize_row_q8_0_ref, sizeof(block_q8_0), QK8_0, quantize_row_q8_0, ggml_vec_dot_q8_0_q8_0);
  run("q5_0", 896, 4864, sizeof(block_q5_0), QK5_0, (void *)quantize_row_q5_0_ref, sizeof(block_q8_0), QK8_0, quantize_row_q8_0, ggml_vec_dot_q5_0_q8_0);
#ifdef GLEANER_Q5_0
  // Gleaner's table-free q5_0 (kernels.c), the one spliced into wllama's wasm
  extern void gleaner_vec_dot_q5_0_q8_0(int, float *, size_t, const void *, size_t, const void *, size_t, int);
  run("q5_0 (gl)", 896, 4864, sizeof(block_q5_0), QK5_0, (void *)quantize_row_q5_0_ref, sizeof(block_q8_0), QK8_0, quantize_row_q8_0, gleaner_vec_dot_q5_0_q8_0);
#endif
  run("q4_K", 4864, 896, sizeof(block_q4_K), QK_K, (void *)quantize_row_q4_K_ref, sizeof(block_q8_K), QK_K, quantize_row_q8_K, ggml_vec_dot_q4_K_q8_K);
  run("q6_K", 4864, 896, sizeof(block_q6_K), QK_K, (void *)quantize_row_q6_K_ref, sizeof(block_q8_K), QK_K, quantize_row_q8_K, ggml_vec_dot_q6_K_q8_K);
  // 204 MB of q8_0 rows, far beyond the caches: the speed of streaming weights from memory, as decode does
  run("q8_0 DRAM", 960, 200000, sizeof(block_q8_0), QK8_0, (void *)quantize_row_q8_0_ref, sizeof(block_q8_0), QK8_0, quantize_row_q8_0, ggml_vec_dot_q8_0_q8_0);
  return 0;
}
