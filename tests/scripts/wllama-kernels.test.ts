import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  functionHasSimdOp,
  kernelBody,
  MATMUL_KERNELS,
  parseKernelObject,
  RELAXED_KERNELS,
  SIMD_KERNELS,
  spliceKernels,
  wllamaFunctionNames,
  wllamaKernels,
} from '../../scripts/wllama-kernels';

const require = createRequire(import.meta.url);
const wllamaWasm = readFileSync(require.resolve('@wllama/wllama/esm/wasm/wllama.wasm'));
const names = wllamaFunctionNames(readFileSync(require.resolve('@wllama/wllama/src/wasm/source-map.ts'), 'utf8'));
const kernelObject = readFileSync(path.resolve('scripts/wllama-kernels/ggml-wasm-simd.o'));
const matmulObject = readFileSync(path.resolve('scripts/wllama-kernels/matmul.o'));
const kernelObjects = [kernelObject, matmulObject];
const I32X4_DOT_I16X8_S = 0xba;
const I16X8_RELAXED_DOT_I8X16_I7X16_S = 0x112;
const I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S = 0x113;
// Relaxed SIMD's opcodes: 0x100 (i8x16.relaxed_swizzle) to 0x113.
const RELAXED_OPS = Array.from({ length: 0x14 }, (_, i) => 0x100 + i);
/** The kernel sets checked: ggml's alone, and the two Gleaner ships (plain SIMD, relaxed SIMD). */
const KERNEL_SETS: Record<string, Readonly<Record<string, string>>> = { ggml: SIMD_KERNELS, simd: wllamaKernels('simd'), relaxed: wllamaKernels('relaxed') };

