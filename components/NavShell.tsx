import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface NavItem<Id extends string> {
  id: Id;
  label: string;
}

/** Tabs across the top with arrow-key navigation (WAI-ARIA tabs pattern); the selected view below. */
export function NavShell<Id extends string>(props: { items: readonly NavItem<Id>[]; selected: Id; onSelect: (id: Id) => void; children: ComponentChildren }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
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
      <main class="panel" role="tabpanel" id={`view-${props.selected}`} aria-labelledby={`tab-${props.selected}`}>
        {props.children}
      </main>
    </div>
  );
}
