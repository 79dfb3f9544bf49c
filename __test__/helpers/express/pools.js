'use strict'

// Pools of the fields of an Express-like request spec (see spec.js). Index 0 of every pool
// is its simplest value: fast-check shrinks a failing spec towards it.

const PROTOCOLS = [
  'https',
  'http',
  'https:',
  'http:',
  'HTTPS',
  'Https',
  'ftp',
  'foo',
  'wss',
  '',
  undefined,
  null,
  new String('https'),
]

// `undefined` means: the headers object has no host entry at all.
const HOSTS = [
  'mycompany.com',
  'mycompany.com:1234',
  'mycompany.com:443',
  'mycompany.com:80',
  'MyCompany.COM',
  'MYCOMPANY.com:8443',
  'localhost:3000',
  '127.0.0.1:8080',
  '[::1]:3000',
  'bücher.de',
  'user@mycompany.com',
  'exa mple.com',
  'host:99999',
  '',
  undefined,
  8080,
  ['mycompany.com', 'other.com'],
  'mycompany.com:',
  'MyCompany.com:0443',
  'HOST.COM:443',
  '[::1]',
  '[0:0:0:0:0:0:0:1]:8080',
  'user:pa ss@host.com',
  'host.com/evil',
  'host.com?x=1',
  'host.com#f',
  'ex%41mple.com',
  'mycompany.com.',
  'xn--bcher-kva.de',
  '0x7f.1',
  'h\tost.com',
  'mycompany.com:65536',
  '1.2.3.256',
]

// "{H}" is replaced by a body hash (see HASH_KINDS).
const ORIGINAL_URLS = [
  '/myapp.php?foo=1&bar=2',
  '/myapp.php',
  '/',
  '',
  'myapp.php?foo=1&bar=2',
  'myapp.php',
  '/a%3Fb?x=%3F',
  '/a%3fb?x=%3f',
  '/a%3Fb',
  '/a%3fb%3F',
  '/path?q=%3F%3f%3F',
  '/p?a=b?c',
  '/p?',
  '/p??',
  '/p#frag',
  '/p?x=1#frag',
  '/p#f?x=1',
  '/p?x=%23y',
  '/bodySHA256/x',
  '/x?bodySHA256={H}',
  '/x?foo=1&bodySHA256={H}',
  '/x?bodySHA256={H}&bodySHA256=abc',
  '/x?bodySHA256=',
  '/x?bodysha256={H}',
  'bodySHA256?x=1',
  '/café?ü=ö',
  '/emoji/😃?x=😃',
  '/p?name=William+O%27hara',
  "/p?name=William+O'hara",
  "/p?Body=It's+amazing",
  '/p?sip=sip%3A1%402.3.4.5',
  '/p?a=%zz&b=%C3%28',
  '/p?q=a b',
  '/p?q=a%20b+c',
  '/../x/./y',
  '/a/%2e%2E/b',
  '//double//slash',
  '/p\\q',
  '/p?a[]=1&a[]=2',
  '/p?tab=\t&nl=x',
  '/p?k=v&k=w&=x&y',
  '/%E2%82%AC?%E2%82%AC=1',
  '/p?a=1&a=2&b',
  '/p?%41=1&%7e=~',
  '/p;x=1',
  '/p?q=%E2%82',
  '/p?x=é&y=%C3%A9',
  "/p?name=O'Brien&x=a+b",
  '/p?a=<b>&c="d"',
  '/p?`{|}^',
  '/a b/c',
  '/p?\\x',
  '/p?x=1&x=1&bodySHA256',
]

const BODIES = [
  'P5',
  'empty',
  'undefined',
  'null',
  'string',
  'arrayBody',
  'P5arrays',
  'unicode',
  'numbers',
  'zero',
  'nested',
  'emptyArray',
]

