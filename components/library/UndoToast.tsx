import { useEffect } from 'preact/hooks';
import { useLatest } from '../use-latest';

/** How long Undo stays offered after a delete. */
const UNDO_MS = 10_000;

/** "Deleted “…”. Undo" at the bottom of the view, for UNDO_MS; then it closes by itself. */
export function UndoToast(props: { message: string; onUndo: () => void; onClose: () => void }) {
  const onClose = useLatest(props.onClose);
  useEffect(() => {
    const timer = setTimeout(() => onClose.current(), UNDO_MS);
    return () => clearTimeout(timer);
  }, [props.message, onClose]);
  return (
    <div class="toast" role="status" data-testid="undo-toast">
      <span>{props.message}</span>
      <button type="button" onClick={props.onUndo}>
        Undo
      </button>
      <button type="button" class="toast-close" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
    </div>
  );
}
