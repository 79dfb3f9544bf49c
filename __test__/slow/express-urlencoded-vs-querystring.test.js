'use strict'

// Where Express 5's `express.urlencoded()` (body-parser 2.x, extended: false,
// built on `qs`) and Node's `querystring.parse` -- the parser validateRawRequest
// follows -- read the same raw form body differently, over real HTTP.
//
// For each body: the req.body Express hands to the route, querystring.parse of
// the raw body, and which of the two twilio.validateRequest accepts with the
// "genuine" signature: the one computed over querystring.parse's object, i.e.
// over the decoded parameters the sender signed.

const http = require('http')
const querystring = require('querystring')
const express = require('express')
const twilio = require('twilio/lib/webhooks/webhooks')
// querystring.parse with its arrays in twilio's realm (matters under jest only; see the helper)
const { parseForm } = require('../helpers/raw-request-oracle')

const TOKEN = '12345'
let server
let base

beforeAll(async () => {
  const app = express()
  app.post('/hook', express.urlencoded(), (req, res) => {
    const url = `${req.protocol}://${req.get('host')}${req.originalUrl}`
    res.json({
      entries: Object.entries(req.body),
      valid: twilio.validateRequest(TOKEN, req.get('x-twilio-signature'), url, req.body),
    })
  })
  app.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.message }))
  await new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', resolve)
  })
  base = `http://127.0.0.1:${server.address().port}`
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

// POST body as Twilio would, signed over querystring.parse(body).
function post(body) {
  const url = `${base}/hook`
  const signature = twilio.getExpectedTwilioSignature(TOKEN, url, parseForm(body))
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => {
          const json = JSON.parse(text)
          resolve({
            status: res.statusCode,
            error: json.error,
            body: json.entries && Object.fromEntries(json.entries),
            valid: json.valid,
          })
        })
      },
    )
    req.on('error', reject)
    req.end(Buffer.from(body, 'utf8'))
  })
}

function validWithQuerystring(body) {
  const url = `${base}/hook`
  const params = parseForm(body)
  return twilio.validateRequest(TOKEN, twilio.getExpectedTwilioSignature(TOKEN, url, params), url, params)
}

test('Twilio-like forms: Express and querystring agree', async () => {
  const bodies = [
    'ToCountry=US&SmsMessageSid=SM0123456789abcdef&NumMedia=0&Body=Hello+%F0%9F%98%80+caf%C3%A9+100%25+%26+%3D' +
      '&From=%2B14155550100&To=%2B14155550111&ApiVersion=2010-04-01',
    'a=1&a=2&a=1',
    'a=1&%61=2',
    Array(25).fill('a=1').join('&'),
    'a',
    'a=b=c',
    '&&a=1&&',
    'b=caf\u00e9',
    'b=%zz+1',
    'a[b]=1&a[]=2',
    'constructor=1&toString=2',
  ]
  for (const body of bodies) {
    const r = await post(body)
    expect([body, r.status, r.body, r.valid]).toEqual([body, 200, querystring.parse(body), true])
  }
})

// [body, Express 5 req.body (or the HTTP error), querystring.parse(body)]
const DIFFERENCES = [
  ['b=%41%zz', { b: '%41%zz' }, { b: 'A%zz' }],
  ['b=%%41', { b: '%%41' }, { b: '%A' }],
  ['b=\u00e9%41%zz', { b: '\u00e9%41%zz' }, { b: '\ufffdA%zz' }],
  ['b=%E9', { b: '%E9' }, { b: '\ufffd' }],
  ['b=%ED%A0%80', { b: '%ED%A0%80' }, { b: '\ufffd\ufffd\ufffd' }],
  ['b=%C0%80', { b: '%C0%80' }, { b: '\ufffd\ufffd' }],
  ['=x', {}, { '': 'x' }],
  ['a=1&==', { a: '1' }, { a: '1', '': '=' }],
  ['__proto__=x', {}, { ['__proto__']: 'x' }],
  ['[__proto__]=1', {}, { '[__proto__]': '1' }],
  ['x=a]=b', { 'x=a]': 'b' }, { x: 'a]=b' }],
  ['[a]=1', { a: '1' }, { '[a]': '1' }],
  ['%5Ba%5D=1', { a: '1' }, { '[a]': '1' }],
  ['a=1&[a]=2', { a: ['1', '2'] }, { a: '1', '[a]': '2' }],
  ['[]=1', { 0: '1' }, { '[]': '1' }],
  ['\ufeffa=1', { a: '1' }, { '\ufeffa': '1' }],
]

test.each(DIFFERENCES)(
  '%j: Express and querystring differ; the genuine signature validates only the querystring object',
  async (body, expressBody, querystringBody) => {
    const r = await post(body)
    expect(r.status).toBe(200)
    expect(r.body).toEqual(expressBody)
    expect(querystring.parse(body)).toEqual(querystringBody)
    expect(r.valid).toBe(false)
    expect(validWithQuerystring(body)).toBe(true)
  },
)

test('more than 1000 parameters: Express answers 413, querystring keeps the first 1000', async () => {
  const pairs = Array.from({ length: 1001 }, (_, i) => `k${i}=v`)
  const r = await post(pairs.join('&'))
  expect([r.status, r.error]).toEqual([413, 'too many parameters'])
  expect(querystring.parse(pairs.join('&'))).toEqual(querystring.parse(pairs.slice(0, 1000).join('&')))
  expect(validWithQuerystring(pairs.join('&'))).toBe(true)

  // body-parser counts every '&', empty pieces too
  const empties = '&'.repeat(1000) + 'a=1'
  const e = await post(empties)
  expect([e.status, e.error]).toEqual([413, 'too many parameters'])
  expect(querystring.parse(empties)).toEqual({})
  expect((await post('&'.repeat(999) + 'a=1')).body).toEqual({ a: '1' })
})
