'use strict'

// Node's WHATWG URL serialisation differs between releases (Node 24 percent-encodes `^` in a
// path, Node 20 and 22 keep it), and twilio signs whatever its Node serialises. Instead of
// trusting the load-time probe (lib/node-url-parity.js), this puts every ASCII character into
// every part of a URL and compares validateRequest / getExpectedTwilioSignature with
// twilio@6.3.1 running in this same process, under whichever Node runs jest
// (`npm run test:runtimes` runs it under Node 20, 22, 24 and 26).

const { twilio, runFixed, callExport } = require('../helpers/compare')
const { urlsWithCharacter } = require('../helpers/gen/urls')

const TOKEN = '12345'
const PARAMS = { CallSid: 'CA1234567890ABCDE', Digits: '1234' }

function nodeHref(url) {
  try {
    return new URL(url).href
  } catch {
    return null
  }
}

const URLS = []
for (let code = 0; code < 128; code++) URLS.push(...urlsWithCharacter(String.fromCharCode(code)))

describe(`URL serialisation parity with twilio under Node ${process.version}`, () => {
  test('getExpectedTwilioSignature: every ASCII character in every URL part', () => {
    const { total } = runFixed({
      label: 'url-parity/signature',
      cases: URLS.map((url) => [TOKEN, url, { ...PARAMS }]),
      call: callExport('getExpectedTwilioSignature'),
      callName: 'getExpectedTwilioSignature',
    })
    expect(total).toBe(128 * 6)
  })

  test("validateRequest: signatures over the URL as written, over Node's href, and a wrong one", () => {
    const cases = []
    let rewritten = 0
    for (const url of URLS) {
      const href = nodeHref(url)
      const forms = [url]
      if (href !== null && href !== url) {
        forms.push(href)
        rewritten++
      }
      for (const form of forms) {
        let signature
        try {
          signature = twilio.getExpectedTwilioSignature(TOKEN, form, PARAMS)
        } catch {
          continue
        }
        cases.push([TOKEN, signature, url, { ...PARAMS }])
      }
      cases.push([TOKEN, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', url, { ...PARAMS }])
    }
    const { stats } = runFixed({
      label: 'url-parity/validate',
      cases,
      call: callExport('validateRequest'),
      callName: 'validateRequest',
    })
    // The comparison means something only if both outcomes occur, and if Node rewrites some URLs.
    expect(stats.true || 0).toBeGreaterThan(URLS.length / 2)
    expect(stats.false || 0).toBeGreaterThan(URLS.length / 2)
    expect(rewritten).toBeGreaterThan(100)
  })
})
