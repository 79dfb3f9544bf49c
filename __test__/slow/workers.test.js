'use strict'

// The addon loaded in four worker threads at once: each validates the standard vectors
// (and rejects forgeries) on its own, and every worker exits cleanly.

const path = require('path')
const { Worker } = require('worker_threads')

const WORKERS = 4
const ROUNDS = 2000

const source = `
'use strict'
const { parentPort, workerData } = require('worker_threads')
const webhooks = require(workerData.root)
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' }
const BODY_URL = URL + '&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
const BODY = '{"property": "value", "boolean": true}'
const checks = [
  () => webhooks.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', URL, params) === true,
  () => webhooks.validateRequest('12345', 'kvajT1Ptam85bY51eRf/AJRuM3w=', URL, params) === true,
  () => webhooks.validateRequest('12345', 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', params) === true,
  () => webhooks.validateRequest('12345', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', URL, params) === false,
  () => webhooks.validateRequest('12345', '033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s=', URL, params, 'HMAC_SHA256') === true,
  () => webhooks.getExpectedTwilioSignature('12345', URL, params) === 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
  () => webhooks.validateRequestWithBody('12345', 'a9nBmqA0ju/hNViExpshrM61xv4=', BODY_URL, BODY) === true,
  () => webhooks.validateRequestWithBody('12345', 'a9nBmqA0ju/hNViExpshrM61xv4=', BODY_URL, '{}') === false,
  () => webhooks.getExpectedBodyHash(BODY) === '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620',
]
let passed = 0
let failed = 0
for (let round = 0; round < workerData.rounds; round++) {
  for (const check of checks) {
    if (check()) passed++
    else failed++
  }
}
// A per-worker token, so each thread also builds its own signing keys.
const token = 'worker-token-' + workerData.index
const own = webhooks.getExpectedTwilioSignature(token, URL, params)
if (webhooks.validateRequest(token, own, URL, params)) passed++
else failed++
parentPort.postMessage({ index: workerData.index, passed, failed })
`

test(`${WORKERS} worker threads validate concurrently and exit with code 0`, async () => {
  const root = path.join(__dirname, '..', '..')
  const runs = Array.from({ length: WORKERS }, (_, index) => {
    const worker = new Worker(source, { eval: true, workerData: { root, index, rounds: ROUNDS } })
    let report
    worker.on('message', (message) => {
      report = message
    })
    return new Promise((resolve, reject) => {
      worker.on('error', reject)
      worker.on('exit', (code) => resolve({ code, report }))
    })
  })
  const results = await Promise.all(runs)
  console.log(`workers: ${JSON.stringify(results)}`)
  for (const { code, report } of results) {
    expect(code).toBe(0)
    expect(report).toBeDefined()
    expect(report.failed).toBe(0)
    expect(report.passed).toBe(ROUNDS * 9 + 1)
  }
  // And the main thread still works after the workers are gone.
  const webhooks = require('../..')
  expect(
    webhooks.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    }),
  ).toBe(true)
})
