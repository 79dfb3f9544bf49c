'use strict'

// The packed packages install and work on a machine without a Rust toolchain:
// `npm install --offline` of the root tarball + the host platform tarball (from dist/, made by
// `npm run pack:local`, which this test runs itself when dist/ is missing or older than the
// sources) into an empty project, with ~/.cargo/bin stripped from PATH and an empty npm cache,
// then require()/import() the package by name and validate Twilio's standard test vector.

const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync, execFileSync } = require('child_process')

const ROOT = path.join(__dirname, '..', '..')
const DIST = path.join(ROOT, 'dist')
const MANIFEST = path.join(DIST, 'pack-manifest.json')
const rootPkg = require('../../package.json')
const BIN = rootPkg.napi.binaryName

const { hostPlatform } = require('../../scripts/release/pack-local.js')
const HOST = hostPlatform()
const PLATFORM_PKG = `${rootPkg.name}-${HOST}`

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))))
}

function distIsUsable() {
  if (!fs.existsSync(MANIFEST)) return 'dist/pack-manifest.json is missing'
  const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'))
  if (m.version !== rootPkg.version) return `dist/ holds version ${m.version}, package.json ${rootPkg.version}`
  if (!m.platforms[HOST]) return `dist/ has no ${HOST} package`
  const files = [m.root, m.platforms[HOST]].map((f) => path.join(DIST, f))
  if (!files.every((f) => fs.existsSync(f))) return 'a tarball listed in dist/pack-manifest.json is missing'
  const packedAt = Math.min(...files.map((f) => fs.statSync(f).mtimeMs))
  const inputs = [
    'package.json',
    'binding.js',
    'index.js',
    'index.mjs',
    'index.d.ts',
    'lib',
    `${BIN}.${HOST}.node`,
    `artifacts/${BIN}.${HOST}.node`,
  ]
  const changedAt = Math.max(...inputs.map((p) => newestMtime(path.join(ROOT, p))))
  if (changedAt > packedAt) return 'sources are newer than the tarballs'
  return null
}

// PATH without any cargo/rustup directory; and prove no cargo is reachable through it.
function pathWithoutCargo() {
  const cargoHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo')
  return (process.env.PATH || '')
    .split(path.delimiter)
    .filter(
      (d) => d && !d.startsWith(path.join(cargoHome, 'bin')) && !/[\\/]\.cargo[\\/]bin\b/.test(d) && !/[\\/]\.rustup\b/.test(d),
    )
    .join(path.delimiter)
}

let project
let manifest
let env

beforeAll(() => {
  const why = distIsUsable()
  if (why) {
    // Build the tarballs now (a fresh clone has no dist/).
    process.stderr.write(`pack-install: running scripts/release/pack-local.js (${why})\n`)
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'release', 'pack-local.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300000,
    })
  }
  manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'))

  project = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-consumer-'))
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  env = { ...process.env, PATH: pathWithoutCargo(), npm_config_cache: path.join(project, '.npm-cache') }
  for (const k of Object.keys(env)) {
    if (k.startsWith('NAPI_RS_') || k === 'RUSTUP_HOME' || k === 'CARGO_HOME' || k === 'npm_config_offline') delete env[k]
  }
  const install = spawnSync(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      path.join(DIST, manifest.root),
      path.join(DIST, manifest.platforms[HOST]),
    ],
    { cwd: project, env, encoding: 'utf8', timeout: 240000, shell: process.platform === 'win32' },
  )
  if (install.status !== 0) {
    throw new Error(
      `npm install failed (status ${install.status}, signal ${install.signal}):\n${install.stdout}\n${install.stderr}`,
    )
  }
}, 600000)

afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true })
})

test('no cargo/rustc is reachable from the PATH used for install and run', () => {
  const which = spawnSync(
    process.platform === 'win32' ? 'where' : 'sh',
    process.platform === 'win32' ? ['cargo'] : ['-c', 'command -v cargo || command -v rustc || true'],
    {
      env,
      encoding: 'utf8',
      timeout: 30000,
    },
  )
  expect(which.stdout.trim()).toBe('')
})

