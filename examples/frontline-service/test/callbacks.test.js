'use strict'

// Every Frontline callback, correctly signed, over real HTTP.

const { IMPLS, PROXY_SMS, PROXY_WHATSAPP, ROUTES, startApp } = require('./helpers')

const JORDAN = 'jordan.reyes@example.com'
const PRIYA = 'priya.natarajan@example.com'

describe.each(IMPLS)('callbacks with valid signatures, webhooks=%s', (impl) => {
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

  const crm = (params) => ctx.twilio.postForm(ctx.base + ROUTES.crm, params)

  describe('CRM callback', () => {
    test('GetCustomerDetailsByCustomerId answers the customer object', async () => {
      const res = await crm({ Location: 'GetCustomerDetailsByCustomerId', CustomerId: 'cust-1001', Worker: JORDAN })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect(res.json).toEqual({
        objects: {
          customer: {
            customer_id: 'cust-1001',
            display_name: 'Amara Okafor',
            channels: [
              { type: 'sms', value: '+15550100101' },
              { type: 'whatsapp', value: 'whatsapp:+15550100101' },
            ],
            details: {
              title: 'Account summary',
              content: 'Plan: Business Plus\nCustomer since: 2019\nOpen ticket: invoice address change',
            },
            links: [{ type: 'CRM', value: 'https://crm.example.com/accounts/cust-1001', display_name: 'Account in CRM' }],
            avatar: 'https://avatars.example.com/cust-1001.png',
            worker: JORDAN,
          },
        },
      })
    })

    test('parameters with characters that need escaping pass validation', async () => {
      // Apostrophe, space and ampersand in a value: the signature still matches,
      // and the (non-existent) customer id reaches the handler intact.
      const res = await crm({ Location: 'GetCustomerDetailsByCustomerId', CustomerId: "cust-'1007 & co", Worker: JORDAN })
      expect(res.status).toBe(404)
      expect(res.json.message).toContain("cust-'1007 & co")
    })

    test('GetCustomerDetailsByCustomerId for an unknown customer is 404 with a JSON error', async () => {
      const res = await crm({ Location: 'GetCustomerDetailsByCustomerId', CustomerId: 'cust-9999', Worker: JORDAN })
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ error: 'customer_not_found', message: expect.stringContaining('cust-9999') })
    })

    test('GetCustomerDetailsByCustomerId without CustomerId is 422', async () => {
      const res = await crm({ Location: 'GetCustomerDetailsByCustomerId', Worker: JORDAN })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('missing_parameter')
    })

    test("GetCustomersList answers the worker's customers, searchable, in pages", async () => {
      const first = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '3' })
      expect(first.status).toBe(200)
      expect(first.json.objects.searchable).toBe(true)
      expect(first.json.objects.customers).toEqual([
        { customer_id: 'cust-1001', display_name: 'Amara Okafor', avatar: 'https://avatars.example.com/cust-1001.png' },
        { customer_id: 'cust-1002', display_name: 'Benedikt Hauser', avatar: 'https://avatars.example.com/cust-1002.png' },
        { customer_id: 'cust-1003', display_name: 'Chiara Benedetti', avatar: 'https://avatars.example.com/cust-1003.png' },
      ])
      const token = first.json.objects.next_page_token
      expect(typeof token).toBe('string')

      const second = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '3', NextPageToken: token })
      expect(second.status).toBe(200)
      expect(second.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1007'])
      expect(second.json.objects).not.toHaveProperty('next_page_token')
      expect(second.json.objects.searchable).toBe(true)
    })

    test('GetCustomersList only lists customers the worker owns', async () => {
      const res = await crm({ Location: 'GetCustomersList', Worker: PRIYA, PageSize: '30' })
      expect(res.status).toBe(200)
      expect(res.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1004', 'cust-1005'])
      expect(res.json.objects).not.toHaveProperty('next_page_token')
    })

    test('GetCustomersList accepts the legacy Anchor (last customer_id of the previous page)', async () => {
      const res = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '2', Anchor: 'cust-1002' })
      expect(res.status).toBe(200)
      expect(res.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1003', 'cust-1007'])
    })

    test('GetCustomersList with Query searches names and addresses, with paging', async () => {
      const byName = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '10', Query: 'bene' })
      expect(byName.status).toBe(200)
      expect(byName.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1002', 'cust-1003'])
      expect(byName.json.objects.searchable).toBe(true)

      const paged = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '1', Query: 'bene' })
      expect(paged.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1002'])
      const next = await crm({
        Location: 'GetCustomersList',
        Worker: JORDAN,
        PageSize: '1',
        Query: 'bene',
        NextPageToken: paged.json.objects.next_page_token,
      })
      expect(next.json.objects.customers.map((c) => c.customer_id)).toEqual(['cust-1003'])
      expect(next.json.objects).not.toHaveProperty('next_page_token')

      const byNumber = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '10', Query: '0100107' })
      expect(byNumber.json.objects.customers.map((c) => c.display_name)).toEqual(["Grace O'Sullivan"])

      const otherWorkers = await crm({ Location: 'GetCustomersList', Worker: JORDAN, PageSize: '10', Query: 'Volkov' })
      expect(otherWorkers.json.objects.customers).toEqual([])
    })

    test('GetCustomersList without Worker is 422', async () => {
      const res = await crm({ Location: 'GetCustomersList', PageSize: '10' })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('missing_parameter')
    })

    test('an unknown Location is 422 with a JSON error', async () => {
      const res = await crm({ Location: 'GetCustomerOrders', CustomerId: 'cust-1001', Worker: JORDAN })
      expect(res.status).toBe(422)
      expect(res.json).toEqual({ error: 'unknown_location', message: expect.stringContaining('GetCustomerOrders') })
    })

    test('no Location at all is 422', async () => {
      const res = await crm({ CustomerId: 'cust-1001', Worker: JORDAN })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('unknown_location')
    })
  })

  describe('outgoing conversation callback', () => {
    const proxy = (params) =>
      ctx.twilio.postForm(ctx.base + ROUTES.outgoingConversation, {
        Location: 'GetProxyAddress',
        Worker: JORDAN,
        CustomerId: 'cust-1001',
        ...params,
      })

    test('GetProxyAddress for sms answers the SMS number', async () => {
      const res = await proxy({ ChannelType: 'sms', ChannelValue: '+15550100101' })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ proxy_address: PROXY_SMS })
    })

    test('GetProxyAddress for whatsapp answers the whatsapp: address', async () => {
      const res = await proxy({ ChannelType: 'whatsapp', ChannelValue: 'whatsapp:+15550100101' })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ proxy_address: `whatsapp:${PROXY_WHATSAPP}` })
    })

    test('a channel without a configured proxy address is 422', async () => {
      const res = await proxy({ ChannelType: 'chat', ChannelValue: 'someone' })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('no_proxy_address')
    })

    test('an unknown Location is 422', async () => {
      const res = await proxy({ Location: 'GetSomethingElse', ChannelType: 'sms', ChannelValue: '+15550100101' })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('unknown_location')
    })
  })

  describe('templates callback', () => {
    const templates = (params) =>
      ctx.twilio.postForm(ctx.base + ROUTES.templates, {
        Location: 'GetTemplatesByCustomerId',
        Worker: JORDAN,
        ConversationSid: 'CH0123',
        ...params,
      })

    test("GetTemplatesByCustomerId answers categories with the customer's and worker's names filled in", async () => {
      const res = await templates({ CustomerId: 'cust-1002' })
      expect(res.status).toBe(200)
      expect(Array.isArray(res.json)).toBe(true)
      expect(res.json.length).toBeGreaterThan(0)
      for (const category of res.json) {
        expect(typeof category.display_name).toBe('string')
        expect(category.templates.length).toBeGreaterThan(0)
        for (const t of category.templates) {
          expect(Object.keys(t).sort()).toEqual(['content', 'whatsAppApproved'])
          expect(typeof t.whatsAppApproved).toBe('boolean')
          expect(t.content).not.toMatch(/\{\{|\}\}/)
        }
      }
      const all = res.json.flatMap((c) => c.templates)
      expect(all.some((t) => t.content.includes('Benedikt Hauser'))).toBe(true)
      expect(all.some((t) => t.content.includes('Jordan Reyes'))).toBe(true)
      expect(all.some((t) => t.whatsAppApproved)).toBe(true)
    })

    test('an unknown customer is 404', async () => {
      const res = await templates({ CustomerId: 'cust-9999' })
      expect(res.status).toBe(404)
      expect(res.json.error).toBe('customer_not_found')
    })

    test('an unknown Location is 422', async () => {
      const res = await templates({ Location: 'GetTemplates', CustomerId: 'cust-1002' })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('unknown_location')
    })
  })

  describe('conversations routing callback', () => {
    const route = (params) =>
      ctx.twilio.postForm(ctx.base + ROUTES.routing, {
        ConversationSid: 'CH00000000000000000000000000000010',
        'MessagingBinding.ProxyAddress': PROXY_SMS,
        ...params,
      })

    test('routes an SMS conversation to the worker who owns the customer', async () => {
      const res = await route({ 'MessagingBinding.Address': '+15550100104' })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({
        conversation_sid: 'CH00000000000000000000000000000010',
        routed: true,
        worker: PRIYA,
        customer_id: 'cust-1004',
      })
      expect(ctx.assigned).toHaveLength(1)
      expect(ctx.assigned[0]).toMatchObject({
        conversationSid: 'CH00000000000000000000000000000010',
        worker: PRIYA,
        address: '+15550100104',
      })
      expect(ctx.assigned[0].customer.customer_id).toBe('cust-1004')
    })

    test('matches a WhatsApp address to the same customer', async () => {
      const res = await route({ 'MessagingBinding.Address': 'whatsapp:+15550100106' })
      expect(res.status).toBe(200)
      expect(res.json.worker).toBe('tomas.lindqvist@example.com')
      expect(res.json.customer_id).toBe('cust-1006')
    })

    test('an unknown sender without a default worker is left unassigned (still 200)', async () => {
      const res = await route({ 'MessagingBinding.Address': '+15550199999' })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ routed: false, worker: null, customer_id: null })
      expect(ctx.assigned).toHaveLength(0)
    })

    test('without ConversationSid it is 422', async () => {
      const res = await ctx.twilio.postForm(ctx.base + ROUTES.routing, { 'MessagingBinding.Address': '+15550100104' })
      expect(res.status).toBe(422)
      expect(res.json.error).toBe('missing_parameter')
    })
  })

  describe('JSON webhook signed with bodySHA256', () => {
    test('is accepted and parsed', async () => {
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, [
        { type: 'com.example.one', data: { text: 'Grüße ☕ "x" & y' } },
        { type: 'com.example.two' },
      ])
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ received: 2, types: ['com.example.one', 'com.example.two'] })
    })

    test('a single event object is accepted too', async () => {
      const res = await ctx.twilio.postJson(ctx.base + ROUTES.events, { type: 'com.example.single' })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ received: 1, types: ['com.example.single'] })
    })
  })

  test('unknown paths are 404 JSON, and the health check needs no signature', async () => {
    const missing = await fetch(`${ctx.base}/callbacks/nope`, { method: 'POST' })
    expect(missing.status).toBe(404)
    expect((await missing.json()).error).toBe('not_found')
    const health = await fetch(ctx.base + ROUTES.health)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
  })
})

describe.each(IMPLS)('routing with a default worker, webhooks=%s', (impl) => {
  let ctx
  beforeAll(async () => {
    ctx = await startApp(impl, { defaultWorker: 'duty.desk@example.com' })
  })
  afterAll(async () => {
    await ctx.close()
  })

  test('an unknown sender goes to the default worker', async () => {
    const res = await ctx.twilio.postForm(ctx.base + ROUTES.routing, {
      ConversationSid: 'CH00000000000000000000000000000011',
      'MessagingBinding.Address': '+15550199999',
    })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      conversation_sid: 'CH00000000000000000000000000000011',
      routed: true,
      worker: 'duty.desk@example.com',
      customer_id: null,
    })
    expect(ctx.assigned.map((a) => a.worker)).toEqual(['duty.desk@example.com'])
  })

  test('a known sender still goes to the owner', async () => {
    const res = await ctx.twilio.postForm(ctx.base + ROUTES.routing, {
      ConversationSid: 'CH00000000000000000000000000000012',
      'MessagingBinding.Address': '+15550100101',
    })
    expect(res.json.worker).toBe(JORDAN)
  })
})
