'use strict';
// TypeScript declarations of the adapters, resolved through the package's own "exports"
// map (nodenext): a consumer using each adapter as the README does compiles, and misuses
// fail on exactly the marked lines.

const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const TYPES_DIR = path.join(__dirname, 'types');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function tsc(project) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, output: String(stdout) + String(stderr) });
    });
  });
}

let positive;
let negative;
beforeAll(async () => {
  [positive, negative] = await Promise.all([
    tsc(path.join(TYPES_DIR, 'tsconfig.adapters.json')),
    tsc(path.join(TYPES_DIR, 'tsconfig.adapters-negative.json')),
  ]);
}, 240000);

test('a consumer of every adapter compiles', () => {
  expect(positive.output).toBe('');
  expect(positive.code).toBe(0);
});

test('misused adapters fail to compile on exactly the marked lines', () => {
  const source = fs.readFileSync(path.join(TYPES_DIR, 'adapters-negative.mts'), 'utf8');
  const marked = source
    .split('\n')
    .map((l, i) => (l.includes('// expect-error') ? i + 1 : 0))
    .filter(Boolean);
  const lines = [...new Set([...negative.output.matchAll(/adapters-negative\.mts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
  expect(lines.sort((a, b) => a - b)).toEqual(marked);
});
