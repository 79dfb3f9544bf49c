'use strict'

const querystring = require('querystring')
const URL = require('./node-url')

const native = require('./load-binding')

/**
 * Node's WHATWG URL serialisation changes between releases (Node 24 encodes `^` in a
 * path, Node 20 keeps it), while the core's parser is fixed at build time. twilio-node
 * uses whatever Node it runs on, so at load time every ASCII character is put in each
 * part of a URL and the two serialisations compared; characters that differ are recorded
 * natively, and URLs containing them are normalised by Node instead of the core.
 */
function probeUrl(character) {
  return [
    `http://u${character}v:p${character}w@h${character}x.com/p${character}q`,
    `https://h.com/${character}/x?q${character}r=s${character}t#f${character}g`,
    `https://h.com/${character}`,
    `https://h.com/?${character}`,
    `https://h.com/#${character}`,
  ]
}

function nodeHref(url) {
  try {
    return new URL(url).href
  } catch {
    return null
  }
}

function recordDivergentCharacters() {
  const divergent = []
  for (let code = 0; code < 128; code++) {
    const character = String.fromCharCode(code)
    if (probeUrl(character).some((url) => nodeHref(url) !== native.normalizeUrl(url))) divergent.push(code)
  }
  native.setNodeDivergentCharacters(Buffer.from(divergent))
  return divergent.map((code) => String.fromCharCode(code))
}

/**
 * Node's `querystring.parse` changed in Node 26: up to Node 24 a key with two escapes makes
 * its scanner treat the value as encoded too, so in `%41%41=é%` the value goes through
 * `unescapeBuffer` and comes back as U+FFFD `%`; Node 26 leaves it `é%`. twilio-node and
 * Express parse form bodies with the running Node's querystring, so the core is told which.
 */
function recordQuerystringScanner() {
  const flags = querystring.parse('%41%41=\u00e9%').AA !== '\u00e9%'
  native.setNodeKeyEscapesFlagValue(flags)
  return flags
}

module.exports = { recordDivergentCharacters, recordQuerystringScanner }
