'use strict';
/**
 * The operations Distill asks of its two NLP libraries, compromise (names, organisations, tags, verb forms) and
 * wink-nlp with its English model (tokens, lemmas, parts of speech, entities). Plain CommonJS so that one file
 * serves both ways of running them (see nlp-host.ts): loaded in the process that asks, or run in a worker thread
 * that loads its library while the process loads everything else. Each operation takes and returns plain data.
 */
const { isMainThread, workerData } = require('node:worker_threads');

function compromiseOps() {
  // The bundled build: one file, which loads in about half the time of compromise's ESM tree.
  const nlp = require('compromise');
  return {
    people: (text) => nlp(text).people().out('array'),
    peopleAndOrganizations: (text) => {
      const doc = nlp(text);
      return { people: doc.people().out('array'), organizations: doc.organizations().out('array') };
    },
    hasAny: (text, tags) => {
      const doc = nlp(text);
      return tags.some((t) => doc.has(t));
    },
    matchHas: (text, match, tag) => nlp(text).match(match).has(tag),
    infinitive: (text) => nlp(text).verbs().toInfinitive().text(),
  };
}

/** Long lines (tables, pasted logs) are cut: features only read the first words, and wink's time grows with length. */
const MAX_CHARS = 600;

function winkOps() {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const n = winkNLP(model);
  const its = n.its;
  return {
    analyse: (text) => {
      const doc = n.readDoc(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
      const tokens = doc.tokens();
      return {
        words: tokens.out(its.normal),
        lemmas: tokens.out(its.lemma),
        pos: tokens.out(its.pos),
        entities: doc
          .entities()
          .out(its.detail)
          .map((e) => e.type),
      };
    },
  };
}

const LIBRARIES = { compromise: compromiseOps, wink: winkOps };
module.exports = { LIBRARIES };

// A worker started by nlp-host.ts: load the library at once, then answer each request on the port and wake the
// caller, which waits on the shared flag (the call is synchronous on its side).
if (!isMainThread && workerData && typeof workerData.distillNlp === 'string') {
  const { distillNlp, port, signal } = workerData;
  const flag = new Int32Array(signal);
  let ops = null;
  let loadError = null;
  try {
    ops = LIBRARIES[distillNlp]();
  } catch (e) {
    loadError = String(e?.message ?? e);
  }
  port.on('message', ({ op, args }) => {
    let reply;
    if (loadError !== null) reply = { loadError };
    else {
      try {
        reply = { ok: ops[op](...args) };
      } catch (e) {
        reply = { error: String(e?.message ?? e) };
      }
    }
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}
