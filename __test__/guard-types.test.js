'use strict';
// TypeScript declarations of the guard's options and failure object: a consumer using
// every option compiles (strict, node16), and misuses fail on exactly the marked lines.

const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const TYPES_DIR = path.join(__dirname, 'types');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const compilerOptions = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  esModuleInterop: true,
  types: ['node'],
  paths: { '@twilio-native/webhooks': ['../../../index.d.ts'] },
};

function tsc(project) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, output: String(stdout) + String(stderr) });
    });
  });
}

let tmp;
let positive;
let negative;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(TYPES_DIR, `.tmp-guard-${process.pid}-`));
  for (const name of ['guard-consumer', 'guard-negative']) {
    fs.writeFileSync(path.join(tmp, `${name}.json`), JSON.stringify({ compilerOptions, files: [`../${name}.ts`] }));
  }
  [positive, negative] = await Promise.all([tsc(path.join(tmp, 'guard-consumer.json')), tsc(path.join(tmp, 'guard-negative.json'))]);
}, 240000);
afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

test('a consumer using every guard option compiles', () => {
  expect(positive.output).toBe('');
  expect(positive.code).toBe(0);
});

test('misused guard options fail to compile on exactly the marked lines', () => {
  const source = fs.readFileSync(path.join(TYPES_DIR, 'guard-negative.ts'), 'utf8');
  const marked = source
    .split('\n')
    .map((l, i) => (l.includes('// expect-error') ? i + 1 : 0))
    .filter(Boolean);
  const lines = [...new Set([...negative.output.matchAll(/guard-negative\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
  expect(lines.sort((a, b) => a - b)).toEqual(marked);
});
