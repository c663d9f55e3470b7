import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * What bin/bundle.js says of the code cache of the bundle under `root` (a clone or an installed package): `used`,
 * `rejected`, `none`, or `no bundle`. Asked in a fresh Node process, as bin/distill.js asks it: V8 checks the cache
 * against the process's own flags, and the test runner's are not a user's.
 */
export function bundleCache(root: string): string {
  const script = `import { loadBundle } from ${JSON.stringify(path.join(root, 'bin/bundle.js'))};
    console.log(loadBundle(${JSON.stringify(path.join(root, 'dist/cli.cjs'))})?.cache ?? 'no bundle');`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout.trim();
}
