'use strict';
/**
 * The worker threads that load Distill's NLP libraries (see nlp-host.ts). Plain CommonJS, with nothing of the
 * program's own, so that `bin/distill.js` can start them before it loads the program, for a command that wants them
 * (`distill extract`): they load their libraries while the program loads. Node keeps one instance of this file per
 * process, so nlp-host.ts, loading it later, finds the threads already started and talks to them.
 */
const path = require('node:path');
const { MessageChannel, Worker } = require('node:worker_threads');

/**
 * What loads in threads: compromise, the slowest to load, in one of its own. wink-nlp and chrono load in the main
 * thread meanwhile (see nlp-host.ts `loadNlp`), once the program has loaded: on two cores, measured, that finishes
 * sooner than a thread for each library (three threads contend for two cores) or one thread loading them all.
 */
const NLP_THREADS = [['compromise']];

/** library -> the channel to the thread that loads it: its port and the flag its answers raise */
const started = new Map();

/** A thread that loads `libs` in that order and answers calls for any of them: its port and the flag it raises. */
function openThread(libs) {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, 'nlp-ops.cjs'), {
    workerData: { distillNlp: libs, port: port2, signal },
    transferList: [port2],
  });
  // A thread that is still loading (or idle) never keeps the process alive.
  worker.unref();
  return { port: port1, flag: new Int32Array(signal) };
}

/**
 * Starts one thread per group of libraries, skipping libraries already started. Throws where there are no worker
 * threads (a restricted runtime): the libraries then load in-process on first use.
 */
function startThreads(groups) {
  for (const group of groups) {
    const libs = group.filter((lib) => !started.has(lib));
    if (!libs.length) continue;
    const channel = openThread(libs);
    for (const lib of libs) started.set(lib, channel);
  }
}

/** The channel to the thread that has (or is loading) `lib`, if one was started. */
function threadOf(lib) {
  return started.get(lib);
}

module.exports = { NLP_THREADS, openThread, startThreads, threadOf };
