'use strict'
// Node / Bun: loads @twilio-native/webhooks and twilio by name from the project in the current
// directory (where they were installed as a user would), says which binary was loaded, then runs
// ./checks.cjs. Usage (from the project folder): <runtime> /path/to/entry.cjs [generated cases]
const path = require('path')
const { createRequire } = require('module')
const { run, report, mappedAddons } = require('./checks.cjs')

const req = createRequire(path.join(process.cwd(), 'package.json'))
const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.version}`
const ours = req('@twilio-native/webhooks')
// twilio from the project, or (TWILIO_FROM=<dir>) from another folder: the offline WASI install
// compares with the repository's twilio@6.3.1
const twilioReq = process.env.TWILIO_FROM ? createRequire(path.join(process.env.TWILIO_FROM, 'package.json')) : req
const twilio = twilioReq('twilio/lib/webhooks/webhooks')
const pkgDir = path.dirname(req.resolve('@twilio-native/webhooks/package.json'))
// absolute path: the package's "exports" map does not expose lib/
const binding = req(path.join(pkgDir, 'lib', 'load-binding.js'))
const loaded = mappedAddons(req.cache).map((f) => path.relative(process.cwd(), f))
console.log(
  `${runtime}: binding ${binding.__napiBindingTarget}${loaded.length ? ` (${loaded.join(', ')})` : ''}, ` +
    `twilio ${twilioReq('twilio/package.json').version}`,
)
const expectTarget = process.env.EXPECT_BINDING_TARGET || 'native'
if (binding.__napiBindingTarget !== expectTarget || (expectTarget === 'native' && loaded.length !== 1)) {
  console.error(`expected the ${expectTarget} binding`)
  process.exit(1)
}
process.exitCode = report(runtime, run({ ours, twilio, n: Number(process.argv[2] || 2000) }))