test('the packed root package.json pins every platform package at the exact version', () => {
  const installed = JSON.parse(
    fs.readFileSync(path.join(project, 'node_modules', ...rootPkg.name.split('/'), 'package.json'), 'utf8'),
  )
  expect(Object.keys(installed.optionalDependencies).length).toBe(rootPkg.napi.targets.length)
  for (const [name, version] of Object.entries(installed.optionalDependencies)) {
    expect(name.startsWith(`${rootPkg.name}-`)).toBe(true)
    expect(version).toBe(rootPkg.version)
  }
  expect(installed.optionalDependencies[PLATFORM_PKG]).toBe(rootPkg.version)
  // and only the host platform package landed in node_modules
  const scopeDir = path.join(project, 'node_modules', rootPkg.name.split('/')[0])
  const landed = fs.readdirSync(scopeDir).sort()
  expect(landed).toEqual([rootPkg.name.split('/')[1], PLATFORM_PKG.split('/')[1]].sort())
})

const SCRIPT = `
const path = require('path')
const webhooks = require('${rootPkg.name}')
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' }
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const out = {
  valid: webhooks.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params),
  tampered: webhooks.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, { ...params, Digits: '1235' }),
  loaded: Object.keys(require.cache).filter((k) => k.endsWith('.node')).map((k) => path.relative(process.cwd(), k).split(path.sep).join('/')),
}
import('${rootPkg.name}').then((esm) => {
  out.esmValid = esm.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params)
  process.stdout.write(JSON.stringify(out))
})
`

test("require()/import() by name validates Twilio's standard vector with the platform package's binary", () => {
  const r = spawnSync(process.execPath, ['-e', SCRIPT], { cwd: project, env, encoding: 'utf8', timeout: 120000 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  const out = JSON.parse(r.stdout)
  expect(out).toEqual({
    valid: true,
    tampered: false,
    esmValid: true,
    loaded: [`node_modules/${PLATFORM_PKG}/${BIN}.${HOST}.node`],
  })
})

const ADAPTERS_SCRIPT = `
const { verifyFetchRequest } = require('${rootPkg.name}/fetch')
const { verifyLambdaEvent } = require('${rootPkg.name}/lambda')
const { verifyNodeRequest } = require('${rootPkg.name}/http')
const out = { http: typeof verifyNodeRequest }
let fastifyError
try { require('${rootPkg.name}/fastify') } catch (e) { fastifyError = e.message }
out.fastifyError = fastifyError
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const body = 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212'
const request = new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' } })
verifyFetchRequest(request, { authToken: '12345' }).then(async (result) => {
  out.fetch = result.valid
  const event = { version: '2.0', rawPath: '/myapp.php', rawQueryString: 'foo=1&bar=2', body, isBase64Encoded: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' },
    requestContext: { domainName: 'mycompany.com', stage: '$default' } }
  out.lambda = (await verifyLambdaEvent(event, { authToken: '12345' })).valid
  const esm = await import('${rootPkg.name}/fetch')
  out.esm = typeof esm.withTwilioWebhook
  process.stdout.write(JSON.stringify(out))
})
`

test('the adapters load by name; the Fastify one asks for its optional peer instead of installing a framework', () => {
  expect(fs.existsSync(path.join(project, 'node_modules', 'fastify'))).toBe(false)
  expect(fs.existsSync(path.join(project, 'node_modules', 'fastify-plugin'))).toBe(false)
  const r = spawnSync(process.execPath, ['-e', ADAPTERS_SCRIPT], { cwd: project, env, encoding: 'utf8', timeout: 120000 })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(JSON.parse(r.stdout)).toEqual({
    http: 'function',
    fastifyError: expect.stringContaining('npm install fastify-plugin'),
    fetch: true,
    lambda: true,
    esm: 'function',
  })
})