describe('ggml SIMD kernels spliced into wllama (scripts/wllama-kernels.ts)', () => {
  it('wllama ships scalar dot products, and the patched wasm has the SIMD ones', () => {
    const { wasm, report } = spliceKernels(wllamaWasm, kernelObject, names);
    expect(report.replaced.map((r) => r.name)).toEqual(Object.keys(SIMD_KERNELS));
    for (const name of ['ggml_vec_dot_q8_0_q8_0', 'ggml_vec_dot_q4_0_q8_0', 'ggml_vec_dot_q5_0_q8_0', 'ggml_vec_dot_q4_K_q8_K']) {
      // The stock build never uses wasm's 16-bit dot product instruction (GGML_CPU_GENERIC).
      expect(functionHasSimdOp(wllamaWasm, names.get(name)!, I32X4_DOT_I16X8_S)).toBe(false);
      expect(functionHasSimdOp(wasm, names.get(name)!, I32X4_DOT_I16X8_S)).toBe(true);
    }
    // The rest of the module is untouched: same length give or take the replaced bodies.
    const delta = report.replaced.reduce((n, r) => n + r.newBytes - r.oldBytes, 0);
    expect(Math.abs(wasm.length - wllamaWasm.length - delta)).toBeLessThan(16);
  });

  it('ships two variants: Gleaner’s plain-SIMD kernels in both, the relaxed-SIMD ones only in the relaxed build', () => {
    const simd = spliceKernels(wllamaWasm, kernelObjects, names, wllamaKernels('simd')).wasm;
    const relaxed = spliceKernels(wllamaWasm, kernelObjects, names, wllamaKernels('relaxed')).wasm;
    for (const name of Object.keys(wllamaKernels('relaxed'))) {
      // The plain build must compile where relaxed SIMD is unknown: not one relaxed instruction.
      for (const op of RELAXED_OPS) expect(functionHasSimdOp(simd, names.get(name)!, op), `${name} 0x${op.toString(16)}`).toBe(false);
    }
    // One of relaxed SIMD's two dot products (16-bit lanes, or accumulated into 32-bit ones).
    for (const name of Object.keys(RELAXED_KERNELS)) {
      const dots = [I16X8_RELAXED_DOT_I8X16_I7X16_S, I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S].filter((op) => functionHasSimdOp(relaxed, names.get(name)!, op));
      expect(dots.length, name).toBeGreaterThan(0);
    }
    for (const name of Object.keys(MATMUL_KERNELS)) expect(functionHasSimdOp(simd, names.get(name)!, I32X4_DOT_I16X8_S)).toBe(true);
  });

  it('refuses a kernel that calls a function it cannot map (ggml’s quantize_row_q8_0 calls memcpy)', () => {
    expect(() => spliceKernels(wllamaWasm, kernelObject, names, { ...SIMD_KERNELS, quantize_row_q8_0: 'quantize_row_q8_0' })).toThrow(/quantize_row_q8_0 refers to memcpy/);
  });

  it('refuses a kernel that refers to data it cannot map (q5_0 reads a lookup table)', () => {
    expect(() => spliceKernels(wllamaWasm, kernelObject, names, { ggml_vec_dot_q5_0_q8_0: 'ggml_vec_dot_q5_0_q8_0' })).toThrow(/table_b2b/);
    expect(() => spliceKernels(wllamaWasm, kernelObject, names, { ggml_vec_dot_no_such_kernel: 'ggml_vec_dot_q8_0_q8_0' })).toThrow(/no single function/);
  });

  describe.each(Object.keys(KERNEL_SETS))('the %s kernels compute ggml’s dot products (checked against a reference in JavaScript)', (set) => {
    const kernels = KERNEL_SETS[set]!;
    let results: Record<string, { kernel: number; reference: number }> = {};
    let exact: Record<string, { kernel: number; reference: number }> = {};
    beforeAll(() => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gleaner-kernels-'));
      try {
        const moduleFile = path.join(dir, 'kernels.wasm');
        writeFileSync(moduleFile, kernelModule(kernels));
        const run = (unitScales: boolean) => {
          const script = path.join(dir, 'run.cjs');
          writeFileSync(script, `(${runKernels.toString()})(${JSON.stringify(moduleFile)}, ${unitScales})`);
          // memory64 (wllama's main build) and relaxed SIMD are behind flags in Node 20; its baseline compiler
          // (Liftoff) gets relaxed SIMD's dot product wrong there (4 × (−3 · 5) + 0 gives −120), so TurboFan only.
          const flags = ['--experimental-wasm-memory64', '--experimental-wasm-relaxed-simd', '--no-liftoff'];
          return JSON.parse(execFileSync(process.execPath, [...flags, script], { encoding: 'utf8' })) as typeof results;
        };
        results = run(false);
        exact = run(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('every spliced kernel is checked', () => {
      expect(Object.keys(results)).toEqual(Object.keys(kernels));
    });

    it.each(Object.keys(kernels))('%s', (name) => {
      const { kernel, reference } = results[name]!;
      expect(Math.abs(reference)).toBeGreaterThan(1);
      expect(Math.abs(kernel - reference) / Math.abs(reference)).toBeLessThan(1e-4);
    });

    // With every scale 1 the dot product is the integer sum itself (well below 2^24, so exact in float):
    // the kernel must give it to the unit, whatever order it adds in.
    it.each(Object.keys(kernels).filter((name) => /^ggml_vec_dot_q/.test(name)))('%s: the exact integer sum (all scales 1)', (name) => {
      const { kernel, reference } = exact[name]!;
      expect(Number.isInteger(reference) && Math.abs(reference) > 1000).toBe(true);
      expect(kernel).toBe(reference);
    });
  });
});

/** A small wasm64 module holding the kernels as spliced (stack pointer: its global 0), exported by name. */
function kernelModule(set: Readonly<Record<string, string>>): Uint8Array {
  const objects = kernelObjects.map(parseKernelObject);
  const kernels = Object.values(set).map((name) => kernelBody(objects, name, () => 0));
  const signatures = [...new Set(kernels.map((k) => k.signature))];
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      n = Math.floor(n / 128);
    } while (n);
    return out;
  };
  const str = (s: string) => [...leb(s.length), ...Buffer.from(s)];
  const section = (id: number, payload: number[]) => [id, ...leb(payload.length), ...payload];
  const pages = 32; // 2 MiB: data below 1 MiB, the stack below the top
  const bytes = [
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [signatures.length, ...signatures.flatMap((t) => t.split(',').map(Number))]),
    ...section(3, [kernels.length, ...kernels.map((k) => signatures.indexOf(k.signature))]),
    ...section(5, [1, 0x04, ...leb(pages)]), // one memory64
    // global 0: the stack pointer (mutable i64), i64.const 2 MiB (as a signed LEB: 0x80 0x80 0x80 0x01)
    ...section(6, [1, 0x7e, 1, 0x42, 0x80, 0x80, 0x80, 0x01, 0x0b]),
    ...section(7, [kernels.length + 1, ...Object.keys(set).flatMap((name, i) => [...str(name), 0, i]), ...str('memory'), 2, 0]),
    ...section(10, [kernels.length, ...kernels.flatMap((k) => [...leb(k.body.length), ...k.body])]),
  ];
  return Uint8Array.from(bytes);
}

/**
 * Runs in a child Node (memory64 flag): fills random blocks of each format, calls the kernel,
 * and computes the same dot product from ggml's block layouts in float64.
 */
