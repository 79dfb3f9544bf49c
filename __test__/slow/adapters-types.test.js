'use strict'
// TypeScript declarations of the adapters, resolved through the package's own "exports"
// map (nodenext): a consumer using each adapter as the README does compiles, and misuses
// fail on exactly the marked lines.

const path = require('path')
const { tsc, errorLines } = require('../helpers/tsc')

const TYPES_DIR = path.join(__dirname, '..', 'types')

let positive
let negative
beforeAll(async () => {
  ;[positive, negative] = await Promise.all([
    tsc(path.join(TYPES_DIR, 'tsconfig.adapters.json')),
    tsc(path.join(TYPES_DIR, 'tsconfig.adapters-negative.json')),
  ])
}, 240000)

test('a consumer of every adapter compiles', () => {
  expect(positive.output).toBe('')
  expect(positive.code).toBe(0)
})

test('misused adapters fail to compile on exactly the marked lines', () => {
  const { marked, failed } = errorLines(path.join(TYPES_DIR, 'adapters-negative.mts'), negative.output)
  expect(failed).toEqual(marked)
})
