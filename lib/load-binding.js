'use strict'
// Loads the native addon through the napi-generated loader (../binding.js) and turns its
// generic "Cannot find native binding" failure into an error that says what was looked for,
// why each attempt failed and how to fix the installation. module.exports is the native
// binding object itself.
//
// It also checks that a binary that came from a platform package (e.g.
// @twilio-native/webhooks-linux-x64-gnu) has exactly the version of this package: a stale
// platform package next to a newer root package is a classic source of odd failures.
// Set NAPI_RS_ENFORCE_VERSION_CHECK=0 to skip that check.

const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const rootPackage = require('../package.json')
const PACKAGE_NAME = rootPackage.name
const BINARY_NAME = (rootPackage.napi && rootPackage.napi.binaryName) || 'webhooks'

// process.env.NAME, or undefined where reading it is not allowed (Deno without --allow-env
// throws NotCapable for every read): this file must never fail while describing a failure.
function env(name) {
  try {
    return process.env[name]
  } catch {
    return undefined
  }
}

// Deno grants file, environment and FFI access separately, and the generated loader needs all
// three: --allow-read for /usr/bin/ldd (libc detection) and the .node file, --allow-env for its
// NAPI_RS_* settings, --allow-ffi to dlopen() the addon. A missing one surfaces as whatever the
// loader tried next: without --allow-read, its libc fallback (process.report) asks for
// --allow-sys ("Requires sys access to \"cpus\""), which would not help. So the permissions
// that matter are queried directly. Returns the flags that are not granted ([] if all are), or
// null when not running under Deno.
const DENO_PERMISSIONS = [
  ['read', '--allow-read', 'reading /usr/bin/ldd and the .node file'],
  ['env', '--allow-env', 'the NAPI_RS_* settings the loader reads'],
  ['ffi', '--allow-ffi', 'loading the native addon'],
]
function denoMissingPermissions() {
  const deno = typeof globalThis.Deno === 'object' && globalThis.Deno
  if (!deno || !deno.permissions || typeof deno.permissions.querySync !== 'function') return null
  const descriptors = {
    read: [{ name: 'read', path: ROOT }, ...(process.platform === 'linux' ? [{ name: 'read', path: '/usr/bin/ldd' }] : [])],
    env: [{ name: 'env', variable: 'NAPI_RS_NATIVE_LIBRARY_PATH' }],
    ffi: [{ name: 'ffi' }],
  }
  return DENO_PERMISSIONS.filter(([name]) =>
    descriptors[name].some((d) => {
      try {
        return deno.permissions.querySync(d).state !== 'granted'
      } catch {
        return true
      }
    }),
  )
}

// The same order of checks as the generated loader: the text of /usr/bin/ldd first, then
// the process report. Only used to describe a failure or to find the platform package.
function detectLibc() {
  if (process.platform !== 'linux') return { libc: null, source: null }
  try {
    const ldd = fs.readFileSync('/usr/bin/ldd', 'utf8')
    return { libc: ldd.includes('musl') ? 'musl' : 'glibc', source: '/usr/bin/ldd' }
  } catch {
    // fall through
  }
  try {
    const report = process.report && process.report.getReport()
    if (report && report.header && report.header.glibcVersionRuntime) return { libc: 'glibc', source: 'process.report' }
    const shared = (report && report.sharedObjects) || []
    if (shared.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))) {
      return { libc: 'musl', source: 'process.report' }
    }
  } catch {
    // fall through
  }
  return { libc: 'glibc', source: 'default' }
}

// What this Node runtime itself was linked against (can differ from the ldd text, e.g. a
// musl Node on a glibc distribution, or glibc Node in an Alpine image with gcompat).
function runtimeLibc() {
  if (process.platform !== 'linux') return null
  try {
    const report = process.report.getReport()
    if (report.header && report.header.glibcVersionRuntime) return `glibc ${report.header.glibcVersionRuntime}`
    if ((report.sharedObjects || []).some((f) => f.includes('musl'))) return 'musl'
  } catch {
    // ignore
  }
  return null
}

