/**
 * Turns WebLLM's progress reports (free text plus a per-phase fraction) into
 * ONE bar across all phases: fetching weights (bytes), loading them onto the
 * GPU, then compiling shaders — with bytes and time left where known.
 */
import type { LoadProgress } from './types';

/** WebLLM's InitProgressReport, as far as we read it. */
export interface WebLLMProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

// Where each phase sits on the single bar.
const FETCH = [0, 0.8] as const;
const GPU_LOAD = [0.8, 0.9] as const;
const SHADERS = [0.9, 1] as const;

function span([from, to]: readonly [number, number], fraction: number): number {
  return from + (to - from) * Math.min(1, Math.max(0, fraction));
}

/** Maps one WebLLM report onto the single progress bar (pure; `modelMB` is the expected download when known). */
export function mapWebLLMProgress(report: WebLLMProgressReport): LoadProgress {
  const text = report.text;
  const fraction = Number.isFinite(report.progress) ? report.progress : 0;
  if (/^Fetching param cache/.test(text) || /^Start to fetch params/.test(text)) {
    const mb = /(\d+)MB fetched/.exec(text);
    const bytesLoaded = mb ? Number(mb[1]) * 1024 * 1024 : undefined;
    const bytesTotal = bytesLoaded && fraction > 0.001 ? Math.round(bytesLoaded / fraction) : undefined;
    const etaSeconds = fraction > 0.01 && report.timeElapsed > 0 ? Math.round((report.timeElapsed * (1 - fraction)) / fraction) : undefined;
    return {
      fraction: span(FETCH, fraction),
      phase: 'download',
      text: 'Downloading the model',
      ...(bytesLoaded !== undefined ? { bytesLoaded } : {}),
      ...(bytesTotal !== undefined ? { bytesTotal } : {}),
      ...(etaSeconds !== undefined ? { etaSeconds } : {}),
    };
  }
  if (/^Loading model from cache/.test(text)) {
    return { fraction: span(GPU_LOAD, fraction), phase: 'compile', text: 'Loading the model onto the GPU' };
  }
  if (/^Loading GPU shader modules/.test(text)) {
    return { fraction: span(SHADERS, fraction), phase: 'compile', text: 'Compiling GPU shaders' };
  }
  if (/^Finish loading/.test(text) || (fraction >= 1 && !/fetch|load/i.test(text))) {
    return { fraction: 1, phase: 'ready', text: 'Ready' };
  }
  return { fraction: 0, phase: 'download', text: text.slice(0, 120) || 'Preparing…' };
}
