import { useEffect, useState } from 'preact/hooks';
import { NavShell, type NavItem } from '@/components/NavShell';
import { ChatView, useSummaryRequests } from '@/components/chat/ChatView';
import { LibraryView } from '@/components/library/LibraryView';
import { TokensView, useTokenCountRequests } from '@/components/tokens/TokensView';
import { ModelsView } from '@/components/models/ModelsView';
import { SettingsView } from '@/components/settings/SettingsView';
import { FirstRunGate } from '@/components/onboarding/FirstRunGate';

const VIEWS = [
  { id: 'chat', label: 'Chat' },
  { id: 'library', label: 'Library' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'models', label: 'Models' },
  { id: 'settings', label: 'Settings' },
] as const satisfies readonly NavItem<string>[];
type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(): ViewId {
  const id = location.hash.slice(1).split('?')[0];
  return VIEWS.find((view) => view.id === id)?.id ?? 'chat';
}

function renderView(id: ViewId) {
  switch (id) {
    case 'chat':
      // Until a model or server is chosen, Chat shows the onboarding (it ends with a first summary).
      return (
        <FirstRunGate>
          <ChatView />
        </FirstRunGate>
      );
    case 'library':
      return <LibraryView />;
    case 'tokens':
      return <TokensView />;
    case 'models':
      return <ModelsView />;
    case 'settings':
      return <SettingsView />;
  }
}

/** The side panel: a shell with one view per job; the URL hash selects the view (deep links). */
export function App() {
  const [view, setView] = useState<ViewId>(viewFromHash);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const select = (id: ViewId) => {
    history.replaceState(null, '', `#${id}`);
    setView(id);
  };
  // "Summarize this page" (menu or shortcut) while another view is open: show Chat, which runs it.
  useSummaryRequests(() => select('chat'));
  // "Count tokens" (menu or shortcut) while another view is open: show Tokens, which counts it.
  useTokenCountRequests(() => select('tokens'));
  return <NavShell items={VIEWS} selected={view} onSelect={select} view={renderView} />;
}
