// Deno: imports @twilio-native/webhooks and twilio through npm: specifiers (installed into the
// project's node_modules folder from the registries in its .npmrc), says which binary was
// loaded, then runs ./checks.cjs. Copied into the project folder and run from there:
//   deno run --allow-read --allow-env --allow-ffi main.mjs <path of checks.cjs> [generated cases]
import ours from 'npm:@twilio-native/webhooks@0.1.0'
import twilio from 'npm:twilio@6.3.1/lib/webhooks/webhooks.js'
import { createRequire } from 'node:module'
import process from 'node:process'

const require = createRequire(import.meta.url)
const { run, report, mappedAddons } = require(Deno.args[0])
const binding = require('./node_modules/@twilio-native/webhooks/lib/load-binding.js')
const runtime = `deno ${Deno.version.deno}`
const loaded = mappedAddons(require.cache).map((f) => f.slice(Deno.cwd().length + 1))
console.log(
  `${runtime}: binding ${binding.__napiBindingTarget}${loaded.length ? ` (${loaded.join(', ')})` : ''}, twilio ${require('./node_modules/twilio/package.json').version}`,
)
const expectTarget = process.env.EXPECT_BINDING_TARGET || 'native'
if (binding.__napiBindingTarget !== expectTarget || (expectTarget === 'native' && loaded.length !== 1)) {
  console.error(`expected the ${expectTarget} binding`)
  process.exit(1)
}
process.exitCode = report(runtime, run({ ours, twilio, n: Number(Deno.args[1] || 2000) }))
