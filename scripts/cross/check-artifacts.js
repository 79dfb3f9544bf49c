#!/usr/bin/env node
// Gate for the Linux and macOS artifacts in artifacts/ (or --dir DIR):
//  - every Linux and macOS target listed in package.json napi.targets has exactly its
//    <binaryName>.<platform>.node file (unless platforms are named on the command line);
// Linux (ELF):
//  - each file is a 64-bit little-endian ELF shared object for the right machine;
//  - it exports napi_register_module_v1 (i.e. it is a Node-API addon);
//  - gnu builds: the highest GLIBC_x.y version they need is <= 2.17 (--max-glibc to change);
//  - musl builds: no GLIBC_ version needed at all and no glibc soname (libc.so.6 …) in NEEDED.
// macOS (Mach-O, read by ./macho.js):
//  - a single-architecture 64-bit Mach-O dylib of the right CPU type (x86_64 / arm64);
//  - napi_register_module_v1 is in the export trie (what dlopen/dlsym see);
//  - every undefined symbol is either a napi_* function looked up in the flat namespace (i.e. in
//    the node process, -undefined dynamic_lookup) or bound to /usr/lib/libSystem.B.dylib; every
//    linked dylib is a system one (/usr/lib/, /System/Library/);
//  - its minimum macOS is no newer than MACOS_MIN below;
//  - arm64: an embedded code signature whose page hashes match the file (Apple silicon refuses
//    unsigned code).
// WASI (./wasm.js): webhooks.wasm32-wasi.wasm is a WebAssembly 1 module exporting
//  napi_register_wasm_v1 and napi_register_module_v1, importing a shared memory (threads) and
//  functions only from env (napi_*/emnapi_*), napi, emnapi, wasi and wasi_snapshot_preview1; the
//  napi-generated glue (artifacts/wasm32-wasi/) is complete.
// Uses binutils' readelf for ELF (arch-independent). Exits 1 with a list of problems.
'use strict'

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const { parseMachO } = require('./macho.js')
const { parseWasm } = require('./wasm.js')
const WASI_GLUE = [
  'webhooks.wasi.cjs',
  'webhooks.wasi.d.cts',
  'webhooks.wasi-browser.js',
  'wasi-worker.mjs',
  'wasi-worker-browser.mjs',
]
const WASM_IMPORT_MODULES = new Set(['env', 'napi', 'emnapi', 'wasi', 'wasi_snapshot_preview1'])

const ROOT = path.resolve(__dirname, '..', '..')
// Same values as MACOS_MIN in common.sh (the build's MACOSX_DEPLOYMENT_TARGET).
const MACOS_MIN = { 'darwin-x64': '10.13', 'darwin-arm64': '11.0' }
const SYSTEM_DYLIB = /^(\/usr\/lib\/|\/System\/Library\/)/

const ELF_MACHINE = { x64: 0x3e, arm64: 0xb7 }
const TRIPLE_TO_PLATFORM = {
  'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
  'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
  'x86_64-unknown-linux-musl': 'linux-x64-musl',
  'aarch64-unknown-linux-musl': 'linux-arm64-musl',
  'x86_64-apple-darwin': 'darwin-x64',
  'aarch64-apple-darwin': 'darwin-arm64',
  'wasm32-wasip1-threads': 'wasm32-wasi',
}

function parseArgs(argv) {
  const opts = { dir: path.join(ROOT, 'artifacts'), maxGlibc: '2.17', platforms: [], json: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--dir') opts.dir = path.resolve(argv[++i])
    else if (a === '--max-glibc') opts.maxGlibc = argv[++i]
    else if (a === '--json') opts.json = true
    else if (a === '-h' || a === '--help') {
      console.log('usage: check-artifacts.js [--dir DIR] [--max-glibc 2.17] [--json] [platform ...]')
      process.exit(0)
    } else opts.platforms.push(a)
  }
  return opts
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0)
    if (d !== 0) return d
  }
  return 0
}

function readElfHeader(file) {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(64)
    fs.readSync(fd, buf, 0, 64, 0)
    if (buf.readUInt32BE(0) !== 0x7f454c46) return { ok: false, why: 'not an ELF file' }
    const cls = buf[4] // 2 = 64-bit
    const data = buf[5] // 1 = little endian
    const type = buf.readUInt16LE(16) // 3 = ET_DYN
    const machine = buf.readUInt16LE(18)
    return { ok: true, cls, data, type, machine }
  } finally {
    fs.closeSync(fd)
  }
}

function readelf(args, file) {
  return execFileSync('readelf', [...args, file], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 })
}

