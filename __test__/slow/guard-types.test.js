'use strict'
// TypeScript declarations of the guard's options and failure object: a consumer using
// every option compiles (strict, node16), and misuses fail on exactly the marked lines.

const fs = require('fs')
const path = require('path')
const { tsc, errorLines, STRICT_NODE16 } = require('../helpers/tsc')

const TYPES_DIR = path.join(__dirname, '..', 'types')

const compilerOptions = {
  ...STRICT_NODE16,
  paths: { '@twilio-native/webhooks': ['../../../index.d.ts'] },
}

let tmp
let positive
let negative
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(TYPES_DIR, `.tmp-guard-${process.pid}-`))
  for (const name of ['guard-consumer', 'guard-negative']) {
    fs.writeFileSync(path.join(tmp, `${name}.json`), JSON.stringify({ compilerOptions, files: [`../${name}.ts`] }))
  }
  ;[positive, negative] = await Promise.all([
    tsc(path.join(tmp, 'guard-consumer.json')),
    tsc(path.join(tmp, 'guard-negative.json')),
  ])
}, 240000)
afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }))

test('a consumer using every guard option compiles', () => {
  expect(positive.output).toBe('')
  expect(positive.code).toBe(0)
})

test('misused guard options fail to compile on exactly the marked lines', () => {
  const { marked, failed } = errorLines(path.join(TYPES_DIR, 'guard-negative.ts'), negative.output)
  expect(failed).toEqual(marked)
})
