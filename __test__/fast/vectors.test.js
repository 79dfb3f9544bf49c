'use strict'

// Every vector of the shared signature-vector file: the stored twilio@6.3.1
// answer, and equality with twilio itself.

const path = require('path')
const fs = require('fs')
const { ours, twilio, capture, compareOutcomes, describeOutcome } = require('../helpers/compare')

// The vectors live in the repository (__test__/fixtures/README.md says where they come from).
const VECTORS_PATH = path.join(__dirname, '..', 'fixtures', 'twilio-signature-vectors.json')
const vectors = JSON.parse(fs.readFileSync(VECTORS_PATH, 'utf8'))

// Run one call on both implementations; fail on any difference.
function same(fn, args) {
  const o = capture(() => ours[fn](...args))
  const t = capture(() => twilio[fn](...args))
  const reason = compareOutcomes(o, t)
  if (reason) {
    throw new Error(
      `${fn} differs from twilio@6.3.1: ${reason}\n  ours:   ${describeOutcome(o)}\n  twilio: ${describeOutcome(t)}`,
    )
  }
  return o
}

function expectReturned(o, expected) {
  expect(o.threw ? `threw ${o.error && o.error.message}` : o.value).toBe(expected)
}

const sha1Vectors = vectors.validateRequest
const bodyVectors = vectors.validateRequestWithBody
const sha256Vectors = vectors.sha256

test('the vector file is the one this suite expects', () => {
  expect(vectors.reference).toBe('twilio@6.3.1')
  expect(sha1Vectors.length).toBeGreaterThan(30)
  expect(bodyVectors.length).toBeGreaterThan(0)
  expect(sha256Vectors.length).toBeGreaterThan(0)
})

describe('validateRequest vectors', () => {
  test.each(sha1Vectors.map((v) => [v.name, v]))('%s', (_name, v) => {
    // as stored, and twilio must agree with the file
    expectReturned(
      capture(() => twilio.validateRequest(v.authToken, v.signature, v.url, v.params)),
      v.expected,
    )
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params]), v.expected)
    // the default algorithm, spelled out
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params, 'HMAC_SHA1']), v.expected)
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params, undefined]), v.expected)
    // a SHA-1 signature never validates as SHA-256
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params, 'HMAC_SHA256']), false)
    // the signature over the URL as given, and as a Buffer header
    const s = same('getExpectedTwilioSignature', [v.authToken, v.url, v.params])
    same('getExpectedTwilioSignature', [v.authToken, v.url, v.params, 'HMAC_SHA256'])
    same('validateRequest', [v.authToken, Buffer.from(v.signature), v.url, v.params])
    same('validateRequest', [v.authToken, s.value, v.url, v.params])
    // a tampered signature, a different token
    same('validateRequest', [v.authToken, v.signature.slice(0, -2) + 'A=', v.url, v.params])
    same('validateRequest', [v.authToken + 'x', v.signature, v.url, v.params])
  })
})

describe('validateRequestWithBody vectors', () => {
  test.each(bodyVectors.map((v) => [v.name, v]))('%s', (_name, v) => {
    expectReturned(
      capture(() => twilio.validateRequestWithBody(v.authToken, v.signature, v.url, v.body)),
      v.expected,
    )
    expectReturned(same('validateRequestWithBody', [v.authToken, v.signature, v.url, v.body]), v.expected)
    expectReturned(same('validateRequestWithBody', [v.authToken, v.signature, v.url, v.body, 'HMAC_SHA1']), v.expected)
    expectReturned(same('validateRequestWithBody', [v.authToken, v.signature, v.url, v.body, 'HMAC_SHA256']), false)
    same('validateRequestWithBody', [v.authToken, v.signature, v.url, Buffer.from(v.body)])
    // the pieces: signature over the URL (params {}), and the body hash
    same('validateRequest', [v.authToken, v.signature, v.url, {}])
    same('validateRequest', [v.authToken, v.signature, v.url, null])
    same('getExpectedTwilioSignature', [v.authToken, v.url, {}])
    same('getExpectedTwilioSignature', [v.authToken, v.url, null])
    const hash = new URL(v.url).searchParams.get('bodySHA256')
    same('getExpectedBodyHash', [v.body])
    same('validateBody', [v.body, hash])
    same('validateBody', [v.body, hash.toUpperCase()])
  })
})

describe('HMAC_SHA256 vectors', () => {
  test.each(sha256Vectors.map((v) => [v.name, v]))('%s', (_name, v) => {
    expectReturned(
      capture(() => twilio.validateRequest(v.authToken, v.signature, v.url, v.params, v.algorithm)),
      v.expected,
    )
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params, v.algorithm]), v.expected)
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params, v.algorithm.toLowerCase()]), v.expected)
    expectReturned(same('validateRequest', [v.authToken, v.signature, v.url, v.params]), false)
    const s = same('getExpectedTwilioSignature', [v.authToken, v.url, v.params, v.algorithm])
    if (v.expected) expect(s.value).toBe(v.signature)
    same('getExpectedTwilioSignature', [v.authToken, v.url, v.params, 'MD5'])
    same('validateRequest', [v.authToken, v.signature, v.url, v.params, 'MD5'])
  })
})
