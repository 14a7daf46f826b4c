import type { TokenMessages, Handlers } from '@/lib/messaging/protocol';

/** Requests of the tokens feature. */
export const tokensHandlers: Handlers<TokenMessages> = {};

/** Registers the tokens feature's listeners (menus, commands, alarms); called once at start-up. */
export function startTokenFeature(): void {}
