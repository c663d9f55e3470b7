/**
 * Our own retry loop (the SDK is called with maxRetries: 0) so that Retry-After is honoured exactly and every
 * attempt is counted in the usage report. Retries only what can succeed later: 408, 409, 429, 5xx and network errors.
 */
import { isApiCallError } from './sdk.ts';

export interface RetryOptions {
  maxRetries: number;
  /** First backoff delay; doubles each attempt. */
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Why a call finally failed, in words fit for a note's warnings ("HTTP 500 after 4 retries"). */
export class LlmCallError extends Error {
  override name = 'LlmCallError';
  constructor(
    readonly reason: string,
    readonly status: number | null,
    readonly retries: number,
    readonly retryable: boolean,
    override readonly cause?: unknown,
  ) {
    super(retries > 0 ? `${reason} after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : reason);
  }
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

export function statusOf(err: unknown): number | null {
  if (isApiCallError(err)) return err.statusCode ?? null;
  return null;
}

/** Retry-After in ms from response headers: `retry-after-ms`, seconds, or an HTTP date. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const get = (k: string) => Object.entries(headers).find(([h]) => h.toLowerCase() === k)?.[1];
  const ms = get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = get('retry-after');
  if (!ra) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const when = Date.parse(ra);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}

/** The first system error code down the cause chain (fetch wraps it: APICallError -> TypeError -> Error{code}). */
function errorCode(err: unknown): string | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  }
  return null;
}

function isNetworkError(err: unknown): boolean {
  if (isApiCallError(err)) return err.statusCode === undefined;
  const code = errorCode(err);
  return code !== null && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code);
}

export function describeError(err: unknown): { reason: string; status: number | null; retryable: boolean } {
  const status = statusOf(err);
  if (status !== null) {
    return { reason: `HTTP ${status}`, status, retryable: RETRYABLE_STATUS.has(status) || status >= 500 };
  }
  if ((err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError') {
    return { reason: 'timed out', status: null, retryable: true };
  }
  if (isNetworkError(err)) {
    const code = errorCode(err);
    return { reason: `unreachable${code ? ` (${code})` : ''}`, status: null, retryable: true };
  }
  const msg = ((err as Error)?.message ?? String(err)).split('\n')[0] ?? 'error';
  return { reason: msg.slice(0, 160), status: null, retryable: false };
}

/** Full-jitter exponential backoff, but never sooner than the server asked for. */
export function backoffDelay(
  attempt: number,
  opts: { baseMs: number; maxMs: number; random: () => number },
  serverMs: number | null,
): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
  const jittered = exp / 2 + opts.random() * (exp / 2);
  return serverMs !== null ? Math.max(serverMs, Math.min(jittered, serverMs + opts.baseMs)) : jittered;
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const baseMs = opts.baseMs ?? 500;
  const maxMs = opts.maxMs ?? 30_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const d = describeError(err);
      if (!d.retryable || attempt >= opts.maxRetries)
        throw new LlmCallError(d.reason, d.status, attempt, d.retryable, err);
      const headers = isApiCallError(err) ? err.responseHeaders : undefined;
      const delayMs = backoffDelay(
        attempt,
        { baseMs, maxMs, random },
        retryAfterMs(headers, opts.now?.() ?? Date.now()),
      );
      opts.onRetry?.({ attempt: attempt + 1, delayMs, reason: d.reason });
      await sleep(delayMs);
    }
  }
}
