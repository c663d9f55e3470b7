/**
 * Where Distill's NLP runs: compromise (names, tags), wink-nlp (tokens, parts of speech) and chrono (dates). They
 * take about a quarter of a second to load, most of `distill extract`'s start-up. By default each loads in this
 * process on first use. A command that extracts a few sources and exits (`distill extract`, a run of a few emails)
 * starts compromise, the slowest, in a worker thread first (see nlp-threads.cjs, which `bin/distill.js` can start
 * before the program loads): it loads there on the other core while this thread loads the program, and every call
 * waits for its answer synchronously (a shared flag and `Atomics.wait`), so callers see the same functions either
 * way. A long run keeps them all in-process: no thread memory beside its own, no message per call. If a worker
 * cannot load its library or stops answering, that library falls back to loading here.
 */
import { createRequire } from 'node:module';
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

type Library = 'compromise' | 'wink' | 'chrono';
const LIBRARIES: readonly Library[] = ['compromise', 'wink', 'chrono'];
type Ops = Record<string, (...args: unknown[]) => unknown>;

export interface Host {
  mode: 'thread' | 'inline';
  call(op: string, args: unknown[]): unknown;
}

/** The worker threads, in a file of their own that `bin/distill.js` can load before the program (nlp-threads.cjs). */
interface Channel {
  port: MessagePort;
  flag: Int32Array;
}
interface Threads {
  NLP_THREADS: readonly (readonly Library[])[];
  openThread(libs: readonly Library[]): Channel;
  startThreads(groups: readonly (readonly Library[])[]): void;
  threadOf(lib: Library): Channel | undefined;
}

const load = createRequire(import.meta.url);
let threadsModule: Threads | undefined;
const threads = (): Threads => (threadsModule ??= load('./nlp-threads.cjs') as Threads);
const hosts = new Map<Library, Host>();

function inlineHost(lib: Library): Host {
  const { LIBRARIES } = load('./nlp-ops.cjs') as { LIBRARIES: Record<Library, () => Ops> };
  const ops = LIBRARIES[lib]();
  return { mode: 'inline', call: (op, args) => (ops[op] as (...a: unknown[]) => unknown)(...args) };
}

/** How long a call waits for a worker before the library is loaded here instead: far above any one call's work. */
const WORKER_PATIENCE_MS = 30_000;

function threadHost(lib: Library, { port, flag }: Channel): Host {
  return {
    mode: 'thread',
    call(op, args) {
      Atomics.store(flag, 0, 0);
      port.postMessage({ lib, op, args });
      if (Atomics.wait(flag, 0, 0, WORKER_PATIENCE_MS) === 'timed-out') throw new WorkerGone(`${lib} worker timed out`);
      const reply = receiveMessageOnPort(port)?.message as
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

/** Start the NLP threads now (compromise: see nlp-threads.cjs), to load in parallel with what this thread does next. */
export function startNlpThreads(): void {
  try {
    const t = threads();
    t.startThreads(t.NLP_THREADS);
  } catch {
    // no worker threads here (a restricted runtime): the libraries load in-process on first use
  }
}

function hostOf(lib: Library): Host {
  let host = hosts.get(lib);
  if (!host) {
    // threads started by startNlpThreads, or by bin/distill.js before the program loaded
    const channel = threads().threadOf(lib);
    host = channel ? threadHost(lib, channel) : inlineHost(lib);
    hosts.set(lib, host);
  }
  return host;
}

/** Loads now, in this thread, each library not loading in a thread of its own (see `distill extract`). */
export function loadNlp(): void {
  for (const lib of LIBRARIES) hostOf(lib);
}

export function callNlp<T>(lib: Library, op: string, ...args: unknown[]): T {
  const host = hostOf(lib);
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
  return mode === 'thread' ? threadHost(lib, threads().openThread([lib])) : inlineHost(lib);
}

/** Hosts for libraries loaded together in one new thread, in that order: tests ask each of them. */
export function nlpThreadHosts(libs: readonly Library[]): Map<Library, Host> {
  const channel = threads().openThread(libs);
  return new Map(libs.map((lib) => [lib, threadHost(lib, channel)]));
}

/** Which way each library runs. */
export function nlpMode(lib: Library): 'thread' | 'inline' | 'unloaded' {
  return hosts.get(lib)?.mode ?? (threadsModule?.threadOf(lib) ? 'thread' : 'unloaded');
}
