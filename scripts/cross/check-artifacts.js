#!/usr/bin/env node
// Gate for the Linux artifacts in artifacts/ (or --dir DIR):
//  - every Linux target listed in package.json napi.targets has exactly its
//    <binaryName>.<platform>.node file (unless platforms are named on the command line);
//  - each file is a 64-bit little-endian ELF shared object for the right machine;
//  - it exports napi_register_module_v1 (i.e. it is a Node-API addon);
//  - gnu builds: the highest GLIBC_x.y version they need is <= 2.17 (--max-glibc to change);
//  - musl builds: no GLIBC_ version needed at all and no glibc soname (libc.so.6 …) in NEEDED.
// Uses binutils' readelf (arch-independent). Exits 1 with a list of problems.
'use strict'

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const ROOT = path.resolve(__dirname, '..', '..')

const ELF_MACHINE = { x64: 0x3e, arm64: 0xb7 }
const TRIPLE_TO_PLATFORM = {
  'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
  'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
  'x86_64-unknown-linux-musl': 'linux-x64-musl',
  'aarch64-unknown-linux-musl': 'linux-arm64-musl',
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

function main() {
  const opts = parseArgs(process.argv.slice(2))
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const binaryName = pkg.napi && pkg.napi.binaryName
  if (!binaryName) throw new Error('package.json has no napi.binaryName')

  let platforms = opts.platforms
  if (platforms.length === 0) {
    const targets = (pkg.napi && pkg.napi.targets) || []
    platforms = targets.filter((t) => t.includes('-linux-')).map((t) => TRIPLE_TO_PLATFORM[t] || `unsupported:${t}`)
  }

  const problems = []
  const rows = []
  for (const platform of platforms) {
    if (platform.startsWith('unsupported:')) {
      problems.push(`${platform.slice(12)}: a Linux target in package.json that this checker/build does not know`)
      continue
    }
    const [, arch, libc] = platform.split('-')
    const file = path.join(opts.dir, `${binaryName}.${platform}.node`)
    if (!fs.existsSync(file)) {
      problems.push(`${platform}: missing ${path.relative(ROOT, file)}`)
      continue
    }
    const hdr = readElfHeader(file)
    const row = { platform, file: path.relative(ROOT, file), size: fs.statSync(file).size }
    rows.push(row)
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
  console.error(`check-artifacts: OK (${rows.length} artifact(s), glibc floor <= ${opts.maxGlibc})`)
}

main()
