'use strict'
// The package loaded by name from a separate process, as a consumer would:
// a temp directory whose node_modules/@twilio-native/webhooks is a symlink to
// the repo, and `node --input-type=module -e` / `node -e` run inside it.
// Twilio's standard vector must validate through the named ESM import, the
// default ESM import, a namespace import and require(); every export of
// twilio's webhooks module must be present in each form.
//
// OURS=twilio: the symlink points at a stub package re-exporting twilio's
// webhooks module (harness debugging only).

const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFile } = require('child_process')
const { pathToFileURL } = require('url')
const {
  REPO_ROOT,
  TWILIO_WEBHOOKS_JS,
  PACKAGE_NAME,
  usingTwilioAsOurs,
  TOKEN,
  P5,
  U,
  U_SIG,
  U_SIG_SHA256,
} = require('../helpers/express-target')

const twilioExportNames = Object.keys(require(TWILIO_WEBHOOKS_JS))
  .filter((k) => k !== '__esModule')
  .sort()

let consumerDir
let stubDir

function makeStubPackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-stub-'))
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: PACKAGE_NAME, main: 'index.js', exports: { '.': { import: './index.mjs', require: './index.js' } } }),
  )
  fs.writeFileSync(path.join(dir, 'index.js'), `module.exports = require(${JSON.stringify(TWILIO_WEBHOOKS_JS)});\n`)
  const names = twilioExportNames.join(', ')
  fs.writeFileSync(
    path.join(dir, 'index.mjs'),
    `import m from ${JSON.stringify(TWILIO_WEBHOOKS_JS)};\nexport const { ${names} } = m;\nexport default m;\n`,
  )
  return dir
}

beforeAll(() => {
  consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-consumer-'))
  const scope = path.join(consumerDir, 'node_modules', '@twilio-native')
  fs.mkdirSync(scope, { recursive: true })
  let target = REPO_ROOT
  if (usingTwilioAsOurs) {
    stubDir = makeStubPackage()
    target = stubDir
  }
  fs.symlinkSync(target, path.join(scope, 'webhooks'), 'dir')
  // A package.json without "type", so only --input-type decides the module kind.
  fs.writeFileSync(path.join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
})

afterAll(() => {
  if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true })
  if (stubDir) fs.rmSync(stubDir, { recursive: true, force: true })
})

