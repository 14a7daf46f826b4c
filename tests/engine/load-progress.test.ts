import { describe, expect, it } from 'vitest';
import { mapWebLLMProgress } from '@/lib/engine/load-progress';

// Report texts exactly as WebLLM 0.2.86 writes them (tvmjs fetchTensorCache and shader compilation).
const reports = [
  { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
  {
    progress: 0.25,
    timeElapsed: 10,
    text: 'Fetching param cache[5/20]: 70MB fetched. 25% completed, 10 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
  },
  {
    progress: 1,
    timeElapsed: 40,
    text: 'Fetching param cache[20/20]: 280MB fetched. 100% completed, 40 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
  },
  { progress: 0.5, timeElapsed: 41, text: 'Loading model from cache[10/20]: 140MB loaded. 50% completed, 41 secs elapsed.' },
  { progress: 0.3, timeElapsed: 44, text: 'Loading GPU shader modules[30/100]: 30% completed, 44 secs elapsed.' },
  { progress: 1, timeElapsed: 50, text: 'Finish loading on WebGPU - nvidia' },
];

describe('one progress bar across WebLLM phases', () => {
  const mapped = reports.map(mapWebLLMProgress);

  it('never goes backwards and ends at 1', () => {
    for (let i = 1; i < mapped.length; i++) expect(mapped[i]!.fraction).toBeGreaterThanOrEqual(mapped[i - 1]!.fraction);
    expect(mapped.at(-1)).toMatchObject({ fraction: 1, phase: 'ready' });
  });

  it('reports bytes and time left while downloading', () => {
    expect(mapped[1]).toMatchObject({ phase: 'download', bytesLoaded: 70 * 1024 * 1024, bytesTotal: 280 * 1024 * 1024, etaSeconds: 30 });
  });

  it('names the GPU phases', () => {
    expect(mapped[3]!.phase).toBe('compile');
    expect(mapped[4]!.text).toBe('Compiling GPU shaders');
  });
});
