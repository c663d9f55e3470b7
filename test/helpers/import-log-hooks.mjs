// Module resolution hooks (they run on the loader thread) for import-log.mjs.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.DISTILL_IMPORT_LOG, `${r.url}\n`);
  return r;
}