function runKernels(file: string, unitScales: boolean): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), {});
  const exports = instance.exports as Record<string, (...args: Array<number | bigint>) => void> & { memory: WebAssembly.Memory };
  const mem = new DataView(exports.memory.buffer);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const f16 = (at: number) => {
    const h = mem.getUint16(at, true);
    const e = (h >> 10) & 31;
    const m = h & 1023;
    const v = e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15);
    return h & 0x8000 ? -v : v;
  };
  const setF16 = (at: number, v: number) => {
    // Small normal values only: exact enough for a test (sign, exponent, 10-bit mantissa).
    const e = Math.floor(Math.log2(Math.abs(v)));
    const m = Math.round((Math.abs(v) / 2 ** e - 1) * 1024);
    mem.setUint16(at, (v < 0 ? 0x8000 : 0) + ((e + 15) << 10) + m, true);
  };
  const fill = (at: number, n: number) => {
    for (let i = 0; i < n; i++) mem.setUint8(at + i, Math.floor(rand() * 256));
  };
  const int8s = (at: number, n: number) => {
    for (let i = 0; i < n; i++) mem.setInt8(at + i, Math.floor(rand() * 255) - 127);
  };
  // Every block scale 1 (unitScales): the dot products are then exact integers.
  const scale = (v: number) => (unitScales ? 1 : v);
  const X = 0x1000;
  const Y = 0x40000;
  const S = 0x80000;
  const out: Record<string, { kernel: number; reference: number }> = {};
  const call = (name: string, n: number) => {
    mem.setFloat32(S, NaN, true);
    exports[name]!(n, BigInt(S), 0n, BigInt(X), 0n, BigInt(Y), 0n, 1);
    return mem.getFloat32(S, true);
  };
  // The 32-element formats against Q8_0 (block = f16 d, int8 qs[32]: 34 bytes), each block starting with its f16 d:
  // Q8_0: int8 qs[32] (34 bytes).
  // Q4_0: uint8 qs[16] (18 bytes): element j is (qs[j] & 15) - 8, element j+16 is (qs[j] >> 4) - 8.
  // Q5_0: uint8 qh[4], uint8 qs[16] (22 bytes): element j is ((qs[j] & 15) | bit j of qh << 4) - 16,
  //   element j+16 is ((qs[j] >> 4) | bit j+16 of qh << 4) - 16.
  const nibble = (q: number, i: number) => (i < 16 ? q & 15 : q >> 4);
  const blocks32: Array<{ name: string; bytes: number; fillQuants: (x: number) => void; element: (x: number, i: number) => number }> = [
    { name: 'ggml_vec_dot_q8_0_q8_0', bytes: 34, fillQuants: (x) => int8s(x + 2, 32), element: (x, i) => mem.getInt8(x + 2 + i) },
    { name: 'ggml_vec_dot_q4_0_q8_0', bytes: 18, fillQuants: (x) => fill(x + 2, 16), element: (x, i) => nibble(mem.getUint8(x + 2 + (i % 16)), i) - 8 },
    {
      name: 'ggml_vec_dot_q5_0_q8_0',
      bytes: 22,
      fillQuants: (x) => fill(x + 2, 20),
      element: (x, i) => (nibble(mem.getUint8(x + 6 + (i % 16)), i) | (((mem.getUint32(x + 2, true) >>> i) & 1) << 4)) - 16,
    },
  ];
  for (const format of blocks32) {
    const nb = 30;
    let reference = 0;
    for (let b = 0; b < nb; b++) {
      const x = X + b * format.bytes;
      const y = Y + b * 34;
      // The weights' scales of either sign (q4_0 and q5_0 scales are negative as often as not), the
      // activations' positive (amax / 127); two blocks with subnormal half scales, one of them negative.
      setF16(x, scale((rand() < 0.5 ? -1 : 1) * (0.01 + rand() * 0.02)));
      setF16(y, scale(0.01 + rand() * 0.02));
      if (!unitScales && b === 5) mem.setUint16(x, 0x8123, true);
      if (!unitScales && b === 9) mem.setUint16(y, 0x0007, true);
      format.fillQuants(x);
      int8s(y + 2, 32);
      let sum = 0;
      for (let i = 0; i < 32; i++) sum += format.element(x, i) * mem.getInt8(y + 2 + i);
      reference += f16(x) * f16(y) * sum;
    }
    out[format.name] = { kernel: call(format.name, nb * 32), reference };
  }
  // Q8_K (the activations of the K-quants): float d, int8 qs[256], int16 bsums[16] (sums of 16) = 292 bytes.
  const q8K = (at: number) => {
    mem.setFloat32(at, scale(0.01 + rand() * 0.02), true);
    int8s(at + 4, 256);
    for (let g = 0; g < 16; g++) {
      let s = 0;
      for (let i = 0; i < 16; i++) s += mem.getInt8(at + 4 + g * 16 + i);
      mem.setInt16(at + 260 + 2 * g, s, true);
    }
    return { d: mem.getFloat32(at, true), q: (i: number) => mem.getInt8(at + 4 + i) };
  };
  // Q4_K: f16 d, f16 dmin, uint8 scales[12] (6-bit scales and mins), uint8 qs[128] = 144 bytes (ggml's dequantize_row_q4_K).
  {
    const nb = 4;
    let reference = 0;
    for (let b = 0; b < nb; b++) {
      const x = X + b * 144;
      setF16(x, scale(0.001 + rand() * 0.002));
      setF16(x + 2, scale(0.001 + rand() * 0.002));
      fill(x + 4, 12 + 128);
      const y = q8K(Y + b * 292);
      const sc = (j: number) => mem.getUint8(x + 4 + j);
      const scaleMin = (j: number): [number, number] =>
        j < 4 ? [sc(j) & 63, sc(j + 4) & 63] : [(sc(j + 4) & 0xf) | ((sc(j - 4) >> 6) << 4), (sc(j + 4) >> 4) | ((sc(j) >> 6) << 4)];
      const d = f16(x);
      const dmin = f16(x + 2);
      let k = 0;
      for (let j = 0, is = 0; j < 256; j += 64, is += 2) {
        const [s1, m1] = scaleMin(is);
        const [s2, m2] = scaleMin(is + 1);
        const q = x + 16 + j / 2;
        for (let l = 0; l < 32; l++) reference += (d * s1 * (mem.getUint8(q + l) & 0xf) - dmin * m1) * y.d * y.q(k + l);
        for (let l = 0; l < 32; l++) reference += (d * s2 * (mem.getUint8(q + l) >> 4) - dmin * m2) * y.d * y.q(k + 32 + l);
        k += 64;
      }
    }
    out.ggml_vec_dot_q4_K_q8_K = { kernel: call('ggml_vec_dot_q4_K_q8_K', nb * 256), reference };
  }
  // Q6_K: uint8 ql[128], uint8 qh[64], int8 scales[16], f16 d = 210 bytes (ggml's dequantize_row_q6_K).
  {
    const nb = 4;
    let reference = 0;
    for (let b = 0; b < nb; b++) {
      const x = X + b * 210;
      fill(x, 192);
      int8s(x + 192, 16);
      setF16(x + 208, scale(0.001 + rand() * 0.002));
      const y = q8K(Y + b * 292);
      const d = f16(x + 208);
      for (let n = 0; n < 2; n++) {
        const ql = x + n * 64;
        const qh = x + 128 + n * 32;
        const scales = x + 192 + n * 8;
        for (let l = 0; l < 32; l++) {
          const is = Math.floor(l / 16);
          const h = mem.getUint8(qh + l);
          const q1 = ((mem.getUint8(ql + l) & 0xf) | ((h & 3) << 4)) - 32;
          const q2 = ((mem.getUint8(ql + l + 32) & 0xf) | (((h >> 2) & 3) << 4)) - 32;
          const q3 = ((mem.getUint8(ql + l) >> 4) | (((h >> 4) & 3) << 4)) - 32;
          const q4 = ((mem.getUint8(ql + l + 32) >> 4) | (((h >> 6) & 3) << 4)) - 32;
          const base = n * 128;
          reference += d * mem.getInt8(scales + is) * q1 * y.d * y.q(base + l);
          reference += d * mem.getInt8(scales + is + 2) * q2 * y.d * y.q(base + l + 32);
          reference += d * mem.getInt8(scales + is + 4) * q3 * y.d * y.q(base + l + 64);
          reference += d * mem.getInt8(scales + is + 6) * q4 * y.d * y.q(base + l + 96);
        }
      }
    }
    out.ggml_vec_dot_q6_K_q8_K = { kernel: call('ggml_vec_dot_q6_K_q8_K', nb * 256), reference };
  }
  // F16 × F16 (attention's K·q over the F16 KV cache): raw half-precision bit patterns, subnormals included,
  // and a length that ends in every loop of the kernel (16 at a time, 4 at a time, one at a time).
  {
    const n = 64 + 16 + 4 + 3;
    let reference = 0;
    for (let i = 0; i < n; i++) {
      // x: any finite positive half (exponent 0..30, so subnormals too); y: around 1, either sign.
      mem.setUint16(X + 2 * i, Math.floor(rand() * 0x7bff) + 1, true);
      mem.setUint16(Y + 2 * i, (rand() < 0.3 ? 0x8000 : 0) + (14 << 10) + Math.floor(rand() * 2048), true);
      reference += f16(X + 2 * i) * f16(Y + 2 * i);
    }
    let kernel = call('ggml_vec_dot_f16', n);
    // Each half converts exactly: 16 copies of one value against 16 ones sum to exactly 16 times its value.
    for (const h of [0x0001, 0x0200, 0x03ff, 0x0400, 0x3c00, 0x3555, 0x7bff, 0x8001, 0xc000, 0x0000]) {
      for (let i = 0; i < 16; i++) {
        mem.setUint16(X + 2 * i, h, true);
        mem.setUint16(Y + 2 * i, 0x3c00, true);
      }
      if (call('ggml_vec_dot_f16', 16) !== Math.fround(16 * f16(X))) kernel = NaN;
    }
    // Infinities and NaN come out as ggml's scalar conversion gives them.
    for (const [h, expected] of [
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
      [0x7e00, NaN],
    ] as const) {
      mem.setUint16(X + 2 * 5, h, true);
      if (!Object.is(call('ggml_vec_dot_f16', 16), expected)) kernel = NaN;
    }
    out.ggml_vec_dot_f16 = { kernel, reference };
  }
  // The activations' quantization (float rows to q8_0 / q8_K blocks): every quantized value must equal the
  // reference's (ggml's quantize_row_q8_0_ref / q8_K_ref), and the scale too; the result is then a checksum.
  const floats = (blocks: number, size: number) => {
    for (let b = 0; b < blocks; b++) {
      // One all-zero block, the others at scales from 1e-3 to 1e2.
      const scale = b === 1 ? 0 : 10 ** (rand() * 5 - 3);
      for (let i = 0; i < size; i++) mem.setFloat32(X + 4 * (b * size + i), (rand() * 2 - 1) * scale, true);
    }
  };
  const x = (i: number) => mem.getFloat32(X + 4 * i, true);
  const roundAway = (v: number) => Math.sign(v) * Math.round(Math.abs(v));
  // q8_0 stores its scale as a half: 11 bits, fewer for the smallest (subnormal) scales.
  const closeScale = (kernel: number, reference: number) => Math.abs(kernel - reference) <= Math.max(reference * 1e-3, 2 ** -25);
  {
    const nb = 8;
    floats(nb, 32);
    exports.quantize_row_q8_0!(BigInt(X), BigInt(Y), BigInt(nb * 32));
    let ok = true;
    let reference = 0;
    for (let b = 0; b < nb; b++) {
      let amax = 0;
      for (let i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(x(b * 32 + i)));
      const d = Math.fround(amax / 127);
      const id = d ? Math.fround(1 / d) : 0;
      const y = Y + b * 34;
      ok &&= closeScale(Math.abs(f16(y)), d);
      for (let i = 0; i < 32; i++) {
        const q = roundAway(Math.fround(x(b * 32 + i) * id));
        ok &&= mem.getInt8(y + 2 + i) === q;
        reference += (i + 1) * Math.abs(q);
      }
      reference += d;
    }
    out.quantize_row_q8_0 = { kernel: ok ? reference : NaN, reference };
  }
  {
    const nb = 3;
    floats(nb, 256);
    exports.quantize_row_q8_K!(BigInt(X), BigInt(Y), BigInt(nb * 256));
    let ok = true;
    let reference = 0;
    for (let b = 0; b < nb; b++) {
      let amax = 0;
      for (let i = 0; i < 256; i++) if (Math.abs(x(b * 256 + i)) > Math.abs(amax)) amax = x(b * 256 + i);
      const y = Y + b * 292;
      const iscale = amax ? Math.fround(-127 / amax) : 0;
      ok &&= closeScale(Math.abs(mem.getFloat32(y, true)), amax ? Math.abs(Math.fround(1 / iscale)) : 0);
      for (let g = 0; g < 16; g++) {
        let sum = 0;
        for (let i = 0; i < 16; i++) {
          const j = g * 16 + i;
          const q = Math.min(127, Math.round(Math.fround(iscale * x(b * 256 + j))));
          ok &&= mem.getInt8(y + 4 + j) === q;
          sum += q;
          reference += (j + 1) * Math.abs(q);
        }
        ok &&= mem.getInt16(y + 260 + 2 * g, true) === sum;
      }
    }
    out.quantize_row_q8_K = { kernel: ok ? reference : NaN, reference };
  }
  process.stdout.write(JSON.stringify(out));
}
