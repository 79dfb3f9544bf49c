'use strict'

// URL arguments: handpicked ones, assembled ones from url-parts.js (with whitespace and
// control characters inserted anywhere), and the non-string values twilio also accepts.

const { charFrom, genString } = require('./strings')
const { SCHEMES, SEPARATORS, USERINFOS, HOSTS, PORTS, PATH_SEGMENTS, QUERY_PAIRS, FRAGMENTS } = require('./url-parts')

function genQuery(draw, extraPairs = []) {
  const n = draw.weighted([
    [8, 0],
    [25, 1],
    [30, 2],
    [20, 3],
    [10, 5],
    [2, 12],
  ])
  const pairs = []
  for (let i = 0; i < n; i++) {
    pairs.push(
      draw.weighted([
        [70, () => draw.pick(QUERY_PAIRS)],
        [
          20,
          () =>
            genString(draw, 4, [
              [3, 'alnum'],
              [1, 'latin1'],
              [1, 'urlish'],
              [1, 'astral'],
              [1, 'highbmp'],
            ]) +
            '=' +
            genString(draw, 6, [
              [4, 'alnum'],
              [1, 'urlish'],
              [1, 'latin1'],
              [1, 'bmp'],
              [1, 'astral'],
              [1, 'surrogate'],
            ]),
        ],
        [5, () => (pairs.length ? pairs[draw.int(pairs.length)] : 'dup=1')],
        [5, () => ''],
      ]),
    )
  }
  for (const p of extraPairs) pairs.splice(draw.int(pairs.length + 1), 0, p)
  let sep = '&'
  if (draw.chance(0.05)) sep = '&&'
  return pairs.join(sep) + (draw.chance(0.05) ? '&' : '')
}

const HANDPICKED_URLS = [
  'https://mycompany.com/myapp.php?foo=1&bar=2',
  'https://mycompany.com:1234/myapp.php?foo=1&bar=2',
  'http://mycompany.com/myapp.php?foo=1&bar=2',
  'https://mycompany.com:443//myapp.php?foo=1&bar=2',
  'https://mycompany.com/webhook/Espa\u00f1a?a\u00f1o=2023',
  "https://example.com/path?name=William+O'hara",
  'https://exa\tmple.com/x\n?a=b',
  'https:example.com/x',
  'https:\\\\example.com\\a\\b',
  'mailto:x',
  'mailto:user@example.com',
  'foo://Example.com/A?b=C',
  "https://e.com/path?test=a'b#frag",
  'https://e.com/?a=1#f?g',
  'https://e.com/#a?b',
  'x.com',
  '',
  ' ',
  '/relative?a=b',
  '//example.com/x',
  '?a=b',
  '#x',
  'https://',
  'https://example.com:65536/',
  'https://1.2.3.256/',
  'https://[::1/',
  'https://xn--a.com/',
  'https://ex ample.com/',
  'https://h.com:/p',
  'https://@host.com/',
  'https://:pass@host.com/',
  'file:///etc/passwd',
  'file://host/p?x=1',
  'http://h.com/a%3Fb?x=%3F',
  'https://h.com/bodySHA256/p',
  'https://bodySHA256.com/',
  'https://e.com/?bodySHA256=abc&bodySHA256=def',
  'HTTPS://H.COM',
  'http://[0:0:0:0:0:0:0:1]:80/',
  'http://0x7f.1/',
  'https://user:p@ss@host.com/',
  'wss://h.com/x?y',
  'wss://h.com:443/x?y',
  'ftp://h.com:21/x?y',
  'https://h.com?',
  'https://h.com#',
  'https://h.com?#',
  'https://h.com/?&&',
  'https://h.com/?&',
  'https://h.com/?=',
  'HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2',
  'https://example.com/path?test=param%27WithQuote',
  "https://example.com/path?test=param'WithQuote",
  'https://example.com/a/../b/./c/%2e%2E/d?x=1',
  '  https://example.com/lead-and-trail  ',
  '\u0000https://example.com/nul',
  'https://example.com/\u0000',
  'https://example.com/?' + '&'.repeat(999) + 'a=1&b=2',
  'https://example.com/?' + Array.from({ length: 1005 }, (_, i) => 'k' + i + '=' + i).join('&'),
  'https://example.com/?b=2&a=1&10=x&2=y&4294967295=z&01=w',
  'https://example.com/?a=1&b=2&a=3',
  'sip:user@example.com?x=1',
  'urn:isbn:0451450523',
  'blob:https://example.com/uuid',
  'javascript:alert(1)',
  'data:text/plain,hello?x=1',
  'https://example.com/\ud800?\udc00=\ud800',
  'https://example.com/p?q=\u{1f600}#\u{1f600}',
  'https://\u00fcser@b\u00fccher.de:8443/\u00fc?\u00fc=\u00fc#\u00fc',
  'HTTPS://EXAMPLE.COM:443/?A=B',
  'https://example.com:0443/',
  'http://example.com:080/',
  'https://example.com:443',
  'http://example.com:80?',
  'wss://example.com:80/x',
  'foo://:80/x',
  'foo:///x',
  'https://[::1]:443/?x',
  'https://example.com/?bodySHA256',
  'https://example.com/%?%',
]

const CLEAN_HOSTS = [
  'example.com',
  'mycompany.com',
  'MyCompany.com',
  'b\u00fccher.de',
  'xn--bcher-kva.de',
  '127.0.0.1',
  '[::1]',
  'localhost',
  'ex%41mple.com',
  '0x7f.1',
]

