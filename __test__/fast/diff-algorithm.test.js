'use strict'

// getSignatureAlgorithm(header?), the constants, the export surface (named and
// default), and a self-check of the differential harness itself.

const fc = require('fast-check')
const g = require('../helpers/gen')
const {
  ours,
  twilio,
  OURS_IS_TWILIO,
  runGenerated,
  runFixed,
  callExport,
  capture,
  compareOutcomes,
} = require('../helpers/compare')

const NAME = 'getSignatureAlgorithm'
const call = callExport(NAME)

// Characters String.prototype.trim removes, and look-alikes it keeps
const TRIMMED = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
]
const NOT_TRIMMED = ['\u0085', '\u180e', '\u200b', '\u0000', '\u001f', '\u2060', '\ufffe']

function spaces(draw) {
  if (draw.chance(0.55)) return ''
  let s = ''
  const n = draw.range(1, 3)
  for (let i = 0; i < n; i++) s += draw.chance(0.75) ? draw.pick(TRIMMED) : draw.pick(NOT_TRIMMED)
  return s
}

const ALG_KEYS = [
  'algorithm',
  'algorithm',
  'algorithm',
  'Algorithm',
  'ALGORITHM',
  'algorithms',
  'algo rithm',
  'key',
  '',
  'alg',
  'algorithm\u200b',
]
const ALG_VALUES = [
  'HMAC_SHA256',
  'HMAC_SHA1',
  'hmac_sha256',
  'Hmac_Sha1',
  '',
  ' ',
  'a=b',
  '=',
  'MD5',
  'HMAC_SHA512',
  '\u{1f600}',
  'HMAC_SHA256=x',
  'webhooks_sharedkey_123',
  '\ud800',
]

function genSettingsHeader(draw) {
  const n = draw.weighted([
    [5, 0],
    [30, 1],
    [35, 2],
    [20, 3],
    [10, 5],
  ])
  const parts = []
  for (let i = 0; i < n; i++) {
    parts.push(
      draw.weighted([
        [
          50,
          () =>
            spaces(draw) +
            draw.pick(ALG_KEYS) +
            spaces(draw) +
            '=' +
            spaces(draw) +
            (draw.chance(0.85) ? draw.pick(ALG_VALUES) : g.genString(draw, 8)) +
            spaces(draw),
        ],
        [20, () => `key=webhooks_sharedkey_${g.genString(draw, 6, [[1, 'alnum']])}`],
        [8, () => draw.pick(['algorithm', 'algorithm HMAC_SHA256', '=HMAC_SHA256', ''])],
        [10, () => g.genString(draw, 10)],
        [5, () => spaces(draw) + 'algorithm' + '='.repeat(draw.range(1, 3)) + draw.pick(ALG_VALUES)],
      ]),
    )
  }
  return parts.join(draw.chance(0.9) ? ',' : draw.pick([', ', ';', ',,']))
}

describe(NAME, () => {
  test('generated X-Twilio-Webhooks-Signature-Settings headers', () => {
    const { stats } = runGenerated({
      label: 'algorithm/header',
      n: g.scaled(5000),
      callName: NAME,
      call,
      generate: (draw) => [genSettingsHeader(draw)],
    })
    if (g.FULL_RUN) expect(stats['returned string']).toBeGreaterThan(0)
  })

  test('non-string and missing headers', () => {
    runGenerated({
      label: 'algorithm/types',
      n: g.scaled(300),
      callName: NAME,
      call,
      generate(draw) {
        return draw.weighted([
          [3, () => []],
          [2, () => [undefined]],
          [2, () => [null]],
          [1, () => ['']],
          [1, () => [0]],
          [1, () => [false]],
          [1, () => [NaN]],
          [1, () => [0n]],
          [1, () => [1]],
          [1, () => [true]],
          [1, () => [{}]],
          [1, () => [['algorithm=HMAC_SHA256']]],
          [1, () => [Buffer.from('algorithm=HMAC_SHA256')]],
          [1, () => [new String('algorithm=HMAC_SHA256')]],
          [
            1,
            () => [
              g.annotate(
                {
                  split() {
                    return ['algorithm=FROM_SPLIT']
                  },
                },
                '{split() { return ["algorithm=FROM_SPLIT"]; }}',
              ),
            ],
          ],
          [1, () => [Symbol('h')]],
          [1, () => [genSettingsHeader(draw), 'extra']],
        ])
      },
    })
  })

  test('fixed cases', () => {
    const cases = [
      ['key=webhooks_sharedkey_1,algorithm=HMAC_SHA256'],
      [' algorithm = hmac_sha256 '],
      ['Algorithm=HMAC_SHA256'],
      ['algorithm=a=b'],
      ['algorithm='],
      ['algorithm= ,algorithm=HMAC_SHA256'],
      ['algorithm=X,algorithm=Y'],
      ['algorithm\u00a0=\u00a0HMAC_SHA256\u00a0'],
      ['\ufeffalgorithm=\ufeffHMAC_SHA256\ufeff'],
      ['algorithm=\u0085HMAC_SHA256\u0085'],
      ['\u0085algorithm=HMAC_SHA256'],
      ['algorithm=\u180eX'],
      ['algorithm=\u200bX'],
      ['algorithm=\u2028X\u2029'],
      ['algorithm;HMAC_SHA256'],
      [','],
      [''],
      [],
      [undefined],
      [null],
      [1],
      [{}],
    ]
    runFixed({ label: 'algorithm/fixed', cases, call, callName: NAME })
  })
})

