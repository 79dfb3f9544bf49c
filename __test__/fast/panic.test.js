'use strict'

// A Rust panic inside an export becomes a JavaScript Error (napi-rs catch_unwind) and the
// process carries on. The panic is triggered in a child process, so a regression (an
// abort) shows up as a failed test with the child's exit status instead of killing jest.

const path = require('path')
const { spawnSync } = require('child_process')

const child = `
'use strict'
const binding = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'load-binding.js'))})
const webhooks = require(${JSON.stringify(path.join(__dirname, '..', '..'))})
const report = {}
try {
  binding.__panicForTest()
  report.threw = false
} catch (error) {
  report.threw = true
  report.isError = error instanceof Error
  report.name = error && error.name
  report.message = String(error && error.message)
  report.code = error && error.code
}
// Twice, to show the guard is not a one-shot.
try { binding.__panicForTest() } catch (error) { report.secondIsError = error instanceof Error }
report.stillWorks = webhooks.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
  CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212',
})
console.log(JSON.stringify(report))
`

test('__panicForTest() throws a JavaScript Error and the process lives on', () => {
  const result = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8', timeout: 60000 })
  const last = (result.stdout || '').trim().split('\n').pop()
  expect({ status: result.status, signal: result.signal, stderr: result.status === 0 ? '' : result.stderr }).toEqual({
    status: 0,
    signal: null,
    stderr: '',
  })
  const report = JSON.parse(last)
  expect(report.threw).toBe(true)
  expect(report.isError).toBe(true)
  expect(report.message).toMatch(/panic/i)
  expect(report.secondIsError).toBe(true)
  expect(report.stillWorks).toBe(true)
})