function inspect(file) {
  const versionInfo = readelf(['--version-info', '--wide'], file)
  const dynamic = readelf(['--dynamic', '--wide'], file)
  const dynSyms = readelf(['--dyn-syms', '--wide'], file)
  const glibcVersions = [...new Set(versionInfo.match(/GLIBC_[0-9][0-9.]*/g) || [])]
    .map((v) => v.slice('GLIBC_'.length))
    .sort(compareVersions)
  const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  const exportsRegister = /\bnapi_register_module_v1\b/.test(
    dynSyms
      .split('\n')
      .filter((l) => !/\bUND\b/.test(l))
      .join('\n'),
  )
  return { glibcVersions, maxGlibc: glibcVersions[glibcVersions.length - 1] || null, needed, exportsRegister }
}

// Problems with one macOS artifact (and the facts printed for it).
function checkDarwin(platform, file, row, problems) {
  const arch = platform.split('-')[1]
  let m
  try {
    m = parseMachO(fs.readFileSync(file))
  } catch (e) {
    problems.push(`${platform}: ${e.message}`)
    return
  }
  const napi = m.undefined.filter((u) => u.name.startsWith('_napi_'))
  const other = m.undefined.filter((u) => !u.name.startsWith('_napi_'))
  Object.assign(row, {
    cpu: m.cpu,
    minOS: m.minOS,
    dylibs: m.dylibs,
    undefinedNapi: napi.length,
    undefinedLibSystem: other.filter((u) => u.from === '/usr/lib/libSystem.B.dylib').length,
    signature: m.codeSignature
      ? m.codeSignature.ok
        ? `${m.codeSignature.pages} pages ${m.codeSignature.hashType}`
        : 'invalid'
      : 'none',
  })
  if (m.cpu !== arch) problems.push(`${platform}: Mach-O CPU ${m.cpu}, expected ${arch}`)
  if (m.fileType !== 'dylib') problems.push(`${platform}: Mach-O file type ${m.fileType}, expected dylib`)
  if (!m.exports.includes('_napi_register_module_v1')) problems.push(`${platform}: does not export napi_register_module_v1`)
  const badNapi = napi.filter((u) => u.from !== 'flat lookup')
  if (badNapi.length) {
    problems.push(
      `${platform}: napi symbols not looked up in the flat namespace: ${badNapi.map((u) => `${u.name} (${u.from})`).join(', ')}`,
    )
  }
  const badOther = other.filter((u) => u.from !== '/usr/lib/libSystem.B.dylib')
  if (badOther.length) {
    problems.push(
      `${platform}: undefined symbols neither napi_* nor from libSystem: ${badOther.map((u) => `${u.name} (${u.from})`).join(', ')}`,
    )
  }
  if (napi.length === 0) problems.push(`${platform}: no undefined napi_* symbol at all — is this really a Node-API addon?`)
  const nonSystem = m.dylibs.filter((d) => !SYSTEM_DYLIB.test(d))
  if (nonSystem.length) problems.push(`${platform}: links non-system libraries ${nonSystem.join(', ')}`)
  if (!m.minOS) problems.push(`${platform}: no minimum macOS (LC_BUILD_VERSION / LC_VERSION_MIN_MACOSX)`)
  else if (compareVersions(m.minOS, MACOS_MIN[platform]) > 0)
    problems.push(`${platform}: needs macOS ${m.minOS} (> ${MACOS_MIN[platform]})`)
  if (arch === 'arm64') {
    if (!m.codeSignature) problems.push(`${platform}: no code signature (arm64 macOS refuses to load unsigned code)`)
    else if (!m.codeSignature.ok) problems.push(`${platform}: code signature does not match the file: ${m.codeSignature.why}`)
  } else if (m.codeSignature && !m.codeSignature.ok) {
    problems.push(`${platform}: code signature does not match the file: ${m.codeSignature.why}`)
  }
}

function checkWasi(platform, file, row, problems, dir) {
  let m
  try {
    m = parseWasm(fs.readFileSync(file))
  } catch (e) {
    problems.push(`${platform}: ${e.message}`)
    return
  }
  const names = new Set(m.exports.map((e) => e.name))
  for (const want of ['napi_register_wasm_v1', 'napi_register_module_v1']) {
    if (!names.has(want)) problems.push(`${platform}: does not export ${want}`)
  }
  const memory = m.imports.find((i) => i.kind === 'memory')
  if (!memory || !memory.shared) problems.push(`${platform}: no shared memory import (a wasm32-wasip1-threads build imports one)`)
  const odd = m.imports.filter(
    (i) =>
      !WASM_IMPORT_MODULES.has(i.module) ||
      (i.module === 'env' && i.kind === 'func' && !/^(napi_|emnapi_|_emnapi_)/.test(i.name)),
  )
  if (odd.length) problems.push(`${platform}: unexpected imports ${odd.map((i) => `${i.module}.${i.name}`).join(', ')}`)
  const missing = WASI_GLUE.filter((f) => !fs.existsSync(path.join(dir, 'wasm32-wasi', f)))
  if (missing.length)
    problems.push(`${platform}: glue missing from ${path.relative(ROOT, path.join(dir, 'wasm32-wasi'))}: ${missing.join(', ')}`)
  const modules = {}
  for (const i of m.imports) modules[i.module] = (modules[i.module] || 0) + 1
  Object.assign(row, { imports: modules, exportCount: m.exports.length })
}

