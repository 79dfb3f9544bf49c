'use strict'

// Printing generated values as JavaScript source, so a failure report can be pasted into a
// test. Objects whose behaviour lives in closures or getters cannot be printed from their
// own structure: the generators annotate() them with the source they were built from.

const crypto = require('crypto')
const vm = require('vm')

// own structure (closures, getters); they carry a description instead.

const notes = new WeakMap()

function annotate(obj, text) {
  notes.set(obj, text)
  return obj
}

function escapeString(s) {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += '\\u{' + s.codePointAt(i).toString(16).toUpperCase() + '}'
        i++
        continue
      }
    }
    if (c === 0x22) out += '\\"'
    else if (c === 0x5c) out += '\\\\'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x0d) out += '\\r'
    else if (c >= 0x20 && c < 0x7f) out += s[i]
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0')
  }
  return out + '"'
}

const otherRealm = vm.createContext({})
const otherRealmArray = vm.runInContext('Array', otherRealm)

function render(v, depth = 0) {
  if (depth > 6) return '…'
  switch (typeof v) {
    case 'string':
      return escapeString(v)
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v)
    case 'bigint':
      return v + 'n'
    case 'undefined':
      return 'undefined'
    case 'boolean':
      return String(v)
    case 'symbol':
      return 'Symbol(' + (v.description === undefined ? '' : escapeString(v.description)) + ')'
    case 'function':
      if (notes.has(v)) return notes.get(v)
      return '/*function*/ ' + String(v).slice(0, 120)
    default:
      break
  }
  if (v === null) return 'null'
  if (notes.has(v)) return notes.get(v)
  if (Buffer.isBuffer(v)) return 'Buffer.from(' + escapeString(v.toString('latin1')) + ', "latin1")'
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return 'new DataView(<' + v.byteLength + ' bytes>)'
    return 'new ' + v.constructor.name + '([' + Array.from(v).join(', ') + '])'
  }
  if (v instanceof ArrayBuffer) return 'new Uint8Array([' + Array.from(new Uint8Array(v)).join(', ') + ']).buffer'
  if (v instanceof crypto.KeyObject) return 'crypto.createSecretKey(' + render(v.export(), depth + 1) + ')'
  if (v instanceof Date) return 'new Date(' + v.getTime() + ')'
  if (v instanceof Map) return 'new Map(' + render(Array.from(v.entries()), depth + 1) + ')'
  if (v instanceof URLSearchParams) return 'new URLSearchParams(' + escapeString(v.toString()) + ')'
  if (v instanceof URL) return 'new URL(' + escapeString(v.href) + ')'
  if (v instanceof String) return 'new String(' + escapeString(String(v)) + ')'
  if (v instanceof Number) return 'new Number(' + render(Number(v)) + ')'
  if (v instanceof Boolean) return 'new Boolean(' + String(v.valueOf()) + ')'
  if (Array.isArray(v)) {
    const parts = []
    for (let i = 0; i < v.length; i++) parts.push(i in v ? render(v[i], depth + 1) : '/*hole*/')
    let text = '[' + parts.join(', ') + ']'
    if (v instanceof otherRealmArray) text = 'vm.runInNewContext(' + escapeString(text) + ')'
    else if (!(v instanceof Array)) text = '/*array of another realm*/ ' + text
    else if (v.constructor !== Array) text = '/*' + v.constructor.name + '*/ ' + text
    return text
  }
  const proto = Object.getPrototypeOf(v)
  const entries = []
  for (const key of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key)
    let name = typeof key === 'symbol' ? '[' + render(key) + ']' : escapeString(key)
    if (key === '__proto__') name = '[' + name + ']' // a computed key defines an own property
    const flag = d.enumerable ? '' : '/*non-enumerable*/ '
    if (d.get || d.set) entries.push(flag + 'get ' + name + '() {…}')
    else entries.push(flag + name + ': ' + render(d.value, depth + 1))
  }
  const body = '{' + entries.join(', ') + '}'
  if (proto === null) return 'Object.assign(Object.create(null), ' + body + ')'
  if (proto !== Object.prototype) return '/*' + ((proto.constructor && proto.constructor.name) || 'proto') + '*/ ' + body
  return body
}

function renderArgs(args) {
  return '(' + args.map((a) => render(a)).join(', ') + ')'
}

module.exports = { annotate, escapeString, render, renderArgs, otherRealm }
