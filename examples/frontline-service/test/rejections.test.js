'use strict'

// Requests that must not reach the handlers: no signature (400), a forged or
// stale signature (403), anything changed after signing (403). Plus the
// PUBLIC_BASE_URL mode, where the signed URL is the public one.

const crypto = require('node:crypto')
const { IMPLS, TOKEN, ROUTES, startApp } = require('./helpers')
const { createFakeTwilio } = require('../support/fake-twilio')

const REJECTED = 'Twilio Request Validation Failed.'

const FORM_CALLBACKS = [
  [
    'CRM',
    ROUTES.crm,
    { Location: 'GetCustomerDetailsByCustomerId', CustomerId: 'cust-1001', Worker: 'jordan.reyes@example.com' },
  ],
  [
    'outgoing conversation',
    ROUTES.outgoingConversation,
    {
      Location: 'GetProxyAddress',
      Worker: 'jordan.reyes@example.com',
      CustomerId: 'cust-1001',
      ChannelType: 'sms',
      ChannelValue: '+15550100101',
    },
  ],
  [
    'templates',
    ROUTES.templates,
    { Location: 'GetTemplatesByCustomerId', Worker: 'jordan.reyes@example.com', CustomerId: 'cust-1001' },
  ],
  [
    'routing',
    ROUTES.routing,
    { ConversationSid: 'CH00000000000000000000000000000020', 'MessagingBinding.Address': '+15550100104' },
  ],
]

function forgedSignature() {
  return crypto.createHmac('sha1', 'some-other-token').update('whatever').digest('base64')
}

describe.each(IMPLS)('rejections, webhooks=%s', (impl) => {
  let ctx
  beforeAll(async () => {
    ctx = await startApp(impl)
  })
  afterAll(async () => {
    await ctx.close()
  })
  beforeEach(() => {
    ctx.assigned.length = 0
  })

  describe.each(FORM_CALLBACKS)('%s callback', (_name, route, params) => {
    test('without X-Twilio-Signature: 400', async () => {
      const res = await ctx.twilio.postForm(ctx.base + route, params, { signature: null })
      expect(res.status).toBe(400)
      expect(res.text).toMatch(/X-Twilio-Signature/)
      expect(res.json).toBeUndefined()
    })

    test('with a forged signature: 403', async () => {
      const res = await ctx.twilio.postForm(ctx.base + route, params, { signature: forgedSignature() })
      expect(res.status).toBe(403)
      expect(res.text).toBe(REJECTED)
    })

    test('with a signature made with another auth token: 403', async () => {
      const other = createFakeTwilio(ctx.webhooks, 'ffffffffffffffffffffffffffffffff')
      const res = await ctx.twilio.postForm(ctx.base + route, params, {
        signature: other.sign(ctx.base + route, params),
      })
      expect(res.status).toBe(403)
    })

    test('with a parameter changed after signing: 403', async () => {
      const [key] = Object.keys(params)
      const res = await ctx.twilio.postForm(ctx.base + route, { ...params, [key]: `${params[key]}x` }, { signedParams: params })
      expect(res.status).toBe(403)
      expect(res.text).toBe(REJECTED)
    })

    test('with a parameter added after signing: 403', async () => {
      const res = await ctx.twilio.postForm(ctx.base + route, { ...params, Extra: '1' }, { signedParams: params })
      expect(res.status).toBe(403)
    })

    test('with a parameter removed after signing: 403', async () => {
      const [first, ...rest] = Object.keys(params)
      const fewer = Object.fromEntries(rest.map((k) => [k, params[k]]))
      expect(first).toBeDefined()
      const res = await ctx.twilio.postForm(ctx.base + route, fewer, { signedParams: params })
      expect(res.status).toBe(403)
    })

    test('with a valid signature for another callback URL: 403', async () => {
      const elsewhere = route === ROUTES.crm ? ROUTES.templates : ROUTES.crm
      const res = await ctx.twilio.postForm(ctx.base + route, params, { signedUrl: ctx.base + elsewhere })
      expect(res.status).toBe(403)
    })
  })

  test('an empty X-Twilio-Signature header counts as missing: 400', async () => {
    const [, route, params] = FORM_CALLBACKS[0]
    const res = await ctx.twilio.postForm(ctx.base + route, params, { signature: '' })
    expect(res.status).toBe(400)
  })

  test('a rejected routing callback assigns nobody', async () => {
    const [, route, params] = FORM_CALLBACKS[3]
    await ctx.twilio.postForm(ctx.base + route, params, { signature: forgedSignature() })
    await ctx.twilio.postForm(ctx.base + route, params, { signature: null })
    expect(ctx.assigned).toEqual([])
  })

  describe('JSON webhook (bodySHA256)', () => {
    const payload = [{ type: 'com.example.one' }]

    test('without X-Twilio-Signature: 400', async () => {
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, payload, { signature: null })
      expect(res.status).toBe(400)
    })

    test('with a forged signature: 403', async () => {
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, payload, { signature: forgedSignature() })
      expect(res.status).toBe(403)
    })

    test('with the body changed after signing: 403', async () => {
      const original = JSON.stringify(payload)
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, null, {
        bodyText: JSON.stringify([{ type: 'com.example.evil' }]),
        hashedBody: original,
      })
      expect(res.status).toBe(403)
    })

    test('with whitespace added to the body after signing: 403', async () => {
      const original = JSON.stringify(payload)
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, null, {
        bodyText: `${original} `,
        hashedBody: original,
      })
      expect(res.status).toBe(403)
    })

    test('with a bodySHA256 that is not in the signed URL: 403', async () => {
      const body = JSON.stringify(payload)
      const url = ctx.twilio.addBodyHash(ctx.base + ROUTES.events, body)
      const signature = ctx.twilio.sign(ctx.base + ROUTES.events, {})
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
        body,
      })
      expect(res.status).toBe(403)
    })
  })
})

