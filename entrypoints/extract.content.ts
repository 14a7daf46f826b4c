import { sendToBackground } from '@/lib/messaging/client';

// Thin: announce the page; capture is decided in the background.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  async main() {
    await sendToBackground('content.hello', { url: location.href, title: document.title }).catch(() => undefined);
  },
});
