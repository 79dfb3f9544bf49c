#!/usr/bin/env node
// Shows that check-artifacts.js can fail on macOS artifacts: copies each darwin artifact into a
// temporary folder, damages the copy in one way at a time and requires the checker to reject it
// with the matching message (and to accept the undamaged copy). Run by scripts/cross/build.sh.
//
// Usage: node scripts/cross/check-macho-selftest.js [--dir artifacts] [platform ...]
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')
const { parseMachO } = require('./macho.js')

const ROOT = path.resolve(__dirname, '..', '..')
const CHECKER = path.join(__dirname, 'check-artifacts.js')
const argv = process.argv.slice(2)
let dir = path.join(ROOT, 'artifacts')
const platforms = []
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--dir') dir = path.resolve(argv[++i])
  else platforms.push(argv[i])
}
if (platforms.length === 0) platforms.push('darwin-x64', 'darwin-arm64')
const BIN = require(path.join(ROOT, 'package.json')).napi.binaryName

function replaceOnce(buf, from, to, start = 0, end = buf.length) {
  const at = buf.indexOf(Buffer.from(from, 'latin1'), start)
  if (at < 0 || at + from.length > end) throw new Error(`self-test: "${from}" not found where expected`)
  Buffer.from(to, 'latin1').copy(buf, at)
  return buf
}

// offset of the first load command `cmd` (its start)
function loadCommand(buf, cmd) {
  let off = 32
  for (let i = 0; i < buf.readUInt32LE(16); i++) {
    if (buf.readUInt32LE(off) === cmd) return off
    off += buf.readUInt32LE(off + 4)
  }
  throw new Error(`self-test: load command 0x${cmd.toString(16)} not found`)
}

const damages = {
  'wrong CPU type': (b, arch) => (b.writeUInt32LE(arch === 'arm64' ? 0x01000007 : 0x0100000c, 4), b),
  'not a dylib': (b) => (b.writeUInt32LE(2, 12), b),
  'napi_register_module_v1 not exported': (b) => {
    // the export trie: LC_DYLD_INFO_ONLY export_off/size
    const lc = loadCommand(b, 0x80000022)
    const off = b.readUInt32LE(lc + 40)
    return replaceOnce(b, 'register_module_v1', 'register_module_v9', off, off + b.readUInt32LE(lc + 44))
  },
  'libSystem replaced by another library': (b) =>
    replaceOnce(b, '/usr/lib/libSystem.B.dylib', '/opt/lib/libSystem.B.dylib', 0, 32 + b.readUInt32LE(20)),
  'newer minimum macOS': (b) => {
    let lc
    try {
      lc = loadCommand(b, 0x32) + 12 // LC_BUILD_VERSION minos
    } catch {
      lc = loadCommand(b, 0x24) + 8 // LC_VERSION_MIN_MACOSX version (what a 10.13 target gets)
    }
    b.writeUInt32LE(15 << 16, lc)
    return b
  },
  'code page changed after signing': (b, arch) => {
    if (arch !== 'arm64') return null
    const i = b.indexOf(Buffer.from('register_module_v1', 'latin1'))
    b[i + 17] ^= 0x01
    return b
  },
}
const expected = {
  'wrong CPU type': /Mach-O CPU/,
  'not a dylib': /file type execute, expected dylib/,
  'napi_register_module_v1 not exported': /does not export napi_register_module_v1/,
  'libSystem replaced by another library': /links non-system libraries \/opt\/lib\/libSystem\.B\.dylib/,
  'newer minimum macOS': /needs macOS 15\.0\.0/,
  'code page changed after signing': /code signature does not match the file: page \d+/,
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-macho-'))
let failures = 0
let checks = 0
try {
  for (const platform of platforms) {
    const arch = platform.split('-')[1]
    const original = fs.readFileSync(path.join(dir, `${BIN}.${platform}.node`))
    parseMachO(original) // must parse
    const cases = [['undamaged', (b) => b], ...Object.entries(damages)]
    for (const [name, damage] of cases) {
      const damaged = damage(Buffer.from(original), arch)
      if (damaged === null) continue
      fs.writeFileSync(path.join(work, `${BIN}.${platform}.node`), damaged)
      const r = spawnSync(process.execPath, [CHECKER, '--dir', work, platform], { encoding: 'utf8', timeout: 60000 })
      checks++
      const ok = name === 'undamaged' ? r.status === 0 : r.status === 1 && expected[name].test(r.stderr)
      if (!ok) {
        failures++
        console.error(`FAIL ${platform} ${name}: status ${r.status}\n${r.stderr}`)
      }
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
if (failures) {
  console.error(`check-macho-selftest: ${failures} of ${checks} case(s) failed`)
  process.exit(1)
}
console.error(`check-macho-selftest: OK (${checks} cases: each damaged copy rejected, the undamaged copies accepted)`)
