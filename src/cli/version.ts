import { readFileSync } from 'node:fs';

/**
 * The package's version. Its own module so a command (mcp) can report it without importing main.ts, which loads the
 * commands. package.json sits two folders up from both src/cli/version.ts and the compiled dist/cli/version.js.
 */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}
