'use strict'

// Characters from every range where UTF-16 order, code point order and byte order can
// disagree (Latin-1, high BMP, astral, lone surrogates), plus the URL delimiters and
// control characters that parsers treat specially.

const LATIN1_PICKS = ['\u00a0', '\u00e9', '\u00f1', '\u00fc', '\u00df', '\u00c4', '\u00ff', '\u0080', '\u009f', '\u00bf']
const BMP_PICKS = [
  '\u0100',
  '\u0131',
  '\u017f',
  '\u0391',
  '\u0430',
  '\u4e2d',
  '\u2028',
  '\u3000',
  '\u200b',
  '\u20ac',
  '\ud7ff',
  '\u0301',
]
const HIGH_BMP_PICKS = [
  '\ue000',
  '\uf8ff',
  '\ufb01',
  '\ufeff',
  '\uff21',
  '\uff41',
  '\uff5e',
  '\uff61',
  '\uffe5',
  '\ufffd',
  '\uffff',
  '\ufffe',
]
const ASTRAL_PICKS = [
  '\u{1f600}',
  '\u{1f603}',
  '\u{1f389}',
  '\u{10000}',
  '\u{10ffff}',
  '\u{1d538}',
  '\u{20000}',
  '\u{1f1fa}\u{1f1f8}',
]
const URLISH = [
  '&',
  '=',
  '?',
  '#',
  '%',
  '+',
  "'",
  '/',
  ':',
  '@',
  ';',
  ',',
  '[',
  ']',
  '{',
  '}',
  '|',
  '^',
  '`',
  '<',
  '>',
  '"',
  '\\',
  ' ',
  '~',
  '*',
  '!',
  '$',
  '(',
  ')',
]
const CONTROLS = ['\t', '\n', '\r', '\0', '\x7f', '\x1f', '\x0b', '\x0c']

function charFrom(draw, pool) {
  switch (pool) {
    case 'ascii':
      return String.fromCharCode(0x20 + draw.int(95))
    case 'alnum':
      return 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[draw.int(62)]
    case 'control':
      return draw.pick(CONTROLS)
    case 'latin1':
      return draw.chance(0.5) ? draw.pick(LATIN1_PICKS) : String.fromCharCode(0x80 + draw.int(0x80))
    case 'bmp':
      return draw.chance(0.5) ? draw.pick(BMP_PICKS) : String.fromCharCode(0x100 + draw.int(0xd800 - 0x100))
    case 'highbmp':
      return draw.chance(0.5) ? draw.pick(HIGH_BMP_PICKS) : String.fromCharCode(0xe000 + draw.int(0x2000))
    case 'astral':
      return draw.chance(0.5) ? draw.pick(ASTRAL_PICKS) : String.fromCodePoint(0x10000 + draw.int(0x100000))
    case 'surrogate':
      return String.fromCharCode(draw.chance(0.5) ? 0xd800 + draw.int(0x400) : 0xdc00 + draw.int(0x400))
    case 'urlish':
      return draw.pick(URLISH)
    default:
      throw new Error('unknown pool ' + pool)
  }
}

const STRING_POOLS = [
  [40, 'ascii'],
  [14, 'alnum'],
  [8, 'latin1'],
  [8, 'bmp'],
  [9, 'highbmp'],
  [9, 'astral'],
  [3, 'surrogate'],
  [6, 'urlish'],
  [2, 'control'],
]

function genString(draw, maxLen = 12, pools = STRING_POOLS) {
  const len = draw.chance(0.08) ? 0 : draw.range(1, maxLen)
  let s = ''
  for (let i = 0; i < len; i++) s += charFrom(draw, draw.weighted(pools))
  return s
}

module.exports = {
  LATIN1_PICKS,
  BMP_PICKS,
  HIGH_BMP_PICKS,
  ASTRAL_PICKS,
  URLISH,
  CONTROLS,
  STRING_POOLS,
  charFrom,
  genString,
}
