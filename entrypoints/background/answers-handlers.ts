import type { AnswerMessages, Handlers } from '@/lib/messaging/protocol';

/** Requests of the answers feature. */
export const answersHandlers: Handlers<AnswerMessages> = {};

/** Registers the answers feature's listeners (menus, commands, alarms); called once at start-up. */
export function startAnswerFeature(): void {}
