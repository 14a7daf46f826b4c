import { describe, expect, it } from 'vitest';
import { nameWasmFunctions } from '../../scripts/profile-cpu-decode';

describe('the CPU engine’s decode profile (scripts/profile-cpu-decode.ts)', () => {
  it('names wasm functions V8 knows only by index with wllama’s own symbol table, and keeps only sample lines of named code', () => {
    const report = [
      '# Samples: 13K of event cpu-clock',
      '#',
      '    51.91%  [.] JS:wasm-function[7101]-7101-turbofan',
      '     2.59%  [.] JS:ggml_compute_forward_flash_attn_ext_f16_one_chunk-3086-turbofan',
      '     0.07%  [.] JS:wasm-function[99999999]-99999999-liftoff',
      '     3.48%     0.00%  [.] 0x0000560feb19be46',
      '    93.60%     0.00%  [.] 0000000000000000',
      '',
    ].join('\n');
    expect(nameWasmFunctions(report).split('\n')).toEqual([
      '51.91% [.] JS:ggml_vec_dot_q5_0_q8_0-7101-turbofan',
      '2.59% [.] JS:ggml_compute_forward_flash_attn_ext_f16_one_chunk-3086-turbofan',
      // an index outside the table stays as V8 wrote it
      '0.07% [.] JS:wasm-function[99999999]-99999999-liftoff',
    ]);
  });
});
