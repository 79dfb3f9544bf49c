'use strict'

// One million validateRequest calls must not leak: the resident set may grow by less than
// 16 MiB once the garbage collector has run. The calls run in a child `node --expose-gc`
// so jest's own allocations do not blur the figures.

const path = require('path')
const { spawnSync } = require('child_process')

const CALLS = 1000000
const LIMIT_MIB = 16

const child = `
'use strict'
const webhooks = require(${JSON.stringify(path.join(__dirname, '..', '..'))})
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const params = () => ({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' })
// Valid, forged (canonical base64, so every candidate URL is hashed), malformed, wrong
// length, a Buffer header, and a URL that needs normalising.
const cases = [
  ['RSOYDt4T1cUTdK1PDd93/VVr8B8=', URL, true],
  ['AAAAAAAAAAAAAAAAAAAAAAAAAAA=', URL, false],
  ['RSOYDt4T1cUTdK1PDd93/VVr8B9=', URL, false],
  ['not a signature', URL, false],
  [Buffer.from('RSOYDt4T1cUTdK1PDd93/VVr8B8='), URL, true],
  ['kvajT1Ptam85bY51eRf/AJRuM3w=', URL, true],
  ['AAAAAAAAAAAAAAAAAAAAAAAAAAA=', "https://mycompany.com/it's?q=a b", false],
]
function run(count) {
  let wrong = 0
  for (let i = 0; i < count; i++) {
    const [signature, url, expected] = cases[i % cases.length]
    if (webhooks.validateRequest('12345', signature, url, params()) !== expected) wrong++
  }
  return wrong
}
function settle() {
  for (let i = 0; i < 6; i++) global.gc()
  return process.memoryUsage()
}
let wrong = run(50000)
const before = settle()
const started = process.hrtime.bigint()
wrong += run(${CALLS})
const seconds = Number(process.hrtime.bigint() - started) / 1e9
const after = settle()
console.log(JSON.stringify({ wrong, seconds, rssBefore: before.rss, rssAfter: after.rss, heapBefore: before.heapUsed, heapAfter: after.heapUsed, externalAfter: after.external }))
`

test(`${CALLS} validateRequest calls grow RSS by less than ${LIMIT_MIB} MiB`, () => {
  const result = spawnSync(process.execPath, ['--expose-gc', '-e', child], { encoding: 'utf8', timeout: 300000 })
  if (result.status !== 0) throw new Error(`child failed (${result.status} ${result.signal}):\n${result.stderr}`)
  const figures = JSON.parse(result.stdout.trim().split('\n').pop())
  const mib = (bytes) => (bytes / 1048576).toFixed(2)
  const growth = figures.rssAfter - figures.rssBefore
  console.log(
    `memory: ${CALLS} calls in ${figures.seconds.toFixed(2)} s; RSS ${mib(figures.rssBefore)} -> ${mib(figures.rssAfter)} MiB ` +
      `(growth ${mib(growth)} MiB); heap ${mib(figures.heapBefore)} -> ${mib(figures.heapAfter)} MiB; external ${mib(figures.externalAfter)} MiB`,
  )
  expect(figures.wrong).toBe(0)
  expect(growth).toBeLessThan(LIMIT_MIB * 1048576)
}, 300000)
