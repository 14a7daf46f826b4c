/**
 * ggml's WebAssembly SIMD kernels put back into wllama's wasm (build time, used by wxt.config.ts).
 *
 * wllama 3.8.1 (and 3.13.0) builds llama.cpp with Emscripten's CMake toolchain, which
 * reports CMAKE_SYSTEM_PROCESSOR "x86"; ggml's CMake then matches neither x86_64 nor
 * "wasm", warns "Unknown CPU architecture" and compiles GGML_CPU_GENERIC: its scalar
 * dot products (auto-vectorised, but without a single i32x4.dot_i16x8_s) instead of
 * ggml/src/ggml-cpu/arch/wasm/quants.c. Those scalar kernels are where the CPU engine
 * spends its time (docs/benchmarks.md, "Profile of the wasm/native gap").
 *
 * scripts/wllama-kernels/build.sh compiles ggml's own wasm SIMD kernels (for wasm64,
 * like wllama's main build) into a small relocatable object that is committed
 * (scripts/wllama-kernels/ggml-wasm-simd.o). At build time this module replaces the
 * bodies of the same functions in wllama's wasm with the object's: same names (from
 * wllama's own symbol table), same signatures, and the only outside reference allowed
 * is the stack pointer global, which is mapped onto wllama's. Anything else (a call, a
 * data address, another signature, a wllama whose function does not use the stack
 * pointer as expected) fails the build rather than ship a broken engine.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
// The two builds Gleaner ships: plain WebAssembly SIMD (every browser), and relaxed SIMD.
import type { WasmVariant } from '../lib/engine/wasm-features';

/**
 * The kernels put back (wllama's function → the object's): the dot products of the
 * quantization types of the catalog's models, F16's (attention over the KV cache, F16
 * models) and the activations' quantization. ggml's own, except the gleaner_ ones (kernels.c).
 */
export const SIMD_KERNELS: Readonly<Record<string, string>> = {
  ggml_vec_dot_q8_0_q8_0: 'ggml_vec_dot_q8_0_q8_0',
  ggml_vec_dot_q4_0_q8_0: 'ggml_vec_dot_q4_0_q8_0',
  ggml_vec_dot_q5_0_q8_0: 'gleaner_vec_dot_q5_0_q8_0',
  ggml_vec_dot_q4_K_q8_K: 'ggml_vec_dot_q4_K_q8_K',
  ggml_vec_dot_q6_K_q8_K: 'ggml_vec_dot_q6_K_q8_K',
  ggml_vec_dot_f16: 'gleaner_vec_dot_f16',
  quantize_row_q8_0: 'gleaner_quantize_row_q8_0',
  quantize_row_q8_K: 'gleaner_quantize_row_q8_K',
};

/**
 * Gleaner's own matrix-product kernels (scripts/wllama-kernels/matmul.c, object matmul.o), put in
 * over ggml's where they are faster (`sh scripts/wllama-kernels/bench-matmul.sh`; docs/benchmarks.md,
 * "Relaxed SIMD"): plain SIMD, in every build.
 */
export const MATMUL_KERNELS: Readonly<Record<string, string>> = {
  ggml_vec_dot_q8_0_q8_0: 'gleaner_simd_vec_dot_q8_0_q8_0',
  ggml_vec_dot_q4_0_q8_0: 'gleaner_simd_vec_dot_q4_0_q8_0',
  ggml_vec_dot_q5_0_q8_0: 'gleaner_simd_vec_dot_q5_0_q8_0',
  ggml_vec_dot_q4_K_q8_K: 'gleaner_simd_vec_dot_q4_K_q8_K',
  ggml_vec_dot_q6_K_q8_K: 'gleaner_simd_vec_dot_q6_K_q8_K',
};

/**
 * The relaxed-SIMD kernels (matmul.c: i32x4.relaxed_dot_i8x16_i7x16_add_s), only in the second
 * wasm, which the engine loads where the browser validates relaxed SIMD (lib/engine/wasm-features.ts).
 */
export const RELAXED_KERNELS: Readonly<Record<string, string>> = {
  ggml_vec_dot_q8_0_q8_0: 'gleaner_relaxed_vec_dot_q8_0_q8_0',
  ggml_vec_dot_q4_0_q8_0: 'gleaner_relaxed_vec_dot_q4_0_q8_0',
  ggml_vec_dot_q5_0_q8_0: 'gleaner_relaxed_vec_dot_q5_0_q8_0',
  ggml_vec_dot_q4_K_q8_K: 'gleaner_relaxed_vec_dot_q4_K_q8_K',
  ggml_vec_dot_q6_K_q8_K: 'gleaner_relaxed_vec_dot_q6_K_q8_K',
};