function makeBody(kind) {
  switch (kind) {
    case 'P5':
      return {
        CallSid: 'CA1234567890ABCDE',
        Caller: '+14158675309',
        Digits: '1234',
        From: '+14158675309',
        To: '+18005551212',
      }
    case 'empty':
      return {}
    case 'undefined':
      return undefined
    case 'null':
      return null
    case 'string':
      return 'a=1&b=2'
    case 'arrayBody':
      return ['b', 'a']
    case 'P5arrays':
      return {
        Sid: 'CA123',
        SidAccount: 'AC123',
        Digits: ['5678', '1234', '1234'],
        'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'],
      }
    case 'unicode':
      return { To: '+16515556677', From: '+16515556699', Body: 'hello áçčëñtš 😃', ключ: 'значение' }
    case 'numbers':
      return { a: 1, b: [10, 9, 1, '1'], c: true, d: null, e: undefined }
    case 'zero':
      return 0
    case 'nested':
      return { a: { b: '1' }, c: [['y', 'x'], 'b'] }
    case 'emptyArray':
      return { a: [], b: '' }
    default:
      throw new Error('unknown body kind ' + kind)
  }
}

const RAW_BODIES = [
  undefined,
  '{"property": "value", "boolean": true}',
  '{}',
  '',
  'x=1',
  Buffer.from('{"property": "value", "boolean": true}'),
  new Uint8Array(Buffer.from('{"a": "é"}')),
  [0x7b, 0x7d],
  { property: 'value' },
  42,
]

// How "{H}" in originalUrl / opts.url is filled.
const HASH_KINDS = ['right', 'rightOfEmptyObject', 'wrong', 'upper', 'empty']

const TOKENS = ['12345', '', 'tökén 😃', undefined, null, 42]

const HEADER_STYLES = [
  'express', // case-insensitive, like Express' req.header()
  'exact', // twilio's own spec style: function (name) { return this.headers[name]; }
  'lowercaseOnly', // only answers to the lower-case name (a badly written fake)
  'missing', // no header() at all
  'notAFunction', // header is a string
]

const SIG_KINDS = [
  'correct', // over the URL twilio builds, with the effective algorithm
  'correctNormalized', // over new URL(built).toString()
  'correctWithPort', // over the built URL with the default port inserted
  'correctOtherAlgorithm', // right URL, other HMAC
  'correctSiblingUrl', // a URL that differs by one character
  'correctOriginOnly', // over scheme://authority only (path and query dropped)
  'correctNoParams', // signed without the params
  'correctAsBuffer', // right bytes, returned as a Buffer
  'correctTrailingSpace',
  'correctLowercased',
  'forged',
  'empty',
  'missing',
  'zero',
  'number',
  'array',
]

// `undefined` = no opts argument at all; other entries are option objects.
const OPTS = [
  undefined,
  null,
  {},
  { url: 'https://mycompany.com/myapp.php?foo=1&bar=2' },
  { url: 'https://mycompany.com/x?bodySHA256={H}' },
  { url: '' },
  { url: undefined, host: 'mycompany.com', protocol: 'https' },
  { host: 'mycompany.com' },
  { host: '' },
  { host: 'MyCompany.com:8443' },
  { protocol: 'https' },
  { protocol: 'https:' },
  { protocol: '' },
  { protocol: 'HTTP' },
  { protocol: undefined, host: undefined },
  { url: 'not a url' },
  { url: 'https://mycompany.com:443/myapp.php' },
  { url: "https://example.com/path?name=William+O'hara" },
  // non-string url options (twilio only needs indexOf/slice on them)
  { url: ['https://mycompany.com/myapp.php?foo=1&bar=2'] },
  { url: ['https://mycompany.com/myapp.php?foo=1&bar=2', 'x'] },
  { url: new String('https://mycompany.com/myapp.php?foo=1&bar=2') },
  { url: Buffer.from('https://mycompany.com:8443/myapp.php?foo=1&bar=2') },
  { url: new URL('https://mycompany.com/myapp.php?foo=1&bar=2') },
  { url: 42 },
]

const ALGORITHMS = [undefined, 'HMAC_SHA1', 'HMAC_SHA256', 'hmac_sha256', 'Hmac_Sha1', '', null, 'HMAC_SHA512', 'MD5']

const SHAPES = [
  'normal',
  'noOriginalUrl',
  'originalUrlNumber',
  'noHeaders',
  'nullRequest',
  'protocolNumber',
  'originalUrlStringObject',
  'bodyMap',
]

module.exports = {
  PROTOCOLS,
  HOSTS,
  ORIGINAL_URLS,
  BODIES,
  makeBody,
  RAW_BODIES,
  HASH_KINDS,
  TOKENS,
  HEADER_STYLES,
  SIG_KINDS,
  OPTS,
  ALGORITHMS,
  SHAPES,
}
