import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpuRuntime } from '@/lib/engine/cpu-adapter';
import { RELAXED_SIMD_PROBE, wasmVariant } from '@/lib/engine/wasm-features';

/** WebAssembly.validate of the probe in a child Node with these V8 flags (relaxed SIMD is behind one in Node 20). */
function validatesIn(flags: string[]): boolean {
  const script = `process.stdout.write(String(WebAssembly.validate(new Uint8Array(${JSON.stringify([...RELAXED_SIMD_PROBE])}))))`;
  return execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }) === 'true';
}

describe('the CPU engine’s wasm build chosen at run time (lib/engine/wasm-features.ts)', () => {
  it('the probe is a valid module exactly where relaxed SIMD is', () => {
    expect(validatesIn(['--experimental-wasm-relaxed-simd'])).toBe(true);
    expect(validatesIn(['--no-experimental-wasm-relaxed-simd'])).toBe(false);
    // The same module with plain SIMD's i32x4.add (0xfd 0xae 0x01) in place of the relaxed instruction, after dropping
    // its third argument (0x1a), validates without the flag: what fails there is the relaxed instruction alone.
    const plain = Array.from(RELAXED_SIMD_PROBE);
    const at = plain.indexOf(0x93) - 1;
    plain.splice(at, 3, 0x1a, 0xfd, 0xae, 0x01);
    plain[plain.indexOf(0x0a) + 1]! += 1; // code section size
    plain[plain.indexOf(0x0a) + 3]! += 1; // body size
    expect(WebAssembly.validate(Uint8Array.from(plain))).toBe(true);
  });

  it('picks the relaxed build where the probe validates, the plain one otherwise or when validation throws', () => {
    const seen: Uint8Array[] = [];
    expect(wasmVariant((bytes) => (seen.push(bytes), true))).toBe('relaxed');
    expect(seen).toEqual([RELAXED_SIMD_PROBE]);
    expect(wasmVariant(() => false)).toBe('simd');
    expect(
      wasmVariant(() => {
        throw new Error('no WebAssembly');
      }),
    ).toBe('simd');
  });

  it('says which build runs, next to the threads', () => {
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 4, wasm: 'relaxed' })).toMatchObject({
      threads: 4,
      wasm: 'relaxed',
      mode: 'CPU, 4 threads (WebAssembly relaxed SIMD, multi-threaded)',
    });
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 2, wasm: 'simd' })).toMatchObject({
      wasm: 'simd',
      mode: 'CPU, 1 thread (WebAssembly SIMD, no relaxed SIMD in this browser; one thread is faster on 2 cores)',
    });
    expect(cpuRuntime({ crossOriginIsolated: false, hardwareConcurrency: 8, wasm: 'relaxed' }).mode).toBe(
      'CPU, 1 thread (this browser cannot isolate the engine page, so llama.cpp runs single-threaded; WebAssembly relaxed SIMD)',
    );
    // Not told: the plain build, which every browser with WebAssembly SIMD runs.
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 4 }).wasm).toBe('simd');
  });
});
