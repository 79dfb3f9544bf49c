'use strict'
// Shared plumbing for the express / middleware / ESM / types tests.
//
// The implementation under test is our package (the repository's index.js).
// For debugging the harness before index.js exists, run with OURS=twilio:
// the "ours" side is then twilio's own webhooks module, so every equality
// test must pass and only the tests of the two deliberate differences fail.

const path = require('path')

const REPO_ROOT = path.resolve(__dirname, '..', '..')
const TWILIO_WEBHOOKS_JS = require.resolve('twilio/lib/webhooks/webhooks.js', { paths: [REPO_ROOT] })
const TWILIO_WEBHOOKS_DTS = path.join(path.dirname(TWILIO_WEBHOOKS_JS), 'webhooks.d.ts')
const PACKAGE_NAME = '@twilio-native/webhooks'

const usingTwilioAsOurs = process.env.OURS === 'twilio'

function loadTwilio() {
  return require(TWILIO_WEBHOOKS_JS)
}

function loadOurs() {
  if (usingTwilioAsOurs) {
    // A separate module instance, so nothing is shared with the reference side.
    let mod
    jestIsolate(() => {
      mod = require(TWILIO_WEBHOOKS_JS)
    })
    return mod
  }
  return require(REPO_ROOT)
}

function jestIsolate(fn) {
  if (typeof jest !== 'undefined' && jest.isolateModules) {
    jest.isolateModules(fn)
  } else {
    fn()
  }
}

// Twilio's standard test parameters (spec §2, "P5") and vectors.
const TOKEN = '12345'
const P5 = Object.freeze({
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
})
const U = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const U_SIG = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='
const U_SIG_SHA256 = '033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s='
const JSON_BODY = '{"property": "value", "boolean": true}'
const BH = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'

function p5() {
  return { ...P5 }
}

// Describe a thrown value in the terms the tests compare: class and code.
function describeError(err) {
  if (err === null || typeof err !== 'object') {
    return { thrownPrimitive: String(err) }
  }
  const out = { class: err.constructor ? err.constructor.name : '(no constructor)' }
  if (err.code !== undefined) out.code = err.code
  return out
}

module.exports = {
  REPO_ROOT,
  TWILIO_WEBHOOKS_JS,
  TWILIO_WEBHOOKS_DTS,
  PACKAGE_NAME,
  usingTwilioAsOurs,
  loadTwilio,
  loadOurs,
  TOKEN,
  P5,
  p5,
  U,
  U_SIG,
  U_SIG_SHA256,
  JSON_BODY,
  BH,
  describeError,
}