function main() {
  const opts = parseArgs(process.argv.slice(2))
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const binaryName = pkg.napi && pkg.napi.binaryName
  if (!binaryName) throw new Error('package.json has no napi.binaryName')

  let platforms = opts.platforms
  if (platforms.length === 0) {
    const targets = (pkg.napi && pkg.napi.targets) || []
    platforms = targets
      .filter((t) => t.includes('-linux-') || t.includes('-apple-darwin') || t.startsWith('wasm32-wasi'))
      .map((t) => TRIPLE_TO_PLATFORM[t] || `unsupported:${t}`)
  }

  const problems = []
  const rows = []
  for (const platform of platforms) {
    if (platform.startsWith('unsupported:')) {
      problems.push(`${platform.slice(12)}: a Linux/macOS target in package.json that this checker/build does not know`)
      continue
    }
    const [, arch, libc] = platform.split('-')
    // (wasm32-wasi: no arch/libc)
    const file = path.join(opts.dir, `${binaryName}.${platform}.${platform === 'wasm32-wasi' ? 'wasm' : 'node'}`)
    if (!fs.existsSync(file)) {
      problems.push(`${platform}: missing ${path.relative(ROOT, file)}`)
      continue
    }
    const row = { platform, file: path.relative(ROOT, file), size: fs.statSync(file).size }
    rows.push(row)
    if (platform.startsWith('darwin-')) {
      checkDarwin(platform, file, row, problems)
      continue
    }
    if (platform === 'wasm32-wasi') {
      checkWasi(platform, file, row, problems, opts.dir)
      continue
    }
    const hdr = readElfHeader(file)
    if (!hdr.ok) {
      problems.push(`${platform}: ${hdr.why}`)
      continue
    }
    if (hdr.cls !== 2 || hdr.data !== 1) problems.push(`${platform}: not a 64-bit little-endian ELF`)
    if (hdr.type !== 3) problems.push(`${platform}: ELF type ${hdr.type}, expected ET_DYN (shared object)`)
    if (hdr.machine !== ELF_MACHINE[arch]) {
      problems.push(
        `${platform}: ELF machine 0x${hdr.machine.toString(16)}, expected 0x${ELF_MACHINE[arch].toString(16)} (${arch})`,
      )
    }
    const info = inspect(file)
    Object.assign(row, { maxGlibc: info.maxGlibc, needed: info.needed })
    if (!info.exportsRegister) problems.push(`${platform}: does not export napi_register_module_v1`)
    if (libc === 'gnu') {
      if (!info.maxGlibc) problems.push(`${platform}: no GLIBC_ version needed at all — is this really a glibc build?`)
      else if (compareVersions(info.maxGlibc, opts.maxGlibc) > 0) {
        problems.push(
          `${platform}: needs GLIBC_${info.maxGlibc} (> ${opts.maxGlibc}); versions: ${info.glibcVersions.join(', ')}`,
        )
      }
    } else if (libc === 'musl') {
      if (info.glibcVersions.length)
        problems.push(`${platform}: musl build references GLIBC_${info.glibcVersions.join(', GLIBC_')}`)
      const glibcSonames = info.needed.filter((n) => /^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|ld-linux)/.test(n))
      if (glibcSonames.length) problems.push(`${platform}: musl build needs glibc libraries ${glibcSonames.join(', ')}`)
    }
  }

  if (opts.json) console.log(JSON.stringify({ rows, problems }, null, 2))
  else {
    for (const r of rows) {
      if (r.platform === 'wasm32-wasi') {
        console.log(
          `${r.platform.padEnd(18)} ${String(r.size).padStart(9)} B  wasm  imports: ${JSON.stringify(r.imports)}  ${r.exportCount} exports`,
        )
        continue
      }
      if (r.platform.startsWith('darwin-')) {
        console.log(
          `${r.platform.padEnd(18)} ${String(r.size).padStart(9)} B  macOS ${String(r.minOS).padEnd(6)} ${r.cpu} ` +
            `undefined: ${r.undefinedNapi} napi_* (flat) + ${r.undefinedLibSystem} libSystem  dylibs: ${(r.dylibs || []).join(' ')}  signature: ${r.signature}`,
        )
        continue
      }
      const floor = r.maxGlibc ? `GLIBC_${r.maxGlibc}` : 'no GLIBC'
      console.log(
        `${r.platform.padEnd(18)} ${String(r.size).padStart(9)} B  ${floor.padEnd(12)} NEEDED: ${(r.needed || []).join(' ')}`,
      )
    }
  }
  if (problems.length) {
    console.error(`check-artifacts: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`)
    process.exit(1)
  }
  console.error(
    `check-artifacts: OK (${rows.length} artifact(s), glibc floor <= ${opts.maxGlibc}, macOS ${JSON.stringify(MACOS_MIN)})`,
  )
}

main()
