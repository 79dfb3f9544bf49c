'use strict'
// validateRequest calls per second: twilio@6.3.1, the native binary and the WASI fallback.
// The WASI copy is the staged one `npm run test:runtimes -- wasi` leaves in
// .cross/stage/wasm32-wasi (or the folder given as the first argument); it is loaded in a
// child process with NAPI_RS_FORCE_WASI=error so that the native binary cannot stand in.
// Usage: node bench/wasi.js [wasi package root]
const path = require('path')
const { execFileSync } = require('child_process')

const ROOT = path.join(__dirname, '..')
const wasiRoot = path.resolve(process.argv[2] || path.join(ROOT, '.cross', 'stage', 'wasm32-wasi'))
const CHILD = `
const impl = require(process.argv[1])
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' }
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const call = () => impl.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params)
if (call() !== true) process.exit(2)
let best = 0
for (let round = 0; round < 5; round++) {
  let n = 0
  const start = process.hrtime.bigint()
  let ns = 0n
  while (ns < 300000000n) { for (let i = 0; i < 200; i++) call(); n += 200; ns = process.hrtime.bigint() - start }
  best = Math.max(best, n / (Number(ns) / 1e9))
}
console.log(Math.round(best))
`
function opsPerSecond(target, env = {}) {
  return Number(
    execFileSync(process.execPath, ['--no-warnings', '-e', CHILD, target], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).trim(),
  )
}
const twilio = opsPerSecond(path.join(ROOT, 'node_modules', 'twilio', 'lib', 'webhooks', 'webhooks.js'))
const native = opsPerSecond(ROOT)
const wasi = opsPerSecond(wasiRoot, { NAPI_RS_FORCE_WASI: 'error' })
const row = (name, v) => console.log(`${name.padEnd(22)} ${String(v).padStart(9)} calls/s  ${(v / twilio).toFixed(2)}x twilio`)
console.log(`validateRequest, Twilio's standard vector, best of 5 x 0.3 s, node ${process.version}`)
row('twilio@6.3.1', twilio)
row('native (linux-x64-gnu)', native)
row('wasm32-wasi', wasi)
