import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PDF_PROGRESS_KEY } from '@/lib/extract/pdf-text';
import type { PdfProgress } from '@/lib/messaging/protocol';

/** The page of the PDF being read right now (the engine host reports it through storage.session), while `active`. */
export function usePdfProgress(active: boolean): PdfProgress | null {
  const [progress, setProgress] = useState<PdfProgress | null>(null);
  useEffect(() => {
    if (!active) {
      setProgress(null);
      return;
    }
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && changes[PDF_PROGRESS_KEY]) setProgress((changes[PDF_PROGRESS_KEY].newValue as PdfProgress | undefined) ?? null);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [active]);
  return progress;
}