function runNode(args) {
  return new Promise((resolve) => {
    // A clean environment: no NODE_OPTIONS / NODE_PATH from jest, no auth token.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME }
    execFile(process.execPath, args, { cwd: consumerDir, env, timeout: 60000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

// The child prints one JSON line; anything else means failure.
function parse(r) {
  if (r.code !== 0) throw new Error(`child failed (${r.code}):\n${r.stderr}`)
  return JSON.parse(r.stdout.trim())
}

const vector = JSON.stringify({ TOKEN, P5, U, U_SIG, U_SIG_SHA256 })

// Body shared by the ESM and CJS children, which bind: `validateRequest` and
// `HMAC_SHA256` (named import / destructured require), `ns` (namespace object /
// module.exports) and `def` (default import / module.exports).
const checks = `
const v = ${vector};
const out = {};
out.namedValid = validateRequest(v.TOKEN, v.U_SIG, v.U, v.P5);
out.namedForged = validateRequest(v.TOKEN, v.U_SIG.replace('R', 'S'), v.U, v.P5);
out.namedSha256 = validateRequest(v.TOKEN, v.U_SIG_SHA256, v.U, v.P5, HMAC_SHA256);
out.defaultValid = def.validateRequest(v.TOKEN, v.U_SIG, v.U, v.P5);
out.defaultForged = def.validateRequest('54321', v.U_SIG, v.U, v.P5);
out.defaultSignature = def.getExpectedTwilioSignature(v.TOKEN, v.U, v.P5);
out.nsValid = ns.validateRequest(v.TOKEN, v.U_SIG, v.U, v.P5);
out.nsKeys = Object.keys(ns).filter((k) => k !== 'default' && k !== '__esModule').sort();
out.defaultKeys = Object.keys(def).filter((k) => k !== '__esModule').sort();
out.types = Object.fromEntries(out.defaultKeys.map((k) => [k, typeof def[k]]));
out.constants = [def.SIGNATURE_HEADER, def.SIGNATURE_SETTINGS_HEADER, def.HMAC_SHA1, def.HMAC_SHA256];
out.sameFunction = validateRequest === def.validateRequest && ns.validateRequest === def.validateRequest;
out.resolved = RESOLVED;
process.stdout.write(JSON.stringify(out) + '\\n');
`

const esmSource = `
import { validateRequest, getExpectedTwilioSignature, HMAC_SHA256, SIGNATURE_HEADER } from '${PACKAGE_NAME}';
import def from '${PACKAGE_NAME}';
import * as ns from '${PACKAGE_NAME}';
if (typeof getExpectedTwilioSignature !== 'function' || HMAC_SHA256 !== 'HMAC_SHA256' || SIGNATURE_HEADER !== 'X-Twilio-Signature') {
  throw new Error('named bindings missing');
}
const RESOLVED = import.meta.resolve('${PACKAGE_NAME}');
${checks}
`

const cjsSource = `
const ns = require('${PACKAGE_NAME}');
const def = require('${PACKAGE_NAME}');
const { validateRequest, HMAC_SHA256 } = require('${PACKAGE_NAME}');
const RESOLVED = require.resolve('${PACKAGE_NAME}');
${checks}
`

function expectVectorResults(out) {
  expect(out.namedValid).toBe(true)
  expect(out.namedForged).toBe(false)
  expect(out.namedSha256).toBe(true)
  expect(out.defaultValid).toBe(true)
  expect(out.defaultForged).toBe(false)
  expect(out.defaultSignature).toBe(U_SIG)
  expect(out.nsValid).toBe(true)
  expect(out.constants).toEqual(['X-Twilio-Signature', 'X-Twilio-Webhooks-Signature-Settings', 'HMAC_SHA1', 'HMAC_SHA256'])
  for (const name of twilioExportNames) {
    expect([name, out.types[name]]).toEqual([name, typeof require(TWILIO_WEBHOOKS_JS)[name]])
  }
}

test('ESM: named, default and namespace imports by package name', async () => {
  const out = parse(await runNode(['--input-type=module', '-e', esmSource]))
  expectVectorResults(out)
  expect(out.nsKeys).toEqual(expect.arrayContaining(twilioExportNames))
  expect(out.defaultKeys).toEqual(expect.arrayContaining(twilioExportNames))
  expect(out.sameFunction).toBe(true)
  // resolved through the (symlinked, hence realpath'd) package's "import" condition
  const pkgDir = fs.realpathSync(usingTwilioAsOurs ? stubDir : REPO_ROOT)
  expect(out.resolved).toBe(pathToFileURL(path.join(pkgDir, 'index.mjs')).href)
})

test('CommonJS: require() by package name', async () => {
  const out = parse(await runNode(['-e', cjsSource]))
  expectVectorResults(out)
  expect(out.defaultKeys).toEqual(expect.arrayContaining(twilioExportNames))
  expect(out.resolved).toBe(path.join(fs.realpathSync(usingTwilioAsOurs ? stubDir : REPO_ROOT), 'index.js'))
})

test('ESM and CommonJS see the same module instance (no dual-package hazard)', async () => {
  const src = `
import def from '${PACKAGE_NAME}';
import { createRequire } from 'node:module';
const req = createRequire(process.cwd() + '/');
const cjs = req('${PACKAGE_NAME}');
process.stdout.write(JSON.stringify({ same: cjs === def, sameFn: cjs.validateRequest === def.validateRequest }) + '\\n');
`
  const out = parse(await runNode(['--input-type=module', '-e', src]))
  expect(out).toEqual({ same: true, sameFn: true })
})

test('importing a name the package does not export fails (the check can fail)', async () => {
  const r = await runNode(['--input-type=module', '-e', `import { notAnExport } from '${PACKAGE_NAME}';`])
  expect(r.code).not.toBe(0)
  expect(r.stderr).toMatch(/notAnExport/)
})
