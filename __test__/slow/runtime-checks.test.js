'use strict'

// scripts/runtimes/checks.cjs is what `npm run test:runtimes` runs under Bun and Deno (no jest
// there). It must find differences when there are some, and none against the real package.

const path = require('path')
const { run, report, mappedAddons } = require('../../scripts/runtimes/checks.cjs')
const { ours, twilio } = require('../helpers/compare')

function quiet(fn) {
  const log = console.log
  console.log = () => {}
  try {
    return fn()
  } finally {
    console.log = log
  }
}

test('the package agrees with twilio on every check', () => {
  const r = run({ ours, twilio, n: 100 })
  expect(r.problems).toEqual([])
  expect(r.vectorCount).toBe(48)
  expect(r.counts.urlParity).toBeGreaterThan(1500)
  expect(r.counts.generated).toBe(500)
  expect(quiet(() => report('node', r))).toBe(0)
})

test('a wrong answer in one URL part, or one wrong body hash, is reported', () => {
  const caret = {
    ...ours,
    validateRequest: (...a) => (String(a[2]).includes('#f^g') ? !ours.validateRequest(...a) : ours.validateRequest(...a)),
  }
  const r1 = run({ ours: caret, twilio, n: 10 })
  expect(r1.differences).toBeGreaterThan(0)
  expect(r1.problems[0]).toMatch(/^urlParity validateRequest/)
  expect(quiet(() => report('node', r1))).toBe(1)
  const hash = { ...ours, getExpectedBodyHash: (b) => ours.getExpectedBodyHash(b).replace(/^./, (c) => (c === '0' ? '1' : '0')) }
  const r2 = run({ ours: hash, twilio, n: 20 })
  expect(r2.problems.some((p) => /^generated getExpectedBodyHash/.test(p))).toBe(true)
})

test('the loaded addon is found in the process', () => {
  const found = mappedAddons(require.cache).map((f) => path.basename(f))
  expect(found.filter((f) => /^webhooks\..+\.node$/.test(f))).toHaveLength(1)
})
