// Runner of bench-matmul.sh: ms per matrix-vector product for each kernel of the driver
// (bench-matmul.c), one core; each new kernel's results are compared with ggml's on the same
// rows. In Node (process CPU time) or, with --browser, in headless Chromium (CPU time of the
// renderer's main thread, from /proc: its V8 is the one the extension runs on). Usage:
// node --experimental-wasm-memory64 --experimental-wasm-relaxed-simd --no-liftoff bench-matmul.mjs bench.wasm [--browser] [case regexp]
/* global Buffer, process, console, WebAssembly */
import { readFileSync } from 'node:fs';

// wasm-ld gives a wasm64 module an (unused, empty) 64-bit table, which Node 20 cannot compile: dropped.
function withoutTable(wasm) {
  const parts = [wasm.subarray(0, 8)];
  for (let pos = 8; pos < wasm.length;) {
    const start = pos++;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[pos++];
      size += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    if (wasm[start] !== 4) parts.push(wasm.subarray(start, pos + size));
    pos += size;
  }
  return Buffer.concat(parts);
}
const args = process.argv.slice(3);
const browser = args.includes('--browser');
const onlyPattern = args.find((a) => a !== '--browser') ?? null;
const bytes = withoutTable(readFileSync(process.argv[2]));

// Runs where the wasm runs: in this process, or serialised into a Chromium page.
async function bench(wasm, onlyPattern, clock, log) {
  const bytes = Uint8Array.from(wasm);
  const stub = () => {
    throw new Error('not used by the kernels');
  };
  const module = new WebAssembly.Module(bytes);
  const imports = {};
  for (const { module: m, name, kind } of WebAssembly.Module.imports(module)) if (kind === 'function') (imports[m] ??= {})[name] = stub;
  const { exports } = new WebAssembly.Instance(module, imports);
  const KERNELS = [
    'ggml_vec_dot_q8_0_q8_0',
    'ggml_vec_dot_q4_0_q8_0',
    'gleaner_vec_dot_q5_0_q8_0',
    'ggml_vec_dot_q4_K_q8_K',
    'ggml_vec_dot_q6_K_q8_K',
    'gleaner_simd_vec_dot_q8_0_q8_0',
    'gleaner_simd_vec_dot_q4_0_q8_0',
    'gleaner_simd_vec_dot_q5_0_q8_0',
    'gleaner_simd_vec_dot_q4_K_q8_K',
    'gleaner_simd_vec_dot_q6_K_q8_K',
    'gleaner_relaxed_vec_dot_q8_0_q8_0',
    'gleaner_relaxed_vec_dot_q4_0_q8_0',
    'gleaner_relaxed_vec_dot_q5_0_q8_0',
    'gleaner_relaxed_vec_dot_q4_K_q8_K',
    'gleaner_relaxed_vec_dot_q6_K_q8_K',
  ];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  const view = () => new DataView(exports.memory.buffer);
  const alloc = (n) => Number(exports.alloc(BigInt(n)));
  const i8s = (v, at, n) => {
    for (let i = 0; i < n; i++) v.setInt8(at + i, Math.floor(rand() * 255) - 127);
  };
  const u8s = (v, at, n) => {
    for (let i = 0; i < n; i++) v.setUint8(at + i, Math.floor(rand() * 256));
  };
  const half = () => 0x2000 + Math.floor(rand() * 0x400); // ~0.008-0.016: normal, no denormal products
  // Weight formats: block bytes, elements per block, fill one block.
  const FORMATS = {
    q8_0: { bytes: 34, qk: 32, fill: (v, at) => (v.setUint16(at, half(), true), i8s(v, at + 2, 32)) },
    q4_0: { bytes: 18, qk: 32, fill: (v, at) => (v.setUint16(at, half(), true), u8s(v, at + 2, 16)) },
    q5_0: { bytes: 22, qk: 32, fill: (v, at) => (v.setUint16(at, half(), true), u8s(v, at + 2, 20)) },
    q4_K: { bytes: 144, qk: 256, fill: (v, at) => (v.setUint16(at, half(), true), v.setUint16(at + 2, half(), true), u8s(v, at + 4, 140)) },
    q6_K: { bytes: 210, qk: 256, fill: (v, at) => (u8s(v, at, 192), i8s(v, at + 192, 16), v.setUint16(at + 208, half(), true)) },
  };
  // Activations: q8_0 (34 bytes per 32) or q8_K (f32 d, 256 int8, 16 int16 sums of 16: 292 bytes per 256).
  const ACTIVATIONS = {
    q8_0: { bytes: 34, qk: 32, fill: (v, at) => (v.setUint16(at, half(), true), i8s(v, at + 2, 32)) },
    q8_K: {
      bytes: 292,
      qk: 256,
      fill: (v, at) => {
        v.setFloat32(at, 0.01, true);
        i8s(v, at + 4, 256);
        for (let g = 0; g < 16; g++) {
          let s = 0;
          for (let i = 0; i < 16; i++) s += v.getInt8(at + 4 + 16 * g + i);
          v.setInt16(at + 260 + 2 * g, s, true);
        }
      },
    },
  };
  const CASES = [
    {
      label: 'q8_0 2560x960 (SmolLM2 FFN)',
      w: 'q8_0',
      a: 'q8_0',
      rows: 2560,
      n: 960,
      kernels: ['ggml_vec_dot_q8_0_q8_0', 'gleaner_simd_vec_dot_q8_0_q8_0', 'gleaner_relaxed_vec_dot_q8_0_q8_0'],
    },
    {
      label: 'q8_0 151936x896 (Qwen output, 145 MB)',
      w: 'q8_0',
      a: 'q8_0',
      rows: 151936,
      n: 896,
      kernels: ['ggml_vec_dot_q8_0_q8_0', 'gleaner_simd_vec_dot_q8_0_q8_0', 'gleaner_relaxed_vec_dot_q8_0_q8_0'],
    },
    {
      label: 'q4_0 4864x896',
      w: 'q4_0',
      a: 'q8_0',
      rows: 4864,
      n: 896,
      kernels: ['ggml_vec_dot_q4_0_q8_0', 'gleaner_simd_vec_dot_q4_0_q8_0', 'gleaner_relaxed_vec_dot_q4_0_q8_0'],
    },
    {
      label: 'q5_0 4864x896 (Qwen gate/up)',
      w: 'q5_0',
      a: 'q8_0',
      rows: 4864,
      n: 896,
      kernels: ['gleaner_vec_dot_q5_0_q8_0', 'gleaner_simd_vec_dot_q5_0_q8_0', 'gleaner_relaxed_vec_dot_q5_0_q8_0'],
    },
    {
      label: 'q4_K 896x4864 (Qwen down)',
      w: 'q4_K',
      a: 'q8_K',
      rows: 896,
      n: 4864,
      kernels: ['ggml_vec_dot_q4_K_q8_K', 'gleaner_simd_vec_dot_q4_K_q8_K', 'gleaner_relaxed_vec_dot_q4_K_q8_K'],
    },
    {
      label: 'q6_K 896x4864 (Qwen down)',
      w: 'q6_K',
      a: 'q8_K',
      rows: 896,
      n: 4864,
      kernels: ['ggml_vec_dot_q6_K_q8_K', 'gleaner_simd_vec_dot_q6_K_q8_K', 'gleaner_relaxed_vec_dot_q6_K_q8_K'],
    },
  ];
  const only = onlyPattern ? new RegExp(onlyPattern) : null;
  for (const c of CASES) {
    if (only && !only.test(c.label)) continue;
    const wf = FORMATS[c.w];
    const af = ACTIVATIONS[c.a];
    const rowBytes = (c.n / wf.qk) * wf.bytes;
    const W = alloc(rowBytes * c.rows);
    const A = alloc((c.n / af.qk) * af.bytes);
    const out = alloc(4 * c.rows);
    let v = view();
    for (let b = 0; b < (c.rows * c.n) / wf.qk; b++) wf.fill(v, W + b * wf.bytes);
    for (let b = 0; b < c.n / af.qk; b++) af.fill(v, A + b * af.bytes);
    let reference = null;
    log(`== ${c.label}`);
    for (const name of c.kernels) {
      const k = KERNELS.indexOf(name);
      exports.matvec(k, c.n, c.rows, BigInt(W), BigInt(rowBytes), BigInt(A), BigInt(out), 1);
      v = view();
      const result = Array.from({ length: c.rows }, (_, r) => v.getFloat32(out + 4 * r, true));
      let diff = 0;
      if (reference) for (let r = 0; r < c.rows; r++) diff = Math.max(diff, Math.abs(result[r] - reference[r]) / Math.max(1e-6, Math.abs(reference[r])));
      else reference = result;
      // The best of three rounds of ~0.4 s: the machine is shared, and a round that lost the core
      // says nothing about the kernel.
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        let reps = 0;
        const t0 = await clock();
        let t = 0;
        do {
          exports.matvec(k, c.n, c.rows, BigInt(W), BigInt(rowBytes), BigInt(A), BigInt(out), 5);
          reps += 5;
          t = (await clock()) - t0;
        } while (t < 0.4);
        best = Math.min(best, t / reps);
      }
      log(
        `${name.padEnd(36)} ${(best * 1e3).toFixed(3).padStart(7)} ms/matvec  ${((rowBytes * c.rows) / best / 1e9).toFixed(2).padStart(6)} GB/s  max rel. diff vs first ${diff.toExponential(1)}`,
      );
    }
  }
}