function genHost(draw) {
  return draw.weighted([
    [80, () => draw.weighted(HOSTS)],
    [
      15,
      () => {
        const labels = []
        const n = draw.range(1, 3)
        for (let i = 0; i < n; i++)
          labels.push(
            genString(draw, 8, [
              [10, 'alnum'],
              [1, 'latin1'],
              [1, 'bmp'],
              [1, 'highbmp'],
              [1, 'astral'],
              [1, 'urlish'],
            ]),
          )
        return labels.join('.') + '.' + draw.pick(['com', 'net', 'de', 'io', 'COM'])
      },
    ],
    [5, () => 'xn--' + genString(draw, 8, [[1, 'alnum']]) + '.com'],
  ])
}

function genPath(draw) {
  const n = draw.weighted([
    [10, 0],
    [30, 1],
    [30, 2],
    [20, 3],
    [10, 5],
  ])
  let p = ''
  for (let i = 0; i < n; i++) {
    const seg = draw.chance(0.8)
      ? draw.pick(PATH_SEGMENTS)
      : genString(draw, 6, [
          [6, 'alnum'],
          [1, 'urlish'],
          [1, 'latin1'],
          [1, 'astral'],
          [1, 'highbmp'],
          [1, 'surrogate'],
        ])
    p += (draw.chance(0.04) ? '\\' : '/') + seg
  }
  if (n > 0 && draw.chance(0.1)) p += '/'
  if (n === 0 && draw.chance(0.5)) p = '/'
  return p
}

function mutateUrl(draw, url) {
  const pos = draw.int(url.length + 1)
  const ins = draw.weighted([
    [3, () => draw.pick(['\t', '\n', '\r'])],
    [2, () => charFrom(draw, 'urlish')],
    [1, () => charFrom(draw, draw.pick(['latin1', 'astral', 'highbmp', 'surrogate', 'control']))],
  ])
  return url.slice(0, pos) + ins + url.slice(pos)
}

// opts.queryExtra: query pairs that must appear (e.g. bodySHA256=...)
function genUrl(draw, opts = {}) {
  let url
  if (!opts.queryExtra && draw.chance(0.12)) {
    url = draw.pick(HANDPICKED_URLS)
  } else {
    const clean = !!opts.clean
    const relative = !clean && draw.chance(0.02)
    let s = ''
    if (clean) s += draw.pick(['https', 'https', 'http', 'HTTPS', 'wss']) + '://'
    else if (!relative) s += draw.weighted(SCHEMES) + draw.weighted(SEPARATORS)
    else s += draw.pick(['', '//', '/'])
    if (draw.chance(0.12)) s += draw.pick(clean ? ['user@', 'user:pass@', 'us@er:p@ss@'] : USERINFOS)
    s += clean ? draw.pick(CLEAN_HOSTS) : genHost(draw)
    s += clean ? draw.pick(['', '', '', ':443', ':80', ':8443', ':1234']) : draw.weighted(PORTS)
    s += genPath(draw)
    const q = opts.queryExtra ? genQuery(draw, opts.queryExtra) : genQuery(draw)
    if (opts.queryExtra || draw.chance(0.6)) s += '?' + q
    else if (draw.chance(0.08)) s += '?'
    if (draw.chance(0.15)) s += draw.pick(FRAGMENTS)
    url = s
  }
  if (opts.clean) return url
  if (draw.chance(0.04)) url = draw.pick([' ', '\t', '\n', '\u0000', '\u001f', '\u00a0', '\ufeff']) + url
  if (draw.chance(0.04)) url += draw.pick([' ', '\t', '\n', '\u0000', '\u00a0', '\r\n'])
  if (draw.chance(0.06)) url = mutateUrl(draw, url)
  return url
}

// Non-string URL arguments
function genWeirdUrl(draw) {
  return draw.weighted([
    [2, undefined],
    [2, null],
    [1, 123],
    [1, () => new URL('https://example.com/a?b=1')],
    [1, () => new String('https://example.com/a?b=1')],
    [1, () => ['https://example.com/x?y=1']],
    [1, () => ({})],
    [
      1,
      () => ({
        toString() {
          return 'https://example.com/'
        },
      }),
    ],
    [1, () => Buffer.from(draw.pick(['https://example.com/a?b=1', 'https://e.com:443/x', 'x.com', 'https://ex ample.com/']))],
    [1, () => new Uint8Array(Buffer.from('https://example.com/'))],
    [1, () => Array.from(Buffer.from('https://e.com/'))],
    [1, () => ['https://e.com/', 'x']],
    [1, () => new String(draw.pick(['https://e.com:443/?a=1', 'not a url']))],
    [1, true],
    [1, () => Symbol('url')],
  ])
}

/**
 * URLs with the character `c` in every part (userinfo, host, path, query, fragment, after a
 * default port): the URL-parity probes, run in jest and under Bun and Deno.
 */
function urlsWithCharacter(c) {
  return [
    `http://u${c}v:p${c}w@h${c}x.com/p${c}q`,
    `https://h.com/${c}/x?q${c}r=s${c}t#f${c}g`,
    `https://h.com/${c}`,
    `https://h.com:443/a${c}b?c${c}d`,
    `https://h.com/?${c}`,
    `https://h.com/#${c}`,
  ]
}

module.exports = { HANDPICKED_URLS, genQuery, genHost, genPath, genUrl, genWeirdUrl, urlsWithCharacter }