/** Every kernel spliced into one variant: wllama's function → the kernel (found in ggml-wasm-simd.o or matmul.o). */
export function wllamaKernels(variant: WasmVariant): Readonly<Record<string, string>> {
  return { ...SIMD_KERNELS, ...MATMUL_KERNELS, ...(variant === 'relaxed' ? RELAXED_KERNELS : {}) };
}

// ------------------------------------------------------------ reading wasm --

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}
  u8(): number {
    return this.bytes[this.pos++]!;
  }
  leb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(byte & 0x80)) return result;
    }
  }
  sleb(): void {
    let byte: number;
    do byte = this.u8();
    while (byte & 0x80);
  }
  name(): string {
    const length = this.leb();
    const text = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text;
  }
  limits(): void {
    const flags = this.u8();
    this.leb();
    if (flags & 1) this.leb();
  }
}

interface Section {
  id: number;
  name?: string;
  /** Where the section's payload starts and ends in the file. */
  start: number;
  end: number;
}

function sections(bytes: Uint8Array): Section[] {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly file');
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    const section: Section = { id, start, end: start + size };
    if (id === 0) section.name = new Reader(bytes, start).name();
    out.push(section);
    r.pos = start + size;
  }
  return out;
}

interface Module {
  bytes: Uint8Array;
  sections: Section[];
  /** Function signatures, as bytes (params and results), by type index. */
  types: string[];
  importedFunctions: number;
  importedGlobals: string[];
  importedFunctionNames: string[];
  /** Type index of each function, imported ones first. */
  functionTypes: number[];
  /** Body of each defined function: [start, end) in the file, and offset from the code section's payload. */
  bodies: Array<{ start: number; end: number }>;
  code: Section;
}

function parseModule(bytes: Uint8Array): Module {
  const all = sections(bytes);
  const types: string[] = [];
  const functionTypes: number[] = [];
  const importedGlobals: string[] = [];
  const importedFunctionNames: string[] = [];
  let importedFunctions = 0;
  const bodies: Module['bodies'] = [];
  let code: Section | undefined;
  for (const section of all) {
    const r = new Reader(bytes, section.start);
    if (section.id === 1) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const start = r.pos;
        if (r.u8() !== 0x60) throw new Error('unsupported type form');
        const params = r.leb();
        r.pos += params;
        const results = r.leb();
        r.pos += results;
        types.push(Array.from(bytes.subarray(start, r.pos)).join(','));
      }
    } else if (section.id === 2) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const field = r.name();
        const kind = r.u8();
        if (kind === 0) {
          functionTypes.push(r.leb());
          importedFunctionNames.push(field);
          importedFunctions++;
        } else if (kind === 1) {
          r.u8();
          r.limits();
        } else if (kind === 2) r.limits();
        else if (kind === 3) {
          r.pos += 2;
          importedGlobals.push(`${module}.${field}`);
        } else if (kind === 4) {
          r.u8();
          r.leb();
        } else throw new Error(`unsupported import kind ${kind}`);
      }
    } else if (section.id === 3) {
      const count = r.leb();
      for (let i = 0; i < count; i++) functionTypes.push(r.leb());
    } else if (section.id === 10) {
      code = section;
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const size = r.leb();
        bodies.push({ start: r.pos, end: r.pos + size });
        r.pos += size;
      }
    }
  }
  if (!code) throw new Error('no code section');
  return { bytes, sections: all, types, importedFunctions, importedGlobals, importedFunctionNames, functionTypes, bodies, code };
}

/** wllama's symbol table (src/wasm/source-map.ts, key "default"): function index → name. */
export function wllamaFunctionNames(sourceMapTs: string): Map<string, number> {
  const match = /"default": "([^"]+)"/.exec(sourceMapTs);
  if (!match) throw new Error('@wllama/wllama changed: no "default" name table in src/wasm/source-map.ts');
  const table = gunzipSync(Buffer.from(match[1]!, 'base64'));
  const first = table.readUInt32LE(0);
  const count = table.readUInt32LE(4);
  const nameCount = table.readUInt32LE(8);
  let pos = 12;
  const names: string[] = [];
  for (let i = 0; i < nameCount; i++) {
    const length = table[pos++]!;
    names.push(table.subarray(pos, pos + length).toString('utf8'));
    pos += length;
  }
  const byName = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const k = table.readUInt16LE(pos + 2 * i);
    if (k === 0xffff) continue;
    const name = names[k]!;
    // A name given to two functions cannot say which one to replace.
    byName.set(name, byName.has(name) ? -1 : first + i);
  }
  return byName;
}

// ------------------------------------------------------ the kernel object --

