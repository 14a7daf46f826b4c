/**
 * Rebuilds an error that crossed a context boundary as its own class. The
 * table of classes is written out here, from the modules that define them,
 * rather than filled by each module registering itself: a registration ran
 * only in the contexts whose bundle happened to import that module, so the
 * popup rebuilt engine errors as plain Errors and lost their hints. Every
 * context that receives errors imports this module (through ./client.ts and
 * ./port.ts), so every class is known everywhere. Dependencies point one way:
 * this module → the error modules → ./errors.ts.
 */
import * as engineErrors from '@/lib/engine/errors';
import * as messagingErrors from './errors';
import { GleanerError, type ErrorOptions, type WireError } from './errors';

type ErrorClass = new (message: string, options?: ErrorOptions) => GleanerError;

/** Every error class the two modules export: a class added there is known here without a list to keep in step. */
const CLASSES: readonly ErrorClass[] = ([...Object.values(messagingErrors), ...Object.values(engineErrors)] as unknown[]).filter(
  (value): value is ErrorClass => value === GleanerError || (typeof value === 'function' && value.prototype instanceof GleanerError),
);

/** Class by its `name` (each class spells its name out, so minification does not change it). */
const BY_NAME = new Map<string, ErrorClass>(CLASSES.map((cls) => [new cls('').name, cls]));

/**
 * Rebuilds a wire error as the class of the same name, keeping message, hint,
 * action and retryable. A name no class has (an error of the browser, a class
 * added later) becomes a GleanerError that carries that name and the same
 * fields: the next step is never dropped on the way.
 */
export function rebuildError(wire: WireError): Error {
  const cls = BY_NAME.get(wire.name);
  if (!cls && wire.hint === undefined && wire.action === undefined && !wire.retryable) {
    const error = new Error(wire.message);
    error.name = wire.name;
    return error;
  }
  const error = new (cls ?? GleanerError)(wire.message, { hint: wire.hint, ...(wire.action ? { action: wire.action } : {}) });
  if (!cls) error.name = wire.name;
  if (wire.retryable !== undefined) error.retryable = wire.retryable;
  return error;
}
