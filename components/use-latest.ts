import { useRef } from 'preact/hooks';

/**
 * A ref holding the value of the latest render. Listeners registered once (storage, ports)
 * call `ref.current(...)` so they act with the current state, not the first render's (the
 * stale closure `react-hooks/exhaustive-deps` guards against).
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
