'use strict'
// Checks one installed copy of the package against twilio@6.3.1 installed next to it, under
// whichever runtime loads this file (Node, Bun, Deno): no jest, only what every runtime has.
//   1. the signature vectors (__test__/fixtures/twilio-signature-vectors.json, see
//      __test__/fixtures/README.md): the stored answer, and the same answer as twilio's;
//   2. URL parity: every ASCII character in every part of a URL (as __test__/fast/url-parity.test.js);
//   3. a differential subset: generated calls of validateRequest, getExpectedTwilioSignature,
//      validateRequestWithBody, validateBody and getExpectedBodyHash with the jest suites'
//      generators (__test__/helpers/gen/), driven by fast-check, compared outcome by outcome.
// run() returns counts and the first differences; it never throws for a difference.

const path = require('path')
const util = require('util')

const ROOT = path.resolve(__dirname, '..', '..')
const fc = require('fast-check')
const g = require(path.join(ROOT, '__test__', 'helpers', 'gen'))
const vectors = require(path.join(ROOT, '__test__', 'fixtures', 'twilio-signature-vectors.json'))

function capture(thunk) {
  const saved = {}
  const logs = []
  for (const m of ['warn', 'error', 'log', 'info', 'debug']) {
    saved[m] = console[m]
    console[m] = (...args) => logs.push(m + ':' + args.map(String).join(' '))
  }
  try {
    return { threw: false, value: thunk(), logs }
  } catch (error) {
    return { threw: true, error, logs }
  } finally {
    Object.assign(console, saved)
  }
}

function describe(o) {
  if (o.threw) {
    const e = o.error
    return `threw ${e && e.constructor ? e.constructor.name : typeof e}${e && e.code ? ` [${e.code}]` : ''}: ${e && e.message}`
  }
  return `returned ${util.inspect(o.value)}`
}

function differs(o, t) {
  if (o.threw !== t.threw) return o.threw ? 'ours threw, twilio returned' : 'ours returned, twilio threw'
  if (t.threw) {
    const name = (e) => (e && e.constructor ? e.constructor.name : typeof e)
    if (name(o.error) !== name(t.error)) return `error class differs (${name(o.error)} vs ${name(t.error)})`
    if (t.error && t.error.code !== undefined && (!o.error || o.error.code !== t.error.code)) return 'error code differs'
  } else if (!Object.is(o.value, t.value) && !util.isDeepStrictEqual(o.value, t.value)) return 'return value differs'
  if (o.logs.join('\n') !== t.logs.join('\n')) return 'console output differs'
  return null
}

