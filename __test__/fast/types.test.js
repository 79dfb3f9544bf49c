'use strict'
// TypeScript compile tests for index.d.ts.
//
// __test__/types/consumer.ts is code typed against twilio's webhooks
// declarations.  It must compile (tsc --noEmit, strict, node16 resolution):
//   - against @twilio-native/webhooks (tsconfig.json maps the name to index.d.ts),
//   - against twilio@6.3.1 itself, with the import swapped to
//     'twilio/lib/webhooks/webhooks' (proves the file is valid twilio code).
// __test__/types/negative.ts must fail, on exactly the lines marked
// "expect-error", against both (proves the compile step can fail).
// __test__/types/consumer-esm.mts resolves the package through its own
// "exports" map (self-reference) from an ES module.
//
// OURS=twilio maps '@twilio-native/webhooks' to twilio's declarations instead.

const fs = require('fs')
const path = require('path')
const { tsc, markedLines, STRICT_NODE16 } = require('../helpers/tsc')
const { REPO_ROOT, TWILIO_WEBHOOKS_DTS, usingTwilioAsOurs } = require('../helpers/express-target')

const TYPES_DIR = path.join(__dirname, '..', 'types')
const PKG = '@twilio-native/webhooks'
const TWILIO_SPECIFIER = 'twilio/lib/webhooks/webhooks'

// "file.ts(12,5): error TS2345: ..." -> [{ file, line, code, text }]
function diagnostics(output) {
  const out = []
  for (const line of output.split('\n')) {
    const m = /^(.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim())
    if (m) out.push({ file: path.basename(m[1]), line: Number(m[2]), code: m[4], text: m[5] })
  }
  return out
}

// The main compile also type-checks index.d.ts itself.
const baseCompilerOptions = { ...STRICT_NODE16, skipLibCheck: false }

let tmp
let results

beforeAll(async () => {
  // Scratch directory inside the repo so node_modules (twilio, @types) resolve.
  tmp = fs.mkdtempSync(path.join(TYPES_DIR, `.tmp-${process.pid}-`))
  const write = (name, data) =>
    fs.writeFileSync(path.join(tmp, name), typeof data === 'string' ? data : JSON.stringify(data, null, 2))

  const consumer = fs.readFileSync(path.join(TYPES_DIR, 'consumer.ts'), 'utf8')
  const negative = fs.readFileSync(path.join(TYPES_DIR, 'negative.ts'), 'utf8')
  const swap = (src) => {
    const swapped = src.split(`'${PKG}'`).join(`'${TWILIO_SPECIFIER}'`)
    if (swapped === src) throw new Error('import specifier not found')
    return swapped
  }
  write('consumer-twilio.ts', swap(consumer))
  write('negative-twilio.ts', swap(negative))
  write('tsconfig.consumer-twilio.json', { compilerOptions: baseCompilerOptions, files: ['consumer-twilio.ts'] })
  write('tsconfig.negative-twilio.json', { compilerOptions: baseCompilerOptions, files: ['negative-twilio.ts'] })

  // Our package: the checked-in tsconfig.json (paths -> ../../index.d.ts).
  let oursConsumerProject = path.join(TYPES_DIR, 'tsconfig.json')
  const oursPaths = { [PKG]: [path.relative(tmp, path.join(REPO_ROOT, 'index.d.ts'))] }
  if (usingTwilioAsOurs) {
    oursPaths[PKG] = [path.relative(tmp, TWILIO_WEBHOOKS_DTS)]
    write('tsconfig.consumer-ours.json', {
      compilerOptions: { ...baseCompilerOptions, paths: oursPaths },
      files: ['../consumer.ts'],
    })
    oursConsumerProject = path.join(tmp, 'tsconfig.consumer-ours.json')
  }
  write('tsconfig.negative-ours.json', {
    compilerOptions: { ...baseCompilerOptions, paths: oursPaths },
    files: ['../negative.ts'],
  })

  // Only the main compile also type-checks every .d.ts (index.d.ts included);
  // the others pass --skipLibCheck to keep the run time down.
  const jobs = [
    ['consumerOurs', () => tsc(oursConsumerProject)],
    ['consumerTwilio', () => tsc(path.join(tmp, 'tsconfig.consumer-twilio.json'), ['--skipLibCheck'])],
    ['negativeOurs', () => tsc(path.join(tmp, 'tsconfig.negative-ours.json'), ['--skipLibCheck'])],
    ['negativeTwilio', () => tsc(path.join(tmp, 'tsconfig.negative-twilio.json'), ['--skipLibCheck'])],
  ]
  if (!usingTwilioAsOurs) jobs.push(['esm', () => tsc(path.join(TYPES_DIR, 'tsconfig.esm.json'), ['--skipLibCheck'])])
  results = { negativeSource: negative }
  // two compilers at a time
  const queue = jobs.slice()
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results[job[0]] = await job[1]()
  }
  await Promise.all([worker(), worker()])
}, 240000)

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

test('the checked-in tsconfig resolves the package name to index.d.ts with node16 resolution', () => {
  const cfg = JSON.parse(fs.readFileSync(path.join(TYPES_DIR, 'tsconfig.json'), 'utf8'))
  expect(cfg.compilerOptions.strict).toBe(true)
  expect(cfg.compilerOptions.noEmit).toBe(true)
  expect(cfg.compilerOptions.moduleResolution).toMatch(/^node(16|next)$/)
  expect(path.resolve(TYPES_DIR, cfg.compilerOptions.paths[PKG][0])).toBe(path.join(REPO_ROOT, 'index.d.ts'))
})

test('consumer.ts compiles against @twilio-native/webhooks', () => {
  expect(results.consumerOurs.output).toBe('')
  expect(results.consumerOurs.code).toBe(0)
})

test("consumer.ts compiles against twilio's own webhooks declarations", () => {
  expect(results.consumerTwilio.output).toBe('')
  expect(results.consumerTwilio.code).toBe(0)
})

;(usingTwilioAsOurs ? test.skip : test)('ESM consumer resolves the package through its exports map and compiles', () => {
  expect(results.esm.output).toBe('')
  expect(results.esm.code).toBe(0)
})

describe.each([
  ['ours', 'negativeOurs', 'negative.ts'],
  ['twilio', 'negativeTwilio', 'negative-twilio.ts'],
])('negative.ts against %s', (label, key, file) => {
  test('fails to compile, on every marked line and only there', () => {
    const r = results[key]
    expect(r.code).not.toBe(0)
    const diags = diagnostics(r.output)
    // The failure must be a type error in the test file, not a setup problem.
    expect(diags.filter((d) => d.file !== file)).toEqual([])
    expect(diags.map((d) => d.code)).not.toContain('TS2307') // cannot find module
    expect(diags.every((d) => /^TS2\d{3}$/.test(d.code))).toBe(true)
    const lines = [...new Set(diags.map((d) => d.line))].sort((a, b) => a - b)
    expect(lines).toEqual(markedLines(results.negativeSource))
  })
})

test('harness self-check: diagnostics parser', () => {
  const d = diagnostics('__test__/types/negative.ts(5,1): error TS2554: Expected 4-5 arguments, but got 1.\nother')
  expect(d).toEqual([{ file: 'negative.ts', line: 5, code: 'TS2554', text: 'Expected 4-5 arguments, but got 1.' }])
  expect(markedLines('a\nb // expect-error\nc')).toEqual([2])
})
