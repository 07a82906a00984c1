/** A fresh idempotency key for one message: a random UUID where the platform has one (36 of the 64 allowed). */
export function newClientId(): string {
  const crypto = globalThis.crypto;
  if (crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
