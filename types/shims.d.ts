declare module 'mbox-reader' {
  import type { Readable } from 'node:stream';
  export interface MboxMessage { returnPath?: string; time?: Date; content: Buffer }
  export function mboxReader(input: Readable): AsyncGenerator<MboxMessage>;
}
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
declare module 'talisman/phonetics/double-metaphone.js' {
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}