if (browser) {
  const { chromium } = await import('playwright-core');
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const profile = mkdtempSync(path.join(tmpdir(), 'gleaner-bench-matmul-'));
  // CPU seconds of the renderers' main threads (the page runs the wasm there) in this profile's browser,
  // found by their ancestors (other jobs' browsers run beside it).
  const stat = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ours = (pid) => {
    for (let p = pid, depth = 0; p > 1 && depth < 4; p = Number(stat(p)[1]), depth++) if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(profile)) return true;
    return false;
  };
  const rendererSeconds = () => {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') || !ours(Number(pid))) continue;
        // the main thread: its id is the process's
        const main = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        ticks += Number(main[11]) + Number(main[12]); // utime, stime
      } catch {
        // a process that ended meanwhile
      }
    }
    return ticks / 100;
  };
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => console.log(m.text()));
    page.on('crash', () => console.log('the page crashed'));
    await page.exposeFunction('rendererSeconds', rendererSeconds);
    console.log(`Chromium ${context.browser()?.version() ?? ''}`);
    await page.evaluate(
      ([source, wasm, only]) =>
        new Function(`return (${source})`)()(
          wasm,
          only,
          () => globalThis.rendererSeconds(),
          (line) => console.log(line),
        ),
      [bench.toString(), Array.from(bytes), onlyPattern],
    );
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
} else {
  console.log(`Node ${process.version}`);
  await bench(
    bytes,
    onlyPattern,
    () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    },
    console.log,
  );
}
