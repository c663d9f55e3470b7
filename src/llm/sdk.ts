/**
 * The AI SDK (`ai`) is imported on the first LLM call, not at start-up: an offline run, `--help` or `tasks list`
 * never loads it (with the provider packages, a quarter of a second of module loading).
 */
import type { APICallError } from 'ai';

export const loadAi = () => import('ai');

/**
 * `APICallError.isInstance(e)` without importing the SDK (only a loaded SDK can have thrown one): the SDK marks each
 * of its errors with a registered symbol and isInstance checks that mark. sdk.test.ts holds the two to agreement.
 */
const API_CALL_ERROR = Symbol.for('vercel.ai.error.AI_APICallError');

export function isApiCallError(e: unknown): e is APICallError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[API_CALL_ERROR] === true;
}
