'use strict'

// Signature headers: right for one of the URL forms twilio may sign over (so the comparison
// with twilio decides whether it is accepted), off by one character, in the wrong case or
// length, in another type, or forged.

const querystring = require('querystring')
const { annotate, render } = require('./render')
const { hashNameOf } = require('./params')

function togglePortForms(url) {
  const out = []
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)/.exec(url)
  if (!m) return out
  const scheme = m[1]
  const authority = m[2]
  const rest = url.slice(m[0].length)
  const at = authority.lastIndexOf('@')
  const user = authority.slice(0, at + 1)
  const hostPort = authority.slice(at + 1)
  const bracket = hostPort.lastIndexOf(']')
  const colon = hostPort.indexOf(':', bracket + 1)
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon)
  out.push(scheme + user + host + rest)
  if (colon < 0) {
    const def = scheme.toLowerCase() === 'https://' ? ':443' : ':80'
    out.push(scheme + user + host + def + rest)
    out.push(scheme + user + host + (def === ':443' ? ':80' : ':443') + rest)
  }
  return out
}

function legacyQueryForm(url) {
  const q = url.indexOf('?')
  if (q < 0) return url
  return url.slice(0, q) + '?' + querystring.stringify(querystring.parse(url.slice(q + 1)))
}

function candidateForms(url) {
  const forms = []
  if (typeof url !== 'string') return [String(url)]
  forms.push(url)
  forms.push(...togglePortForms(url))
  let href = null
  try {
    href = new URL(url).href
  } catch (_e) {
    href = null
  }
  if (href !== null) {
    forms.push(href)
    const toggled = togglePortForms(href)
    forms.push(...toggled)
    forms.push(legacyQueryForm(href))
    for (const t of toggled) forms.push(legacyQueryForm(t))
  }
  // forms that should normally fail
  forms.push(url.toLowerCase())
  forms.push(url + '/')
  forms.push(url.trim())
  return forms
}

// Signatures

function base64Random(draw, len) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let s = ''
  for (let i = 0; i < len - 1; i++) s += chars[draw.int(64)]
  return s + '='
}

// Produce a header value for a validateRequest-like call.
// sign(urlForm, algorithm) must return the signature twilio computes, or throw.
function genSignature(draw, url, algorithm, sign) {
  const alg = hashNameOf(algorithm) ? algorithm : draw.pick([undefined, 'HMAC_SHA256'])
  const forms = candidateForms(url)
  let good = null
  try {
    good = sign(draw.chance(0.7) ? forms[draw.int(Math.min(forms.length, forms.length - 3))] : draw.pick(forms), alg)
  } catch (_e) {
    good = null
  }
  const length = hashNameOf(alg) === 'sha256' ? 44 : 28
  const forged = base64Random(draw, length)
  const correct = good === null ? forged : good
  return draw.weighted([
    [50, correct],
    [
      5,
      () => {
        try {
          return sign(draw.pick(forms), hashNameOf(alg) === 'sha256' ? 'HMAC_SHA1' : 'HMAC_SHA256')
        } catch (_e) {
          return forged
        }
      },
    ],
    [8, forged],
    [
      5,
      () => {
        const i = draw.int(correct.length)
        const c = correct[i] === 'A' ? 'B' : 'A'
        return correct.slice(0, i) + c + correct.slice(i + 1)
      },
    ],
    [2, () => correct.toLowerCase()],
    [
      6,
      () =>
        draw.pick([correct + '=', correct.slice(1), ' ' + correct, correct + '\n', correct.slice(0, -1), correct + correct, 'x']),
    ],
    [
      2,
      () =>
        draw.pick([
          correct.slice(0, -2) + '\u00e9',
          correct.slice(0, -3) + '\ud800',
          correct.slice(0, -3) + '\u20ac',
          correct + '\u0000',
        ]),
    ],
    [7, () => draw.pick([undefined, null, '', 0, false, NaN, 0n, -0])],
    [3, () => Buffer.from(correct)],
    [1, () => new Uint8Array(Buffer.from(correct))],
    [1, () => new Uint8Array(Buffer.from(correct)).buffer],
    [2, () => Array.from(Buffer.from(correct))],
    [1, () => ({ type: 'Buffer', data: Array.from(Buffer.from(correct)) })],
    [1, () => new String(correct)],
    [1, () => [correct]],
    [1, () => draw.pick([1, 42, -1, 1.5, Infinity, 1n])],
    [1, () => ({})],
    [1, () => ({ length: correct.length })],
    [1, true],
    [1, () => Symbol('sig')],
    [
      1,
      () =>
        annotate(
          {
            valueOf() {
              return correct
            },
          },
          `{valueOf() { return ${render(correct)}; }}`,
        ),
    ],
    [
      1,
      () =>
        annotate(function f(a, b) {
          return a + b
        }, 'function f(a, b) { return a + b; }'),
    ],
  ])
}

module.exports = { candidateForms, genSignature }
