import { ValidationError } from './errors';

/**
 * Small, explicit validators for requests that come from web pages (content
 * scripts run in the page's origin, so their messages are untrusted).
 */

/** Asserts a plain object. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${what}: expected an object.`);
  }
  return value as Record<string, unknown>;
}

/** Asserts a string of at most `maxLength` UTF-16 units. */
export function expectString(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string') throw new ValidationError(`${what}: expected a string.`);
  if (value.length > maxLength) throw new ValidationError(`${what}: too long (${value.length} > ${maxLength}).`);
  return value;
}

/** Asserts an optional string (null and undefined become undefined). */
export function expectOptionalString(value: unknown, what: string, maxLength: number): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, what, maxLength);
}

/** Asserts a finite number within [min, max]. */
export function expectNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(`${what}: expected a number in [${min}, ${max}].`);
  }
  return value;
}

/** Asserts an http(s) URL and returns it normalized. */
export function expectHttpUrl(value: unknown, what: string): string {
  const text = expectString(value, what, 8192);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`${what}: not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`${what}: only http(s) pages.`);
  return url.href;
}