/** Relocation types that carry an addend (tool-conventions/Linking.md). */
const RELOC_WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
const R_WASM_GLOBAL_INDEX_LEB = 7;

export interface KernelObject {
  module: Module;
  /** Defined function index by symbol name. */
  functions: Map<string, number>;
  /** Relocations in the code section: offset from the payload start, type, symbol. */
  relocations: Array<{ offset: number; type: number; symbol: string }>;
}

export function parseKernelObject(bytes: Uint8Array): KernelObject {
  const module = parseModule(bytes);
  const symbols: Array<{ kind: number; name: string; index: number }> = [];
  const functions = new Map<string, number>();
  const linking = module.sections.find((s) => s.name === 'linking');
  if (!linking) throw new Error('the kernel object has no linking section (not a relocatable object)');
  const r = new Reader(bytes, linking.start);
  r.name();
  r.leb(); // version
  while (r.pos < linking.end) {
    const type = r.u8();
    const size = r.leb();
    const end = r.pos + size;
    if (type === 8) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const kind = r.u8();
        const flags = r.leb();
        const undefinedSymbol = (flags & 0x10) !== 0;
        if (kind === 0 || kind === 2 || kind === 4 || kind === 5) {
          const index = r.leb();
          const name =
            !undefinedSymbol || flags & 0x40
              ? r.name()
              : kind === 2
                ? (module.importedGlobals[index] ?? '').split('.').pop()!
                : kind === 0
                  ? (module.importedFunctionNames[index] ?? `import ${index}`)
                  : `import ${index}`;
          symbols.push({ kind, name, index });
          if (kind === 0 && !undefinedSymbol) functions.set(name, index);
        } else if (kind === 1) {
          const name = r.name();
          if (!undefinedSymbol) {
            r.leb();
            r.leb();
            r.leb();
          }
          symbols.push({ kind, name, index: -1 });
        } else if (kind === 3) {
          symbols.push({ kind, name: 'section', index: r.leb() });
        } else throw new Error(`unsupported symbol kind ${kind}`);
      }
    }
    r.pos = end;
  }
  const relocations: KernelObject['relocations'] = [];
  const codeIndex = module.sections.indexOf(module.code);
  for (const section of module.sections.filter((s) => s.name?.startsWith('reloc.'))) {
    const rr = new Reader(bytes, section.start);
    rr.name();
    const target = rr.leb();
    const count = rr.leb();
    for (let i = 0; i < count; i++) {
      const type = rr.u8();
      const offset = rr.leb();
      const symbol = rr.leb();
      if (RELOC_WITH_ADDEND.has(type)) rr.sleb();
      if (target === codeIndex) relocations.push({ offset, type, symbol: symbols[symbol]?.name ?? `#${symbol}` });
    }
  }
  return { module, functions, relocations };
}

/** A padded 5-byte LEB128, as relocatable objects hold indices (so a body keeps its size). */
function paddedLeb(value: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    out.push((value & 0x7f) | (i < 4 ? 0x80 : 0));
    value >>>= 7;
  }
  return out;
}

