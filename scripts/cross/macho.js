'use strict'
// A small reader for 64-bit little-endian Mach-O files (what x86_64 and arm64 macOS use), enough
// to check a Node-API addon built on Linux: header, load commands, dylib dependencies, the
// minimum macOS, the symbol table (undefined symbols and the library each binds to), the export
// trie and the ad-hoc code signature (page hashes). No dependencies; throws on malformed input.

const crypto = require('crypto')

const MH_MAGIC_64 = 0xfeedfacf
const CPU_TYPE = { 16777223: 'x64', 16777228: 'arm64' }
const FILE_TYPE = { 1: 'object', 2: 'execute', 6: 'dylib', 8: 'bundle' }
const LC = {
  SYMTAB: 0x2,
  LOAD_DYLIB: 0xc,
  ID_DYLIB: 0xd,
  CODE_SIGNATURE: 0x1d,
  LAZY_LOAD_DYLIB: 0x20,
  VERSION_MIN_MACOSX: 0x24,
  BUILD_VERSION: 0x32,
  LOAD_WEAK_DYLIB: 0x80000018,
  REEXPORT_DYLIB: 0x8000001f,
  DYLD_INFO_ONLY: 0x80000022,
  LOAD_UPWARD_DYLIB: 0x80000023,
  DYLD_EXPORTS_TRIE: 0x80000033,
  DYLD_CHAINED_FIXUPS: 0x80000034,
}
// load commands that add an entry to the two-level-namespace library ordinal table, in order
const DYLIB_CMDS = new Set([LC.LOAD_DYLIB, LC.LOAD_WEAK_DYLIB, LC.REEXPORT_DYLIB, LC.LAZY_LOAD_DYLIB, LC.LOAD_UPWARD_DYLIB])
const N_STAB = 0xe0
const N_TYPE = 0x0e
const N_EXT = 0x01
const N_UNDF = 0x0
const N_SECT = 0xe
const DYNAMIC_LOOKUP_ORDINAL = 0xfe

function cstring(buf, start, end = buf.length) {
  let i = start
  while (i < end && buf[i] !== 0) i++
  return buf.toString('latin1', start, i)
}

// Mach-O packs versions as xxxx.yy.zz in 32 bits.
function version(v) {
  return `${v >>> 16}.${(v >>> 8) & 0xff}.${v & 0xff}`
}

function uleb(buf, pos) {
  let result = 0
  let shift = 0
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated ULEB128')
    const b = buf[pos++]
    result += (b & 0x7f) * 2 ** shift
    shift += 7
    if ((b & 0x80) === 0) return [result, pos]
    if (shift > 63) throw new Error('ULEB128 too long')
  }
}

function sleb(buf, pos) {
  let result = 0
  let shift = 0
  let b
  do {
    if (pos >= buf.length) throw new Error('truncated SLEB128')
    b = buf[pos++]
    result += (b & 0x7f) * 2 ** shift
    shift += 7
  } while (b & 0x80)
  if (b & 0x40) result -= 2 ** shift
  return [result, pos]
}

// Library a bind ordinal names: 1-based index into the dylib load commands, or a special value.
function ordinalName(ordinal, dylibs) {
  if (ordinal === -2) return 'flat lookup'
  if (ordinal === -1) return 'main executable'
  if (ordinal === -3) return 'weak lookup'
  if (ordinal === 0) return 'self'
  return dylibs[ordinal - 1] || `ordinal ${ordinal}`
}

// Symbol -> library bindings from dyld's classic bind opcode streams (LC_DYLD_INFO_ONLY bind and
// lazy-bind). This, not the nlist n_desc, is what dyld uses to find each import.
function bindOpcodes(stream, dylibs, into) {
  let ordinal = 0
  let symbol = null
  let p = 0
  const bind = () => {
    if (symbol !== null) into.set(symbol, ordinalName(ordinal, dylibs))
  }
  while (p < stream.length) {
    const byte = stream[p++]
    const op = byte & 0xf0
    const imm = byte & 0x0f
    switch (op) {
      case 0x00: // DONE (separates entries in the lazy stream)
        break
      case 0x10: // SET_DYLIB_ORDINAL_IMM
        ordinal = imm
        break
      case 0x20: // SET_DYLIB_ORDINAL_ULEB
        ;[ordinal, p] = uleb(stream, p)
        break
      case 0x30: // SET_DYLIB_SPECIAL_IMM
        ordinal = imm === 0 ? 0 : (imm | 0xf0) - 256
        break
      case 0x40: // SET_SYMBOL_TRAILING_FLAGS_IMM
        symbol = cstring(stream, p)
        p += Buffer.byteLength(symbol, 'latin1') + 1
        break
      case 0x50: // SET_TYPE_IMM
        break
      case 0x60: // SET_ADDEND_SLEB
        ;[, p] = sleb(stream, p)
        break
      case 0x70: // SET_SEGMENT_AND_OFFSET_ULEB
      case 0x80: // ADD_ADDR_ULEB
        ;[, p] = uleb(stream, p)
        break
      case 0x90: // DO_BIND
      case 0xb0: // DO_BIND_ADD_ADDR_IMM_SCALED
        bind()
        break
      case 0xa0: // DO_BIND_ADD_ADDR_ULEB
        bind()
        ;[, p] = uleb(stream, p)
        break
      case 0xc0: // DO_BIND_ULEB_TIMES_SKIPPING_ULEB
        bind()
        ;[, p] = uleb(stream, p)
        ;[, p] = uleb(stream, p)
        break
      case 0xd0: // THREADED
        if (imm === 0) [, p] = uleb(stream, p)
        else bind()
        break
      default:
        throw new Error(`unknown bind opcode 0x${byte.toString(16)}`)
    }
  }
}

