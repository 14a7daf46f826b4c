import type { EngineMessages, Handlers } from '@/lib/messaging/protocol';

/** Requests of the engine feature. */
export const engineHandlers: Handlers<EngineMessages> = {};

/** Registers the engine feature's listeners (menus, commands, alarms); called once at start-up. */
export function startEngineFeature(): void {}
