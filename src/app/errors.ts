/** A request a use case cannot carry out as asked (nothing to undo, an unknown time zone): the caller's to fix. */
export class RequestError extends Error {
  override name = 'RequestError';
}
