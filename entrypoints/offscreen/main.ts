import { startEngineHost } from '@/lib/engine/host';

// Chrome's engine host: an offscreen document that outlives the service worker.
startEngineHost();