function run({ ours, twilio, n = 500 }) {
  const counts = { vectors: 0, urlParity: 0, generated: 0 }
  const problems = []
  const compare = (kind, fn, makeArgs, expected) => {
    const o = capture(() => ours[fn](...makeArgs()))
    const t = capture(() => twilio[fn](...makeArgs()))
    counts[kind]++
    const reason = differs(o, t) || (expected !== undefined && (o.threw || o.value !== expected) ? `expected ${expected}` : null)
    if (reason && problems.length < 10) {
      problems.push(
        `${kind} ${fn}${util.inspect(makeArgs(), { breakLength: Infinity })}: ${reason}\n    ours:   ${describe(o)}\n    twilio: ${describe(t)}`,
      )
    } else if (reason) problems.push(null)
    return t
  }

  // 1. vectors
  for (const v of vectors.validateRequest) {
    compare('vectors', 'validateRequest', () => [v.authToken, v.signature, v.url, v.params], v.expected)
    compare('vectors', 'getExpectedTwilioSignature', () => [v.authToken, v.url, v.params])
  }
  for (const v of vectors.validateRequestWithBody) {
    compare('vectors', 'validateRequestWithBody', () => [v.authToken, v.signature, v.url, v.body], v.expected)
  }
  for (const v of vectors.sha256) {
    compare('vectors', 'validateRequest', () => [v.authToken, v.signature, v.url, v.params, v.algorithm], v.expected)
  }
  const vectorCount = vectors.validateRequest.length + vectors.validateRequestWithBody.length + vectors.sha256.length

  // 2. URL parity
  const params = { CallSid: 'CA1234567890ABCDE', Digits: '1234' }
  for (let code = 0; code < 128; code++) {
    const c = String.fromCharCode(code)
    for (const url of g.urlsWithCharacter(c)) {
      const sig = compare('urlParity', 'getExpectedTwilioSignature', () => ['12345', url, { ...params }])
      if (!sig.threw) compare('urlParity', 'validateRequest', () => ['12345', sig.value, url, { ...params }])
      let href = null
      try {
        href = new URL(url).href
      } catch {
        // not a URL for Node's parser either
      }
      if (href && href !== url) {
        const s = twilio.getExpectedTwilioSignature('12345', href, params)
        compare('urlParity', 'validateRequest', () => ['12345', s, url, { ...params }])
      }
    }
  }

  // 3. generated calls (the generators of the jest differential suites)
  const sign = (token, p) => (form, algorithm) => twilio.getExpectedTwilioSignature(token, form, p, algorithm)
  // fc.check, not fc.assert: differences are collected and reported, never thrown
  const property = fc.property(fc.gen(), (gv) => {
    compare(
      'generated',
      'validateRequest',
      g.twin(gv, (draw) => {
        const url = draw.chance(0.03) ? g.genWeirdUrl(draw) : g.genUrl(draw)
        const token = g.genToken(draw)
        const p = g.genParams(draw, url)
        const algorithm = g.genAlgorithm(draw)
        return [token, g.genSignature(draw, url, algorithm, sign(token, p)), url, p, algorithm]
      }),
    )
    compare(
      'generated',
      'getExpectedTwilioSignature',
      g.twin(gv, (draw) => {
        const url = g.genUrl(draw)
        return [g.genToken(draw), url, g.genParams(draw, url), g.genAlgorithm(draw)]
      }),
    )
    compare(
      'generated',
      'validateRequestWithBody',
      g.twin(gv, (draw) => {
        const token = g.genToken(draw)
        const body = g.genBody(draw)
        const url = g.genUrl(draw)
        return [token, g.genSignature(draw, url, undefined, sign(token, {})), url, body]
      }),
    )
    compare(
      'generated',
      'validateBody',
      g.twin(gv, (draw) => [g.genBody(draw), g.genBodyHash(draw)]),
    )
    compare(
      'generated',
      'getExpectedBodyHash',
      g.twin(gv, (draw) => [g.genBody(draw)]),
    )
    return true
  })
  fc.check(property, g.fcParams('runtimes', n))
  return { counts, vectorCount, differences: problems.length, problems: problems.filter(Boolean) }
}

// Native addons loaded into this process: the .node files mapped into it (Linux
// /proc/self/maps), else, where reading that is not allowed (Deno without --allow-all), the
// .node entries of the module cache passed in.
function mappedAddons(moduleCache = {}) {
  let maps = ''
  try {
    // Deno's node:fs reads /proc files (size 0) as empty; its own API does not
    maps =
      typeof Deno === 'object' ? Deno.readTextFileSync('/proc/self/maps') : require('fs').readFileSync('/proc/self/maps', 'utf8')
  } catch {
    // not Linux, or not allowed
  }
  const mapped = maps
    .split('\n')
    .map((l) => l.slice(l.indexOf('/')))
    .filter((f) => f.endsWith('.node'))
  return [...new Set(mapped.length ? mapped : Object.keys(moduleCache).filter((f) => f.endsWith('.node')))]
}

// Prints the result; returns the exit status (0: no difference).
function report(label, result) {
  const { counts, vectorCount, differences, problems } = result
  console.log(
    `${label}: ${vectorCount} shared vectors (${counts.vectors} calls), ${counts.urlParity} URL-parity calls, ` +
      `${counts.generated} generated calls; ${differences} differ from twilio@6.3.1`,
  )
  for (const p of problems) console.log('  - ' + p)
  return differences === 0 && counts.vectors > 0 && counts.generated > 0 ? 0 : 1
}

module.exports = { run, report, mappedAddons }
