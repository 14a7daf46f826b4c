import { useEffect, useState } from 'preact/hooks';
import { pdfProgressItem } from '@/lib/messaging/stored';
import type { PdfProgress } from '@/lib/messaging/protocol';

/** The page of the PDF being read right now (the engine host reports it through storage.session), while `active`. */
export function usePdfProgress(active: boolean): PdfProgress | null {
  const [progress, setProgress] = useState<PdfProgress | null>(null);
  useEffect(() => {
    if (!active) {
      setProgress(null);
      return;
    }
    return pdfProgressItem.watch(setProgress);
  }, [active]);
  return progress;
}
