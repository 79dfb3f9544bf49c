'use strict'

// Parameter names: the ones with a meaning somewhere (array indices, Object.prototype
// names, bodySHA256, Twilio's own), and generated families sharing prefixes.

const { charFrom, genString } = require('./strings')

const SPECIAL_KEYS = [
  '',
  '0',
  '1',
  '2',
  '9',
  '10',
  '01',
  '100',
  '-1',
  '1.5',
  '1e3',
  '4294967294',
  '4294967295',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'length',
  'bodySHA256',
  'a',
  'A',
  'B',
  'Z',
  '_',
  'a_',
  'aB',
  'ab',
  'a\u{1f600}',
  'a\uff5e',
  'a\ue000',
  'a\ufffd',
  '\u{1f600}',
  '\uff5e',
  '\ue000',
  '\ud800',
  '\udc00',
  'a\ud800',
  '\ud800a',
  '\u00e9',
  '\u00c4',
  'CallSid',
  'callSid',
  'CALLSID',
  'Digits',
  'From',
  'To',
  'Body',
  'MessagingBinding.Address',
  'a b',
  'a=b',
  'a&b',
  ' ',
  '\t',
]

// A set of keys that share prefixes and differ right where UTF-16 and code
// point order disagree, so that sorting gets exercised.
function genKeys(draw, count) {
  const keys = []
  const seen = new Set()
  let guard = 0
  while (keys.length < count && guard++ < count * 20) {
    let k
    const r = draw.float()
    if (r < 0.3) k = draw.pick(SPECIAL_KEYS)
    else if (r < 0.65 && keys.length > 0) {
      // extend or mutate an existing key
      const base = draw.pick(keys)
      const pool = draw.pick(['astral', 'highbmp', 'highbmp', 'astral', 'bmp', 'latin1', 'ascii', 'surrogate', 'alnum'])
      if (draw.chance(0.25) && base.length > 0) k = base.slice(0, draw.int(base.length)) + charFrom(draw, pool)
      else k = base + charFrom(draw, pool)
      if (draw.chance(0.3)) k += charFrom(draw, draw.pick(['alnum', 'astral', 'highbmp']))
    } else k = genString(draw, 6)
    if (seen.has(k)) continue
    seen.add(k)
    keys.push(k)
  }
  return keys
}

module.exports = { SPECIAL_KEYS, genKeys }
