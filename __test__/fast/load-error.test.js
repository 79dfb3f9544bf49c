'use strict'

// lib/load-binding.js: when no native binary loads, the error must say what was looked for
// (platform/arch/libc, the platform package name), carry every underlying load error, list
// the usual fixes and keep the generated loader's error as `cause`. A platform package whose
// version differs from the root package is refused.
// Each case runs in a child Node process (same executable as jest) on a temporary copy of the
// loader, so nothing in the work tree is touched and no module cache is shared.

const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')

const ROOT = path.join(__dirname, '..', '..')
const rootPkg = require('../../package.json')
const BIN = rootPkg.napi.binaryName

function hostLibc() {
  if (process.platform !== 'linux') return null
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl') ? 'musl' : 'glibc'
  } catch {
    const report = process.report.getReport()
    return report.header.glibcVersionRuntime ? 'glibc' : 'musl'
  }
}
const LIBC = hostLibc()
function tupleFor(libc) {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${libc === 'musl' ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}
const TUPLE = tupleFor(LIBC)
const PLATFORM_PKG = `${rootPkg.name}-${TUPLE}`

// The host binary: an explicit override (test:cross runs), else the one `npm run build` leaves.
const HOST_BINARY = process.env.NAPI_RS_NATIVE_LIBRARY_PATH || path.join(ROOT, `${BIN}.${TUPLE}.node`)

const tmpDirs = []
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true })
})

// A minimal copy of the package: package.json, the generated loader and our wrapper.
function packageCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-load-error-'))
  tmpDirs.push(dir)
  fs.mkdirSync(path.join(dir, 'lib'))
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
  fs.copyFileSync(path.join(ROOT, 'binding.js'), path.join(dir, 'binding.js'))
  fs.copyFileSync(path.join(ROOT, 'lib', 'load-binding.js'), path.join(dir, 'lib', 'load-binding.js'))
  return dir
}

function addPlatformPackage(dir, version) {
  const pdir = path.join(dir, 'node_modules', ...PLATFORM_PKG.split('/'))
  fs.mkdirSync(pdir, { recursive: true })
  fs.copyFileSync(HOST_BINARY, path.join(pdir, `${BIN}.${TUPLE}.node`))
  fs.writeFileSync(
    path.join(pdir, 'package.json'),
    JSON.stringify({ name: PLATFORM_PKG, version, main: `${BIN}.${TUPLE}.node`, files: [`${BIN}.${TUPLE}.node`] }),
  )
}

// Require <dir>/lib/load-binding.js in a child and report the outcome as JSON.
function loadIn(dir, extraEnv = {}) {
  const env = { ...process.env }
  for (const k of ['NAPI_RS_NATIVE_LIBRARY_PATH', 'NAPI_RS_ENFORCE_VERSION_CHECK', 'NAPI_RS_FORCE_WASI', 'NAPI_RS_WASI_FLAVOR']) {
    delete env[k]
  }
  Object.assign(env, extraEnv)
  const script = `
    const out = {}
    try {
      const b = require(${JSON.stringify(path.join(dir, 'lib', 'load-binding.js'))})
      out.loaded = true
      out.exportsBodyHash = typeof b.bodyHash === 'function'
    } catch (e) {
      out.loaded = false
      out.message = e.message
      out.code = e.code
      out.platformPackage = e.platformPackage
      out.causeMessage = e.cause && e.cause.message
    }
    process.stdout.write(JSON.stringify(out))
  `
  const r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 120000 })
  if (r.status !== 0 || !r.stdout) {
    throw new Error(`child failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`)
  }
  return JSON.parse(r.stdout)
}

const where = process.platform === 'linux' ? `${process.platform}/${process.arch}/${LIBC}` : `${process.platform}/${process.arch}`