// The same from LC_DYLD_CHAINED_FIXUPS (what newer Apple linkers write): its imports table.
function chainedImports(buf, off, dylibs, into) {
  const h = buf.subarray(off)
  const importsOffset = h.readUInt32LE(8)
  const symbolsOffset = h.readUInt32LE(12)
  const count = h.readUInt32LE(16)
  const format = h.readUInt32LE(20)
  const stride = { 1: 4, 2: 8, 3: 16 }[format]
  if (!stride) throw new Error(`unknown chained-fixups imports format ${format}`)
  for (let i = 0; i < count; i++) {
    const at = importsOffset + i * stride
    let ordinal
    let nameOffset
    if (format === 3) {
      const lo = h.readUInt32LE(at)
      ordinal = lo & 0xffff
      if (ordinal > 0xfff0) ordinal -= 0x10000
      nameOffset = h.readUInt32LE(at + 4)
    } else {
      const v = h.readUInt32LE(at)
      ordinal = v & 0xff
      if (ordinal > 0xf0) ordinal -= 0x100
      nameOffset = v >>> 9
    }
    into.set(cstring(h, symbolsOffset + nameOffset), ordinalName(ordinal, dylibs))
  }
}

// Names in the export trie (what dlsym() finds), walking every edge from the root.
function exportTrie(buf, off, size) {
  const trie = buf.subarray(off, off + size)
  const names = []
  const seen = new Set()
  const walk = (node, prefix) => {
    if (node >= trie.length || seen.has(node)) throw new Error(`bad export trie node ${node}`)
    seen.add(node)
    let [terminalSize, p] = uleb(trie, node)
    if (terminalSize > 0) names.push(prefix)
    p += terminalSize
    const children = trie[p++]
    for (let i = 0; i < children; i++) {
      const edge = cstring(trie, p)
      p += Buffer.byteLength(edge, 'latin1') + 1
      let child
      ;[child, p] = uleb(trie, p)
      walk(child, prefix + edge)
    }
  }
  if (size > 0) walk(0, '')
  return names
}

// Ad-hoc signature: SuperBlob -> CodeDirectory; every code page's hash must match the file.
// (Big-endian, unlike the rest of the file.) Returns { ok, why, pages, hashType }.
function verifyCodeSignature(buf, dataoff, datasize) {
  const sig = buf.subarray(dataoff, dataoff + datasize)
  if (sig.length < 12 || sig.readUInt32BE(0) !== 0xfade0cc0) return { ok: false, why: 'no embedded-signature SuperBlob' }
  const count = sig.readUInt32BE(8)
  for (let i = 0; i < count; i++) {
    const type = sig.readUInt32BE(12 + i * 8)
    const offset = sig.readUInt32BE(16 + i * 8)
    if (type !== 0) continue // 0 = CSSLOT_CODEDIRECTORY
    const cd = sig.subarray(offset)
    if (cd.readUInt32BE(0) !== 0xfade0c02) return { ok: false, why: 'slot 0 is not a CodeDirectory' }
    const hashOffset = cd.readUInt32BE(16)
    const nCodeSlots = cd.readUInt32BE(28)
    const codeLimit = cd.readUInt32BE(32)
    const hashSize = cd[36]
    const hashType = cd[37]
    const pageSize = 2 ** cd[39]
    const algo = { 1: 'sha1', 2: 'sha256' }[hashType]
    if (!algo) return { ok: false, why: `unknown CodeDirectory hash type ${hashType}` }
    if (nCodeSlots !== Math.ceil(codeLimit / pageSize))
      return { ok: false, why: 'CodeDirectory slot count does not cover codeLimit' }
    for (let page = 0; page < nCodeSlots; page++) {
      const start = page * pageSize
      const digest = crypto
        .createHash(algo)
        .update(buf.subarray(start, Math.min(start + pageSize, codeLimit)))
        .digest()
      const want = cd.subarray(hashOffset + page * hashSize, hashOffset + (page + 1) * hashSize)
      if (!digest.subarray(0, hashSize).equals(want)) return { ok: false, why: `page ${page} does not match its signed hash` }
    }
    return { ok: true, pages: nCodeSlots, hashType: algo, codeLimit }
  }
  return { ok: false, why: 'no CodeDirectory in the signature' }
}

