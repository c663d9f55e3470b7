'use strict';
/**
 * The operations Distill asks of its NLP libraries: compromise (names, organisations, tags, verb forms), wink-nlp
 * with its English model (tokens, lemmas, parts of speech, entities) and chrono-node (date phrases). Plain CommonJS
 * so that one file serves both ways of running them (see nlp-host.ts): loaded in the process that asks, or run in a
 * worker thread that loads its library while the process loads everything else. Each operation takes and returns
 * plain data.
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

const WINK_MODEL = 'wink-eng-lite-web-model/dist/';

/**
 * wink-eng-lite-web-model's core model, as its own `model.core()` builds it (a test holds the two equal), a third
 * faster: the package parses its 3 MB JSON when it loads, copies it through JSON.stringify and JSON.parse on every
 * `core()`, and decodes two base64 arrays a character at a time; this parses the file once and decodes natively.
 */
function winkCoreModel() {
  const file = require.resolve(`${WINK_MODEL}languages/cur/models/eng-core-web-model.json`);
  const model = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
  const words = (base64) => {
    const bytes = Buffer.from(base64, 'base64');
    return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const { packing, features, pos } = model;
  model.lexicon = words(model.lexicon);
  model.xpansions = words(model.xpansions);
  const indexOf = (list) => {
    const hash = Object.create(null);
    for (let k = 0; k < list.length; k += 1) hash[list[k]] = k;
    return hash;
  };
  for (const f in packing.layout) if (packing.layout[f][3] === 0) features[f].hash = indexOf(features[f].list);
  features.lexeme.hash = indexOf(features.lexeme.list);
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k += 1)
    clusters[k] = new Set(clusters[k].split('_').map((e) => pos.hash[e] || 0));
  packing.efList = [];
  for (const f in packing.layout) {
    const [, bits, shift, intrinsic, extensible] = packing.layout[f];
    if (intrinsic === 0) {
      features[f].intrinsicSize = features[f].list.length;
      features[f].index = features[f].list.length;
      features[f].maxIndex = bits >>> shift;
    }
    if (extensible === 1) packing.efList.push(f);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return model;
}

/** The model object of the package's dist/model.js, with the faster core (and without its load-time JSON parse). */
function winkModel() {
  const part = (name) => require(`${WINK_MODEL}${name}.js`);
  const model = Object.create(null);
  model.core = winkCoreModel;
  model.sbd = part('load-sbd-model');
  model.pos = part('load-pos-model');
  model.ner = part('load-ner-model');
  model.negation = part('load-negation-model');
  model.sa = part('load-sa-model');
  model.metaCER = part('load-cer-meta-model');
  model.featureFn = part('feature');
  model.addons = Object.create(null);
  model.addons.stem = part('porter-stemmer');
  model.addons.lemmatize = part('lemmatize');
  model.addons.readabilityStats = part('readability-stats');
  model.addons.wordVectors = undefined;
  return model;
}

function winkOps() {
  const winkNLP = require('wink-nlp');
  const n = winkNLP(winkModel());
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

/** A date phrase's ends as plain data: what the text gave and what chrono implied (see chrono.ts). */
function plainComponents(c) {
  return { known: { ...c.knownValues }, implied: { ...c.impliedValues } };
}

function chronoOps() {
  // `chrono-node/en`: the package's own `parse` is this locale's casual parser, without loading the 14 other locales
  const chrono = require('chrono-node/en');
  return {
    parse: (text, ref, option) =>
      chrono.parse(text, ref, option).map((r) => ({
        index: r.index,
        text: r.text,
        start: plainComponents(r.start),
        end: r.end ? plainComponents(r.end) : null,
      })),
  };
}

const LIBRARIES = { compromise: compromiseOps, wink: winkOps, chrono: chronoOps };
const WINK = { winkCoreModel, winkModel };

/**
 * A thread that has loaded its library and has nothing asked yet runs each operation once on a made-up message: the
 * first call of an operation costs several times the next (code compiled on first use), and the caller would
 * otherwise wait for that on its first real question.
 */
const WARM_UP =
  'Hi Dana, thanks for the call with Northwind on Tuesday. Can you send the updated quote to Maria Garcia by Friday? ' +
  'We agreed to start the pilot in January; John Smith from Contoso Ltd will join the review.';
function warmUp(lib, libOps) {
  try {
    if (lib === 'compromise') {
      libOps.peopleAndOrganizations(WARM_UP);
      libOps.people(WARM_UP);
      libOps.hasAny(WARM_UP, ['#Verb', '#Person']);
      libOps.matchHas(WARM_UP, 'Dana', '#Person');
      libOps.infinitive('sending the quote');
    } else if (lib === 'chrono') libOps.parse(WARM_UP, new Date(), { forwardDate: true });
    else libOps.analyse(WARM_UP);
  } catch {
    // a warm-up is only a head start
  }
}
module.exports = { LIBRARIES, WINK };

// A worker started by nlp-threads.cjs: load its libraries in order, then answer each request on the port and wake the
// caller, which waits on the shared flag (the call is synchronous on its side).
if (!isMainThread && workerData && Array.isArray(workerData.distillNlp)) {
  const { receiveMessageOnPort } = require('node:worker_threads');
  const { distillNlp, port, signal } = workerData;
  const flag = new Int32Array(signal);
  const ops = {};
  const loadErrors = {};
  const answer = ({ lib, op, args }) => {
    let reply;
    if (loadErrors[lib] !== undefined) reply = { loadError: loadErrors[lib] };
    else if (ops[lib] === undefined) reply = { loadError: `${lib} is not loaded in this thread` };
    else {
      try {
        reply = { ok: ops[lib][op](...args) };
      } catch (e) {
        reply = { error: String(e?.message ?? e) };
      }
    }
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  // Loading is synchronous: a question asked meanwhile waits on the port. It is read at once (not after a turn of
  // the event loop) after each load, and answered if its library is ready, before the next load or a warm-up.
  const pending = distillNlp.slice();
  const deferred = [];
  const answerWaiting = () => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) deferred.push(m.message);
    const asked = deferred.length > 0;
    const later = [];
    for (const m of deferred.splice(0)) {
      if (pending.includes(m.lib)) later.push(m);
      else answer(m);
    }
    deferred.push(...later);
    return asked;
  };
  while (pending.length) {
    const lib = pending.shift();
    try {
      ops[lib] = LIBRARIES[lib]();
    } catch (e) {
      loadErrors[lib] = String(e?.message ?? e);
    }
    answerWaiting();
  }
  for (const lib of distillNlp) if (ops[lib] && !answerWaiting()) warmUp(lib, ops[lib]);
  answerWaiting();
  port.on('message', answer);
}
