import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface NavItem<Id extends string> {
  id: Id;
  label: string;
}

/**
 * Tabs across the top with arrow-key navigation (WAI-ARIA tabs pattern); the selected view below.
 * A view, once opened, stays mounted and is only hidden while another is shown: switching
 * Chat → Library → Chat keeps the conversation on screen, a running summary and the chosen
 * scope (and a view's loaded data) without lifting every view's state up here.
 */
export function NavShell<Id extends string>(props: { items: readonly NavItem<Id>[]; selected: Id; onSelect: (id: Id) => void; view: (id: Id) => ComponentChildren }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  // Views opened so far, in the order of the tabs (a view never opened costs nothing).
  const [opened, setOpened] = useState<ReadonlySet<Id>>(() => new Set([props.selected]));
  if (!opened.has(props.selected)) setOpened(new Set([...opened, props.selected]));
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + props.items.length) % props.items.length;
    const item = props.items[next];
    if (!item) return;
    props.onSelect(item.id);
    tabs.current[next]?.focus();
  };
  return (
    <div>
      <nav class="nav" role="tablist" aria-label="Gleaner">
        {props.items.map((item, index) => (
          <button
            key={item.id}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            role="tab"
            id={`tab-${item.id}`}
            aria-selected={item.id === props.selected}
            aria-controls={`view-${item.id}`}
            tabIndex={item.id === props.selected ? 0 : -1}
            onClick={() => props.onSelect(item.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {item.label}
          </button>
        ))}
      </nav>
      <main class="panel">
        {props.items
          .filter((item) => item.id === props.selected || opened.has(item.id))
          .map((item) => (
            <div key={item.id} role="tabpanel" id={`view-${item.id}`} aria-labelledby={`tab-${item.id}`} hidden={item.id !== props.selected}>
              {props.view(item.id)}
            </div>
          ))}
      </main>
    </div>
  );
}