// The napi "platformArchABI" suffix the generated loader uses for this process.
function platformTuple(libc) {
  const { platform, arch } = process
  if (platform === 'linux') {
    if (arch === 'arm') return libc === 'musl' ? 'linux-arm-musleabihf' : 'linux-arm-gnueabihf'
    return `linux-${arch}-${libc === 'musl' ? 'musl' : 'gnu'}`
  }
  if (platform === 'win32') {
    const gnu =
      arch === 'x64' &&
      process.config &&
      process.config.variables &&
      (process.config.variables.shlib_suffix === 'dll.a' || process.config.variables.node_target_type === 'shared_library')
    return `win32-${arch}-${gnu ? 'gnu' : 'msvc'}`
  }
  if (platform === 'android') return arch === 'arm' ? 'android-arm-eabi' : `android-${arch}`
  return `${platform}-${arch}`
}

// The generated loader chains its load errors as error.cause -> previous error -> ...,
// newest first. Return them oldest first (the order in which they were tried).
function causeChain(error) {
  const out = []
  const seen = new Set()
  for (let e = error && error.cause; e && !seen.has(e) && out.length < 50; e = e.cause) {
    seen.add(e)
    out.push(e)
  }
  return out.reverse()
}

function firstLine(e) {
  const msg = e && typeof e.message === 'string' ? e.message : String(e)
  // Node's MODULE_NOT_FOUND message carries a "Require stack:" that is noise here.
  return msg.split('\nRequire stack:')[0].trim()
}

function supportedPlatforms() {
  const targets = (rootPackage.napi && rootPackage.napi.targets) || []
  return targets.map((t) => {
    const [cpu, , os, abi] = t.split('-')
    if (t.startsWith('wasm32-wasi')) return 'wasm32-wasi'
    const arch = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm' }[cpu] || cpu
    if (os === 'darwin') return `darwin-${arch}`
    if (os === 'windows') return `win32-${arch}-${abi}`
    if (os === 'linux') return `linux-${arch}-${abi}`
    return t
  })
}

