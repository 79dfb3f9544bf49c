'use strict'
// Reads the import and export sections of a WebAssembly module (binary format 1), enough to
// check the WASI build of the addon. No dependencies; throws on malformed input.

function parseWasm(buf) {
  if (buf.length < 8 || buf.readUInt32BE(0) !== 0x0061736d) throw new Error('not a WebAssembly module (magic)')
  const version = buf.readUInt32LE(4)
  if (version !== 1) throw new Error(`WebAssembly binary version ${version}, expected 1`)
  let p = 8
  const uleb = () => {
    let result = 0
    let shift = 0
    for (;;) {
      if (p >= buf.length) throw new Error('truncated LEB128')
      const b = buf[p++]
      result += (b & 0x7f) * 2 ** shift
      shift += 7
      if ((b & 0x80) === 0) return result
    }
  }
  const name = () => {
    const n = uleb()
    const s = buf.toString('utf8', p, p + n)
    p += n
    return s
  }
  const KIND = ['func', 'table', 'memory', 'global', 'tag']
  const imports = []
  const exports = []
  while (p < buf.length) {
    const id = buf[p++]
    const size = uleb()
    const end = p + size
    if (end > buf.length) throw new Error(`section ${id} runs past the end of the file`)
    if (id === 2) {
      for (let i = uleb(); i > 0; i--) {
        const module = name()
        const field = name()
        const kind = buf[p++]
        const entry = { module, name: field, kind: KIND[kind] || String(kind) }
        if (kind === 0) uleb()
        else if (kind === 1) {
          p++
          const flags = uleb()
          uleb()
          if (flags & 1) uleb()
        } else if (kind === 2) {
          const flags = uleb()
          entry.shared = (flags & 2) !== 0
          uleb()
          if (flags & 1) uleb()
        } else if (kind === 3) p += 2
        else if (kind === 4) {
          p++
          uleb()
        }
        imports.push(entry)
      }
    } else if (id === 7) {
      for (let i = uleb(); i > 0; i--) {
        const field = name()
        const kind = buf[p++]
        uleb()
        exports.push({ name: field, kind: KIND[kind] || String(kind) })
      }
    }
    p = end
  }
  return { version, imports, exports }
}

module.exports = { parseWasm }
