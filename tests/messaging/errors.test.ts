import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionError, GleanerError, ValidationError, rebuildError, registerErrorClass, serializeError } from '@/lib/messaging/errors';

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

  it('rebuild feature errors registered by other modules', () => {
    class QuotaError extends GleanerError {
      override name = 'QuotaError';
    }
    registerErrorClass(QuotaError);
    expect(rebuildError({ name: 'QuotaError', message: 'disk full' })).toBeInstanceOf(QuotaError);
  });

  it('turn unknown names and non-errors into plain named errors', () => {
    const rebuilt = rebuildError(serializeError(new TypeError('bad')));
    expect(rebuilt).not.toBeInstanceOf(GleanerError);
    expect([rebuilt.name, rebuilt.message]).toEqual(['TypeError', 'bad']);
    expect(serializeError('plain string')).toEqual({ name: 'Error', message: 'plain string' });
    expect(rebuildError(serializeError(new AbortedError('Stopped.')))).toBeInstanceOf(AbortedError);
  });
});