function buildLoadError(original) {
  const { libc, source } = detectLibc()
  const tuple = platformTuple(libc)
  const expectedPackage = `${PACKAGE_NAME}-${tuple}`
  const runtime = runtimeLibc()
  const supported = supportedPlatforms()
  const override = env('NAPI_RS_NATIVE_LIBRARY_PATH')
  const denoMissing = denoMissingPermissions()
  const where =
    process.platform === 'linux' ? `${process.platform}/${process.arch}/${libc}` : `${process.platform}/${process.arch}`
  const npmFlags = `--os=${process.platform} --cpu=${process.arch}` + (process.platform === 'linux' ? ` --libc=${libc}` : '')

  const lines = []
  lines.push(
    `${PACKAGE_NAME}: could not load its native binary for ${where}` +
      (libc ? ` (libc from ${source}${runtime && !runtime.startsWith(libc) ? `; this Node runtime uses ${runtime}` : ''})` : '') +
      '.',
  )
  if (override) {
    lines.push(`NAPI_RS_NATIVE_LIBRARY_PATH is set, so only that file was tried: ${override}`)
  } else {
    lines.push(
      `Looked for ./${BINARY_NAME}.${tuple}.node next to binding.js and for the package ` +
        `${expectedPackage}@${rootPackage.version} (an optional dependency of ${PACKAGE_NAME}).`,
    )
  }
  if (supported.length && !supported.includes(tuple)) {
    lines.push(`${tuple} is not one of the prebuilt platforms: ${supported.join(', ')}.`)
  }
  const causes = causeChain(original)
  lines.push('', 'Load attempts that failed, in order:')
  if (causes.length === 0) lines.push(`  1. ${firstLine(original)}`)
  causes.forEach((e, i) => {
    const code = e && e.code ? ` [${e.code}]` : ''
    lines.push(`  ${i + 1}. ${firstLine(e).replace(/\n/g, '\n     ')}${code}`)
  })
  const fixes = []
  if (denoMissing && denoMissing.length) {
    const sysAsked = causes.some((e) => /Requires sys access/.test(firstLine(e)))
    fixes.push(
      `  - Deno: grant ${denoMissing.map(([, flag]) => flag).join(' ')} ` +
        `(${denoMissing.map(([name, , why]) => `${name}: ${why}`).join('; ')}); the package needs ` +
        '--allow-read --allow-env --allow-ffi.' +
        (sysAsked
          ? ' The "Requires sys access" above comes from a libc fallback that runs only when /usr/bin/ldd cannot be read; --allow-sys does not help.'
          : ''),
    )
  }
  if (supported.length && !supported.includes(tuple) && supported.includes('wasm32-wasi')) {
    fixes.push(
      `  - No prebuilt binary for ${tuple}: install the WebAssembly build instead, \`npm install --cpu=wasm32 ${PACKAGE_NAME}\` ` +
        `(${PACKAGE_NAME}-wasm32-wasi; Node.js 20.19 or newer; several times slower than the native binaries).`,
    )
  }
  if (override) {
    fixes.push(
      `  - NAPI_RS_NATIVE_LIBRARY_PATH must name a .node file built for ${tuple} that exists and is readable; unset it to use the installed package.`,
    )
  }
  if (causes.some((e) => /GLIBC_[0-9]/.test(firstLine(e)))) {
    fixes.push(
      '  - The binary needs a newer glibc than this system has. The published Linux binaries need glibc 2.17 or newer; ' +
        "a binary built on your own machine needs that machine's glibc.",
    )
  }
  lines.push(
    '',
    'Usual fixes:',
    ...fixes,
    `  - The lockfile was made on another OS/CPU/libc, so ${expectedPackage} was never installed: reinstall on this ` +
      `machine (delete node_modules and package-lock.json, then npm install), or add it for this platform with ` +
      `\`npm install ${npmFlags}\`; Yarn: supportedArchitectures in .yarnrc.yml; pnpm: pnpm.supportedArchitectures.`,
    '  - Optional dependencies were skipped (`npm install --omit=optional`, `--no-optional`, ' +
      'or npm_config_omit=optional): install again without omitting optional dependencies.',
    '  - node_modules was copied from another platform (for example from macOS into a Linux Docker image): ' +
      'run `npm ci` on the target machine / inside the image instead of copying node_modules.',
    `  - To use a binary you built or downloaded yourself, set NAPI_RS_NATIVE_LIBRARY_PATH=/absolute/path/to/${BINARY_NAME}.${tuple}.node.`,
    '  - Check that your Node.js satisfies the package\'s "engines" range: npm silently skips platform packages it ' +
      'considers incompatible.',
  )
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_TWILIO_NATIVE_BINDING_NOT_FOUND'
  error.platformPackage = expectedPackage
  if (denoMissing && denoMissing.length) error.denoPermissions = denoMissing.map(([, flag]) => flag)
  error.cause = original
  return error
}

// When the binary came from the platform package (the generated loader prefers a local
// ./<binaryName>.<tuple>.node and NAPI_RS_NATIVE_LIBRARY_PATH), its version must equal ours.
function checkPlatformPackageVersion() {
  const flag = env('NAPI_RS_ENFORCE_VERSION_CHECK')
  if (flag === '0' || env('NAPI_RS_NATIVE_LIBRARY_PATH')) return
  const tuple = platformTuple(detectLibc().libc)
  if (fs.existsSync(path.join(ROOT, `${BINARY_NAME}.${tuple}.node`))) return
  const platformPackage = `${PACKAGE_NAME}-${tuple}`
  let pkgJsonPath
  try {
    pkgJsonPath = require.resolve(`${platformPackage}/package.json`, { paths: [ROOT] })
  } catch {
    return // not resolvable as a package: nothing to compare
  }
  const version = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8')).version
  if (version !== rootPackage.version) {
    const error = new Error(
      `${PACKAGE_NAME}@${rootPackage.version} loaded its native binary from ${platformPackage}@${version} ` +
        `(${path.dirname(pkgJsonPath)}); the two versions must be identical. Reinstall so that both come from ` +
        'the same release (delete node_modules and the lockfile entry, then npm install), ' +
        'or set NAPI_RS_ENFORCE_VERSION_CHECK=0 to skip this check at your own risk.',
    )
    error.code = 'ERR_TWILIO_NATIVE_VERSION_MISMATCH'
    throw error
  }
}

let binding
try {
  binding = require('../binding.js')
} catch (error) {
  throw buildLoadError(error)
}
checkPlatformPackageVersion()

module.exports = binding