function lebBytes(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** The global a function's body reads first (after its locals), if it starts with global.get. */
function firstGlobalGet(bytes: Uint8Array, body: { start: number; end: number }): number | null {
  const r = new Reader(bytes, body.start);
  const groups = r.leb();
  for (let i = 0; i < groups; i++) {
    r.leb();
    r.u8();
  }
  return r.u8() === 0x23 ? r.leb() : null;
}

/**
 * One kernel's body from the object, its stack pointer references set to `stackPointer()`,
 * and its signature (type bytes). Throws on any other outside reference.
 */
export function kernelBody(objects: KernelObject | KernelObject[], name: string, stackPointer: () => number): { body: Uint8Array; signature: string } {
  // Several objects: the first that defines the name.
  const object = [objects].flat().find((o) => o.functions.has(name));
  const objectIndex = object?.functions.get(name);
  if (!object || objectIndex === undefined) throw new Error(`the kernel object has no ${name}`);
  const range = object.module.bodies[objectIndex - object.module.importedFunctions]!;
  const body = Uint8Array.from(object.module.bytes.subarray(range.start, range.end));
  for (const reloc of object.relocations) {
    const at = object.module.code.start + reloc.offset;
    if (at < range.start || at >= range.end) continue;
    if (reloc.type !== R_WASM_GLOBAL_INDEX_LEB || reloc.symbol !== '__stack_pointer') {
      throw new Error(`${name} refers to ${reloc.symbol} (relocation type ${reloc.type}); only the stack pointer can be mapped onto wllama's`);
    }
    body.set(paddedLeb(stackPointer()), at - range.start);
  }
  return { body, signature: object.module.types[object.module.functionTypes[objectIndex]!]! };
}

// ---------------------------------------------------------------- splice --

export interface SpliceReport {
  replaced: Array<{ name: string; oldBytes: number; newBytes: number }>;
}

/**
 * wllama's wasm with `kernels` replaced by the object's. Throws (fails the build) when
 * anything does not match exactly.
 */
export function spliceKernels(
  wasm: Uint8Array,
  kernelObjects: Uint8Array | Uint8Array[],
  names: Map<string, number>,
  kernels: Readonly<Record<string, string>> = SIMD_KERNELS,
): { wasm: Uint8Array; report: SpliceReport } {
  const target = parseModule(wasm);
  const object = (Array.isArray(kernelObjects) ? kernelObjects : [kernelObjects]).map(parseKernelObject);
  const replacements = new Map<number, Uint8Array>();
  const report: SpliceReport = { replaced: [] };
  const targets = Object.entries(kernels).map(([name, objectName]) => {
    const index = names.get(name);
    if (index === undefined || index < 0) throw new Error(`@wllama/wllama changed: no single function named ${name} in its wasm`);
    const defined = index - target.importedFunctions;
    const oldBody = target.bodies[defined];
    if (!oldBody) throw new Error(`@wllama/wllama changed: ${name} is not a defined function`);
    return { name, objectName, index, defined, oldBody };
  });
  // wllama's versions of these functions keep their locals on the stack: they start by reading the stack
  // pointer. Every one that starts with a global.get must read the same global (one that tail-calls a
  // generic version reads none); anything else is not a stack pointer this can be sure of.
  const firstGets = new Set(targets.map((t) => firstGlobalGet(wasm, t.oldBody)).filter((g) => g !== null));
  const stackPointer = () => {
    if (firstGets.size !== 1) throw new Error(`wllama's kernels do not agree on a stack pointer global (${[...firstGets].join(', ') || 'none'}); cannot map it`);
    return [...firstGets][0]!;
  };
  for (const { name, objectName, index, defined, oldBody } of targets) {
    const kernel = kernelBody(object, objectName, stackPointer);
    if (target.types[target.functionTypes[index]!] !== kernel.signature)
      throw new Error(`${name}: wllama's signature differs from the kernel's (a wasm32 object for a wasm64 build?)`);
    replacements.set(defined, kernel.body);
    report.replaced.push({ name, oldBytes: oldBody.end - oldBody.start, newBytes: kernel.body.length });
  }
  // A new code section: the same bodies, the replaced ones swapped.
  const parts: Uint8Array[] = [Uint8Array.from(lebBytes(target.bodies.length))];
  target.bodies.forEach((b, i) => {
    const body = replacements.get(i) ?? wasm.subarray(b.start, b.end);
    parts.push(Uint8Array.from(lebBytes(body.length)), body);
  });
  const payloadLength = parts.reduce((n, p) => n + p.length, 0);
  const header = Uint8Array.from([10, ...lebBytes(payloadLength)]);
  // Everything before the code section's id byte, the new section, everything after it.
  const idAt = target.sections.indexOf(target.code) === 0 ? 8 : target.sections[target.sections.indexOf(target.code) - 1]!.end;
  const out = new Uint8Array(idAt + header.length + payloadLength + (wasm.length - target.code.end));
  out.set(wasm.subarray(0, idAt), 0);
  let pos = idAt;
  out.set(header, pos);
  pos += header.length;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  out.set(wasm.subarray(target.code.end), pos);
  return { wasm: out, report };
}

/** Does this function's body hold this SIMD opcode (0xfd prefix, LEB code)? A check for tests. */
export function functionHasSimdOp(wasm: Uint8Array, index: number, op: number): boolean {
  const module = parseModule(wasm);
  const body = module.bodies[index - module.importedFunctions]!;
  const code = [0xfd, ...lebBytes(op)];
  for (let i = body.start; i + code.length <= body.end; i++) if (code.every((c, j) => wasm[i + j] === c)) return true;
  return false;
}

/** wllama's wasm as Gleaner ships it: ggml's SIMD kernels and Gleaner's put back, for one variant. */
export function patchedWllamaWasm(wasmPath: string, sourceMapPath: string, kernelObjectPaths: string[], variant: WasmVariant = 'simd'): Uint8Array {
  const names = wllamaFunctionNames(readFileSync(sourceMapPath, 'utf8'));
  return spliceKernels(
    readFileSync(wasmPath),
    kernelObjectPaths.map((p) => readFileSync(p)),
    names,
    wllamaKernels(variant),
  ).wasm;
}
