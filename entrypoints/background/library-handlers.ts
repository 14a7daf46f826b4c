import type { LibraryMessages, Handlers } from '@/lib/messaging/protocol';

/** Requests of the library feature. */
export const libraryHandlers: Handlers<LibraryMessages> = {};

/** Registers the library feature's listeners (menus, commands, alarms); called once at start-up. */
export function startLibraryFeature(): void {}
