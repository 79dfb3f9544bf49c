'use strict'
// The TypeScript compiler from node_modules, for the declaration tests: compile a project,
// and compare the lines a negative file fails on with the ones it marks "// expect-error".

const fs = require('fs')
const path = require('path')
const { execFile } = require('child_process')

const ROOT = path.resolve(__dirname, '..', '..')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/** What every declaration test compiles with: what a strict Node 16+ consumer uses. */
const STRICT_NODE16 = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  esModuleInterop: true,
  types: ['node'],
}

function tsc(project, extraArgs = []) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSC, '-p', project, '--pretty', 'false', ...extraArgs],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? err.code : 0, output: String(stdout) + String(stderr) })
      },
    )
  })
}

/** The line numbers of `source` marked "// expect-error". */
function markedLines(source) {
  return source
    .split('\n')
    .map((l, i) => (l.includes('// expect-error') ? i + 1 : 0))
    .filter(Boolean)
}

/** `{ marked, failed }`: the marked line numbers of `file`, and those tsc reported errors on. */
function errorLines(file, output) {
  const marked = markedLines(fs.readFileSync(file, 'utf8'))
  const name = path.basename(file).replace(/\./g, '\\.')
  const failed = [...new Set([...output.matchAll(new RegExp(`${name}\\((\\d+),\\d+\\): error`, 'g'))].map((m) => Number(m[1])))]
  return { marked, failed: failed.sort((a, b) => a - b) }
}

module.exports = { tsc, errorLines, markedLines, STRICT_NODE16, ROOT }