test('no binary anywhere: names platform, package and every attempt, lists the fixes, keeps cause', () => {
  const out = loadIn(packageCopy())
  expect(out.loaded).toBe(false)
  expect(out.code).toBe('ERR_TWILIO_NATIVE_BINDING_NOT_FOUND')
  expect(out.platformPackage).toBe(PLATFORM_PKG)
  const m = out.message
  expect(m).toContain(where)
  expect(m).toContain(`${PLATFORM_PKG}@${rootPkg.version}`)
  // every underlying load error, in order: local file, then the platform package
  const local = m.indexOf(`Cannot find module './${BIN}.${TUPLE}.node'`)
  const pkg = m.indexOf(`Cannot find module '${PLATFORM_PKG}'`)
  expect(local).toBeGreaterThan(-1)
  expect(pkg).toBeGreaterThan(local)
  expect(m).not.toContain('Require stack')
  // the usual fixes
  expect(m).toContain('lockfile')
  expect(m).toMatch(/npm install --os=\S+ --cpu=\S+/)
  expect(m).toContain('supportedArchitectures')
  expect(m).toContain('--omit=optional')
  expect(m).toContain('copied from another platform')
  expect(m).toContain(`NAPI_RS_NATIVE_LIBRARY_PATH=/absolute/path/to/${BIN}.${TUPLE}.node`)
  // the generated loader's own error is the cause
  expect(out.causeMessage).toMatch(/Cannot find native binding/)
})

test('NAPI_RS_NATIVE_LIBRARY_PATH pointing at a bogus file: the loader error for that file is shown', () => {
  const dir = packageCopy()
  const bogus = path.join(dir, 'not-really.node')
  fs.writeFileSync(bogus, 'this is not a shared object\n')
  const out = loadIn(dir, { NAPI_RS_NATIVE_LIBRARY_PATH: bogus })
  expect(out.loaded).toBe(false)
  expect(out.code).toBe('ERR_TWILIO_NATIVE_BINDING_NOT_FOUND')
  expect(out.message).toContain(`NAPI_RS_NATIVE_LIBRARY_PATH is set, so only that file was tried: ${bogus}`)
  // the dlopen failure (first attempt) names the file; the OS may print a resolved path form
  expect(out.message).toMatch(/\n {2}1\. .*not-really\.node/)
  expect(out.message).toContain(`built for ${TUPLE}`)
  expect(out.causeMessage).toMatch(/Cannot find native binding/)
})

test('a corrupt local binary: its dlopen error is among the attempts', () => {
  const dir = packageCopy()
  fs.writeFileSync(path.join(dir, `${BIN}.${TUPLE}.node`), Buffer.from('\x7fELF garbage'))
  const out = loadIn(dir)
  expect(out.loaded).toBe(false)
  // an attempt that is the dlopen error of the local file (message format differs per OS;
  // on macOS a darwin-universal attempt comes first)
  expect(out.message).toMatch(new RegExp(`\\n {2}\\d+\\. (?!Cannot find module).*${BIN}\\.${TUPLE}\\.node`))
  expect(out.message).toContain(`Cannot find module '${PLATFORM_PKG}'`)
})

const haveHostBinary = fs.existsSync(HOST_BINARY)
if (!haveHostBinary) {
  // `npm test` builds the host binary first (scripts/ensure-built.js); say so loudly if not.
  test('host binary is present for the platform-package cases', () => {
    throw new Error(`expected a host binary at ${HOST_BINARY} (run npm run build)`)
  })
}

;(haveHostBinary ? describe : describe.skip)('platform package version agreement', () => {
  test('matching version: loads from the platform package', () => {
    const dir = packageCopy()
    addPlatformPackage(dir, rootPkg.version)
    expect(loadIn(dir)).toEqual({ loaded: true, exportsBodyHash: true })
  })

  test('different version: refused with a clear error, unless NAPI_RS_ENFORCE_VERSION_CHECK=0', () => {
    const dir = packageCopy()
    addPlatformPackage(dir, '0.0.0-stale')
    const out = loadIn(dir)
    expect(out.loaded).toBe(false)
    expect(out.code).toBe('ERR_TWILIO_NATIVE_VERSION_MISMATCH')
    expect(out.message).toContain(`${rootPkg.name}@${rootPkg.version}`)
    expect(out.message).toContain(`${PLATFORM_PKG}@0.0.0-stale`)
    expect(out.message).toContain('NAPI_RS_ENFORCE_VERSION_CHECK=0')
    expect(loadIn(dir, { NAPI_RS_ENFORCE_VERSION_CHECK: '0' })).toEqual({ loaded: true, exportsBodyHash: true })
  })
})