describe.each(IMPLS)('behind a proxy (PUBLIC_BASE_URL), webhooks=%s', (impl) => {
  const params = { Location: 'GetCustomerDetailsByCustomerId', CustomerId: 'cust-1001', Worker: 'jordan.reyes@example.com' }

  describe('public origin', () => {
    const PUBLIC = 'https://frontline.example.test'
    let ctx
    beforeAll(async () => {
      ctx = await startApp(impl, { publicBaseUrl: `${PUBLIC}/` })
    })
    afterAll(async () => {
      await ctx.close()
    })

    test('a signature over the public URL is accepted', async () => {
      const res = await ctx.twilio.postForm(ctx.base + ROUTES.crm, params, { signedUrl: PUBLIC + ROUTES.crm })
      expect(res.status).toBe(200)
      expect(res.json.objects.customer.customer_id).toBe('cust-1001')
    })

    test('a signature over the local URL is refused', async () => {
      const res = await ctx.twilio.postForm(ctx.base + ROUTES.crm, params)
      expect(res.status).toBe(403)
    })

    test('the query string Twilio called is part of the signed URL', async () => {
      const res = await ctx.twilio.postForm(`${ctx.base}${ROUTES.crm}?tenant=acme`, params, {
        signedUrl: `${PUBLIC}${ROUTES.crm}?tenant=acme`,
      })
      expect(res.status).toBe(200)
      const dropped = await ctx.twilio.postForm(`${ctx.base}${ROUTES.crm}?tenant=acme`, params, {
        signedUrl: PUBLIC + ROUTES.crm,
      })
      expect(dropped.status).toBe(403)
    })

    test('each callback path is validated against its own public URL', async () => {
      const res = await ctx.twilio.postForm(
        ctx.base + ROUTES.templates,
        {
          Location: 'GetTemplatesByCustomerId',
          Worker: 'jordan.reyes@example.com',
          CustomerId: 'cust-1001',
        },
        { signedUrl: PUBLIC + ROUTES.templates },
      )
      expect(res.status).toBe(200)
      const crossed = await ctx.twilio.postForm(ctx.base + ROUTES.templates, params, { signedUrl: PUBLIC + ROUTES.crm })
      expect(crossed.status).toBe(403)
    })

    test('a JSON webhook is validated against the public URL with bodySHA256', async () => {
      const res = await ctx.twilio.postJson(
        ctx.base + ROUTES.events,
        { type: 'com.example.proxied' },
        {
          signedUrl: PUBLIC + ROUTES.events,
        },
      )
      expect(res.status).toBe(200)
      expect(res.json.types).toEqual(['com.example.proxied'])
    })
  })

  describe('public origin with a path prefix the proxy strips', () => {
    const PUBLIC = 'https://gateway.example.test/frontline'
    let ctx
    beforeAll(async () => {
      ctx = await startApp(impl, { publicBaseUrl: PUBLIC })
    })
    afterAll(async () => {
      await ctx.close()
    })

    test('the prefix is part of the signed URL', async () => {
      const res = await ctx.twilio.postForm(ctx.base + ROUTES.crm, params, { signedUrl: PUBLIC + ROUTES.crm })
      expect(res.status).toBe(200)
      const withoutPrefix = await ctx.twilio.postForm(ctx.base + ROUTES.crm, params, {
        signedUrl: `https://gateway.example.test${ROUTES.crm}`,
      })
      expect(withoutPrefix.status).toBe(403)
    })
  })
})

test('the signatures used here are the ones Twilio documents (HMAC-SHA1 over URL + sorted params)', () => {
  // Independent of both implementations: recompute by hand.
  const url = 'https://frontline.example.test/callbacks/crm'
  const params = { Worker: 'w@example.com', Location: 'GetCustomersList', PageSize: '30' }
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join('')
  const expected = crypto.createHmac('sha1', TOKEN).update(Buffer.from(data, 'utf8')).digest('base64')
  for (const impl of IMPLS) {
    const webhooks = require(impl)
    expect(webhooks.getExpectedTwilioSignature(TOKEN, url, params)).toBe(expected)
  }
})