describe('constants and export surface', () => {
  const CONSTANTS = ['SIGNATURE_HEADER', 'SIGNATURE_SETTINGS_HEADER', 'HMAC_SHA1', 'HMAC_SHA256']
  const PURE = [
    'validateRequest',
    'getExpectedTwilioSignature',
    'getExpectedBodyHash',
    'validateBody',
    'validateRequestWithBody',
    'getSignatureAlgorithm',
  ]

  test("constants have twilio's values (named exports)", () => {
    for (const c of CONSTANTS) expect([c, ours[c]]).toEqual([c, twilio[c]])
    expect(ours.SIGNATURE_HEADER).toBe('X-Twilio-Signature')
    expect(ours.SIGNATURE_SETTINGS_HEADER).toBe('X-Twilio-Webhooks-Signature-Settings')
    expect(ours.HMAC_SHA1).toBe('HMAC_SHA1')
    expect(ours.HMAC_SHA256).toBe('HMAC_SHA256')
  })

  test("every export of twilio's webhooks module is a named export of the same type", () => {
    const missing = []
    for (const key of Object.keys(twilio)) {
      if (typeof ours[key] !== typeof twilio[key]) missing.push(`${key}: ${typeof ours[key]} (twilio: ${typeof twilio[key]})`)
    }
    expect(missing).toEqual([])
  })

  test("functions have twilio's arity (length) and name", () => {
    const diffs = []
    for (const key of PURE) {
      const o = ours[key]
      const t = twilio[key]
      if (typeof o !== 'function') {
        diffs.push(`${key}: not a function`)
        continue
      }
      if (o.length !== t.length) diffs.push(`${key}.length: ours ${o.length}, twilio ${t.length}`)
      if (o.name !== t.name) diffs.push(`${key}.name: ours ${JSON.stringify(o.name)}, twilio ${JSON.stringify(t.name)}`)
    }
    expect(diffs).toEqual([])
  })

  const defaultTest = OURS_IS_TWILIO ? test.skip : test

  defaultTest('every export is also on the default export, with the same value / behaviour', () => {
    const def = ours.default
    expect(def).toBeDefined()
    expect(def === null ? 'null' : typeof def).toMatch(/object|function/)
    const problems = []
    for (const key of Object.keys(twilio)) {
      if (typeof def[key] !== typeof twilio[key])
        problems.push(`default.${key}: ${typeof def[key]} (twilio: ${typeof twilio[key]})`)
    }
    for (const c of CONSTANTS) if (def[c] !== twilio[c]) problems.push(`default.${c} = ${g.render(def[c])}`)
    expect(problems).toEqual([])
  })

  defaultTest("default export functions behave like twilio's", () => {
    const viaDefault = (name) => (impl, args) => (impl === twilio ? twilio : impl.default)[name](...args)
    const U = 'https://mycompany.com/myapp.php?foo=1&bar=2'
    const H = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    const B = '{"property": "value", "boolean": true}'
    const s = twilio.getExpectedTwilioSignature('12345', U, g.P5)
    const sb = twilio.getExpectedTwilioSignature('12345', `${U}&bodySHA256=${H}`, {})
    const table = {
      validateRequest: [
        ['12345', s, U, g.P5],
        ['12345', 'x', U, g.P5],
        ['12345', s, U, g.P5, 'MD5'],
        [undefined, s, U, g.P5],
        ['12345', s, 'bad', {}],
      ],
      getExpectedTwilioSignature: [
        ['12345', U, g.P5],
        ['12345', U, g.P5, 'HMAC_SHA256'],
        ['12345', U, {}, 'MD5'],
        ['12345', U, null],
      ],
      getExpectedBodyHash: [[B], [''], [undefined]],
      validateBody: [
        [B, H],
        [B, H.toUpperCase()],
        [B, undefined],
      ],
      validateRequestWithBody: [
        ['12345', sb, `${U}&bodySHA256=${H}`, B],
        ['12345', sb, `${U}&bodySHA256=${H}`, 'x'],
        ['12345', sb, 'bad', B],
      ],
      getSignatureAlgorithm: [['algorithm=HMAC_SHA256'], [], [1]],
    }
    for (const [name, cases] of Object.entries(table)) {
      runFixed({ label: `default/${name}`, cases, call: viaDefault(name), callName: `default.${name}` })
    }
  })
})

