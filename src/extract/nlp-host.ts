/**
 * Where Distill's NLP runs. compromise and wink-nlp take about 0.35 s to load (compromise builds its lexicon, wink
 * reads a 3 MB model), most of `distill extract`'s start-up. By default they load in this process on first use. A
 * command that extracts once and exits (`distill extract`) calls `startNlpThreads()` first: each library then loads
 * in a worker thread of its own while this thread loads the rest of the program, on another core, and every call
 * waits for its answer synchronously (a shared flag and `Atomics.wait`), so callers see the same functions either
 * way. A long run keeps them in-process: no thread memory beside its own, no message per call. If a worker cannot
 * load its library or stops answering, that library falls back to loading here.
 */
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

type Library = 'compromise' | 'wink';
type Ops = Record<string, (...args: unknown[]) => unknown>;

export interface Host {
  mode: 'thread' | 'inline';
  call(op: string, args: unknown[]): unknown;
}

const OPS_FILE = new URL('./nlp-ops.cjs', import.meta.url);
const hosts = new Map<Library, Host>();

function inlineHost(lib: Library): Host {
  const { LIBRARIES } = createRequire(import.meta.url)('./nlp-ops.cjs') as { LIBRARIES: Record<Library, () => Ops> };
  const ops = LIBRARIES[lib]();
  return { mode: 'inline', call: (op, args) => (ops[op] as (...a: unknown[]) => unknown)(...args) };
}

/** How long a call waits for a worker before the library is loaded here instead: far above any one call's work. */
const WORKER_PATIENCE_MS = 30_000;

function threadHost(lib: Library): Host {
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(OPS_FILE, {
    workerData: { distillNlp: lib, port: port2, signal },
    transferList: [port2 as MessagePort],
  });
  worker.unref();
  return {
    mode: 'thread',
    call(op, args) {
      Atomics.store(flag, 0, 0);
      port1.postMessage({ op, args });
      if (Atomics.wait(flag, 0, 0, WORKER_PATIENCE_MS) === 'timed-out') throw new WorkerGone(`${lib} worker timed out`);
      const reply = receiveMessageOnPort(port1)?.message as
        | { ok?: unknown; error?: string; loadError?: string }
        | undefined;
      if (!reply) throw new WorkerGone(`${lib} worker sent no answer`);
      if (reply.loadError !== undefined) throw new WorkerGone(reply.loadError);
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.ok;
    },
  };
}

class WorkerGone extends Error {}

/** Load compromise and wink-nlp in worker threads now, in parallel with whatever this thread does next. */
export function startNlpThreads(): void {
  for (const lib of ['compromise', 'wink'] as const) {
    if (hosts.has(lib)) continue;
    try {
      hosts.set(lib, threadHost(lib));
    } catch {
      // no worker threads here (a restricted runtime): the library loads in-process on first use
    }
  }
}

export function callNlp<T>(lib: Library, op: string, ...args: unknown[]): T {
  let host = hosts.get(lib);
  if (!host) {
    host = inlineHost(lib);
    hosts.set(lib, host);
  }
  try {
    return host.call(op, args) as T;
  } catch (e) {
    // A worker that failed to load its library (or died) answers with an error or not at all: load it here.
    if (!(e instanceof WorkerGone)) throw e;
    const inline = inlineHost(lib);
    hosts.set(lib, inline);
    return inline.call(op, args) as T;
  }
}

/** A host of its own, not the one callNlp uses: tests ask both kinds the same questions. */
export function nlpHost(lib: Library, mode: 'thread' | 'inline'): Host {
  return mode === 'thread' ? threadHost(lib) : inlineHost(lib);
}

/** Which way each library runs. */
export function nlpMode(lib: Library): 'thread' | 'inline' | 'unloaded' {
  return hosts.get(lib)?.mode ?? 'unloaded';
}
