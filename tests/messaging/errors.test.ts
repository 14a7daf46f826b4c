import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionError, GleanerError, StorageFullError, ValidationError, describeError, isStopped, serializeError } from '@/lib/messaging/errors';
import { rebuildError } from '@/lib/messaging/rebuild-error';

describe('errors across a boundary', () => {
  it('travel as {name, message} and come back as the same class', () => {
    const wire = serializeError(new ValidationError('title: too long'));
    expect(wire).toEqual({ name: 'ValidationError', message: 'title: too long', retryable: false });
    const rebuilt = rebuildError(JSON.parse(JSON.stringify(wire)));
    expect(rebuilt).toBeInstanceOf(ValidationError);
    expect(rebuilt.message).toBe('title: too long');
  });

  it('keep retryable and the hint for the person', () => {
    const wire = serializeError(new ConnectionError('host gone', { hint: 'Try again.' }));
    const rebuilt = rebuildError(wire) as ConnectionError;
    expect(rebuilt.retryable).toBe(true);
    expect(rebuilt.hint).toBe('Try again.');
  });

  it('keep the hint, the action and retryable of a name no class has', () => {
    const rebuilt = rebuildError({ name: 'FutureError', message: 'new trouble', hint: 'Do this.', action: 'open-library', retryable: true });
    expect(rebuilt).toBeInstanceOf(GleanerError);
    expect(describeError(rebuilt)).toEqual({ name: 'FutureError', message: 'new trouble', hint: 'Do this.', action: 'open-library', retryable: true });
  });

  it("carry the class default action, and a thrower's own", () => {
    expect(describeError(new StorageFullError('Disk full.')).action).toBe('open-library');
    expect(describeError(new ValidationError('Bad.', { action: 'open-models' })).action).toBe('open-models');
    expect(rebuildError(serializeError(new StorageFullError('Disk full.')))).toBeInstanceOf(StorageFullError);
  });

  it('tell a stop from a failure', () => {
    expect(isStopped(new AbortedError('Stopped.'))).toBe(true);
    expect(isStopped(rebuildError({ name: 'AbortedError', message: 'Stopped.' }))).toBe(true);
    expect(isStopped(new ConnectionError('gone'))).toBe(false);
  });

  it('turn unknown names and non-errors into plain named errors', () => {
    const rebuilt = rebuildError(serializeError(new TypeError('bad')));
    expect(rebuilt).not.toBeInstanceOf(GleanerError);
    expect([rebuilt.name, rebuilt.message]).toEqual(['TypeError', 'bad']);
    expect(serializeError('plain string')).toEqual({ name: 'Error', message: 'plain string' });
    expect(rebuildError(serializeError(new AbortedError('Stopped.')))).toBeInstanceOf(AbortedError);
  });
});