describe('harness self-check: the comparator reports differences', () => {
  const outcome = (fn) => capture(fn)
  const typeErr = (code) => {
    const e = new TypeError('m')
    if (code !== undefined) e.code = code
    return e
  }

  test('equal outcomes are accepted', () => {
    expect(
      compareOutcomes(
        outcome(() => true),
        outcome(() => true),
      ),
    ).toBeNull()
    expect(
      compareOutcomes(
        outcome(() => 'abc'),
        outcome(() => 'abc'),
      ),
    ).toBeNull()
    // messages may differ, class and code must not
    expect(
      compareOutcomes(
        outcome(() => {
          throw typeErr('X')
        }),
        outcome(() => {
          throw new TypeError('other')
        }),
      ),
    ).toBeNull()
    expect(
      compareOutcomes(
        outcome(() => {
          const e = typeErr('ERR_INVALID_URL')
          e.message = 'a'
          throw e
        }),
        outcome(() => {
          throw typeErr('ERR_INVALID_URL')
        }),
      ),
    ).toBeNull()
    expect(
      compareOutcomes(
        outcome(() => {
          console.warn('w')
          return false
        }),
        outcome(() => {
          console.warn('w')
          return false
        }),
      ),
    ).toBeNull()
  })

  test('different outcomes are reported', () => {
    const pairs = [
      [() => 1, () => 2],
      [() => true, () => false],
      [() => true, () => 'true'],
      [() => 0, () => -0],
      [() => 'a', () => 'a '],
      [
        () => {
          throw new TypeError('x')
        },
        () => {
          throw new RangeError('x')
        },
      ],
      [
        () => {
          throw new Error('x')
        },
        () => {
          throw new TypeError('x')
        },
      ],
      [
        () => {
          throw typeErr('ERR_INVALID_ARG_TYPE')
        },
        () => {
          throw typeErr('ERR_INVALID_URL')
        },
      ],
      [
        () => {
          throw typeErr()
        },
        () => {
          throw typeErr('ERR_INVALID_URL')
        },
      ],
      [
        () => false,
        () => {
          throw new TypeError('x')
        },
      ],
      [
        () => {
          throw new TypeError('x')
        },
        () => false,
      ],
      [
        () => false,
        () => {
          console.warn('w')
          return false
        },
      ],
      [
        () => {
          console.warn('a')
          return false
        },
        () => {
          console.warn('b')
          return false
        },
      ],
      [
        () => {
          console.warn('w')
          console.warn('w')
          return false
        },
        () => {
          console.warn('w')
          return false
        },
      ],
      [
        () => {
          console.error('w')
          return false
        },
        () => {
          console.warn('w')
          return false
        },
      ],
      [
        () => {
          console.warn('a', 'b')
          return false
        },
        () => {
          console.warn('a b')
          return false
        },
      ],
    ]
    pairs.forEach(([a, b], i) => {
      expect([i, compareOutcomes(outcome(a), outcome(b))]).not.toEqual([i, null])
    })
  })

  test('console output is captured, not printed, and restored afterwards', () => {
    const before = console.warn
    const o = capture(() => {
      console.warn('captured')
      return 1
    })
    expect(o.logs).toEqual([{ method: 'warn', args: ['captured'] }])
    expect(console.warn).toBe(before)
  })

  test('the batch runners fail (with seeds and inputs) when an implementation differs', () => {
    const broken = {
      ...twilio,
      getExpectedBodyHash: (body) => twilio.getExpectedBodyHash(body).toUpperCase(),
      getSignatureAlgorithm: () => 'HMAC_SHA1',
    }
    expect(() =>
      runFixed({
        label: 'selfcheck/fixed',
        cases: [['{}']],
        call: callExport('getExpectedBodyHash'),
        callName: 'getExpectedBodyHash',
        impls: { ours: broken },
      }),
    ).toThrow(/1 of 1 cases differ/)
    let message = ''
    try {
      runGenerated({
        label: 'selfcheck/generated',
        n: 200,
        callName: NAME,
        call,
        impls: { ours: broken },
        generate: (draw) => [genSettingsHeader(draw)],
      })
    } catch (e) {
      message = e.message
    }
    expect(message).toMatch(/differs from twilio/)
    expect(message).toMatch(/replay: FC_SEED=\d+ FC_PATH='selfcheck\/generated:[\d:]+'/)
    expect(message).toMatch(/shrunk \d+ times/)
  })

  test('a replayed draw rebuilds the same inputs, and a seed the same runs', () => {
    const build = (draw) => [
      g.genUrl(draw),
      g.genParams(draw, 'x'),
      g.genBody(draw),
      g.genSignature(draw, 'https://e.com/', undefined, () => 'sig'),
    ]
    const runs = () => {
      const seen = []
      fc.assert(
        fc.property(fc.gen(), (gv) => {
          const makeArgs = g.twin(gv, build)
          const first = g.renderArgs(makeArgs())
          expect(g.renderArgs(makeArgs())).toBe(first)
          seen.push(first)
        }),
        { numRuns: 50, seed: g.seedFor('det') },
      )
      return seen
    }
    const a = runs()
    expect(runs()).toEqual(a)
    expect(new Set(a).size).toBeGreaterThan(40)
  })
})
