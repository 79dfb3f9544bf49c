'use strict'

// Node's querystring.parse changed in Node 26: up to Node 24 a key with two escapes made the
// scanner decode its value too (`%41%41=é%` -> U+FFFD `%`), Node 26 leaves the value alone.
// validateRawRequest must sign what the running Node's querystring.parse gives, as twilio
// does when it is handed that parse (`npm run test:runtimes` runs this under Node 20 to 26).

const querystring = require('querystring')
const { ours, twilio } = require('../helpers/compare')

const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const TOKEN = '12345'
const KEYS = ['%41%41', '%C3%A9', 'a%41%41', '%41a%41', '%41%42%43', '%41', '%41%4', '%41+%41', '%41%41&b']
const VALUES = ['\u00e9%', '\u00e9%zz', '\u00ff%', '\u0080%', 'x%', '\ud83d\ude00%', '\u00e9', '%zz']

describe(`form bodies parsed as querystring.parse does under Node ${process.version}`, () => {
  const cases = []
  for (const key of KEYS) for (const value of VALUES) cases.push(`${key}=${value}`)
  cases.push('%41%41=x&c=\u00e9%zz', 'b=%41%41&c=\u00e9%')

  test.each(cases)('%j', (body) => {
    const params = querystring.parse(body)
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_, params)
    expect(twilio.validateRequest(TOKEN, signature, URL_, params)).toBe(true)
    expect(ours.validateRawRequest(TOKEN, signature, URL_, body)).toBe(true)
    expect(ours.validateRawRequest(TOKEN, signature, URL_, Buffer.from(body))).toBe(true)
  })
})