function parseMachO(buf) {
  if (buf.length < 32) throw new Error('file too short for a Mach-O header')
  const magic = buf.readUInt32LE(0)
  if (magic !== MH_MAGIC_64) {
    const be = buf.readUInt32BE(0)
    if (be === 0xcafebabe || be === 0xcafebabf) throw new Error('universal (fat) Mach-O: expected one architecture')
    throw new Error(`not a 64-bit little-endian Mach-O (magic 0x${magic.toString(16)})`)
  }
  const cputype = buf.readUInt32LE(4)
  const filetype = buf.readUInt32LE(12)
  const ncmds = buf.readUInt32LE(16)
  const sizeofcmds = buf.readUInt32LE(20)
  const out = {
    cpu: CPU_TYPE[cputype] || `0x${cputype.toString(16)}`,
    fileType: FILE_TYPE[filetype] || String(filetype),
    flags: buf.readUInt32LE(24),
    dylibs: [],
    installName: null,
    minOS: null,
    sdk: null,
    codeSignature: null,
    undefined: [],
    definedExternal: [],
    exports: [],
  }
  if (32 + sizeofcmds > buf.length) throw new Error('load commands run past the end of the file')
  let symtab = null
  let trie = null
  let dyldInfo = null
  let chained = null
  let off = 32
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(off)
    const size = buf.readUInt32LE(off + 4)
    if (size < 8 || off + size > 32 + sizeofcmds) throw new Error(`load command ${i} has a bad size`)
    if (DYLIB_CMDS.has(cmd)) out.dylibs.push(cstring(buf, off + buf.readUInt32LE(off + 8), off + size))
    else if (cmd === LC.ID_DYLIB) out.installName = cstring(buf, off + buf.readUInt32LE(off + 8), off + size)
    else if (cmd === LC.SYMTAB) {
      symtab = {
        symoff: buf.readUInt32LE(off + 8),
        nsyms: buf.readUInt32LE(off + 12),
        stroff: buf.readUInt32LE(off + 16),
        strsize: buf.readUInt32LE(off + 20),
      }
    } else if (cmd === LC.BUILD_VERSION) {
      if (buf.readUInt32LE(off + 8) === 1) {
        // PLATFORM_MACOS
        out.minOS = version(buf.readUInt32LE(off + 12))
        out.sdk = version(buf.readUInt32LE(off + 16))
      }
    } else if (cmd === LC.VERSION_MIN_MACOSX) {
      out.minOS = version(buf.readUInt32LE(off + 8))
      out.sdk = version(buf.readUInt32LE(off + 12))
    } else if (cmd === LC.CODE_SIGNATURE) {
      out.codeSignature = verifyCodeSignature(buf, buf.readUInt32LE(off + 8), buf.readUInt32LE(off + 12))
    } else if (cmd === LC.DYLD_EXPORTS_TRIE) {
      trie = [buf.readUInt32LE(off + 8), buf.readUInt32LE(off + 12)]
    } else if (cmd === LC.DYLD_INFO_ONLY) {
      dyldInfo = [16, 24, 32].map((o) => [buf.readUInt32LE(off + o), buf.readUInt32LE(off + o + 4)]) // bind, weak, lazy
      trie = [buf.readUInt32LE(off + 40), buf.readUInt32LE(off + 44)]
    } else if (cmd === LC.DYLD_CHAINED_FIXUPS) {
      chained = buf.readUInt32LE(off + 8)
    }
    off += size
  }
  if (trie) out.exports = exportTrie(buf, trie[0], trie[1])
  // symbol -> library, from what dyld actually reads
  const binds = new Map()
  if (dyldInfo) {
    for (const [o, n] of [dyldInfo[0], dyldInfo[2]]) bindOpcodes(buf.subarray(o, o + n), out.dylibs, binds)
  }
  if (chained !== null) chainedImports(buf, chained, out.dylibs, binds)
  out.binds = binds
  if (symtab) {
    const { symoff, nsyms, stroff, strsize } = symtab
    if (symoff + nsyms * 16 > buf.length || stroff + strsize > buf.length)
      throw new Error('symbol table runs past the end of the file')
    for (let i = 0; i < nsyms; i++) {
      const at = symoff + i * 16
      const type = buf[at + 4]
      if (type & N_STAB || !(type & N_EXT)) continue
      const name = cstring(buf, stroff + buf.readUInt32LE(at), stroff + strsize)
      if ((type & N_TYPE) === N_UNDF) {
        // bound by dyld: the library its bind record names; else the nlist's own ordinal
        let from = binds.get(name)
        if (from === undefined) {
          const ordinal = (buf.readUInt16LE(at + 6) >> 8) & 0xff
          from =
            ordinalName(ordinal === DYNAMIC_LOOKUP_ORDINAL ? -2 : ordinal === 0xff ? -1 : ordinal, out.dylibs) + ' (nlist only)'
        }
        out.undefined.push({ name, from })
      } else if ((type & N_TYPE) === N_SECT) out.definedExternal.push(name)
    }
  }
  return out
}

module.exports = { parseMachO, verifyCodeSignature }
