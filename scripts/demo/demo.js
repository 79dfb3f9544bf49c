#!/usr/bin/env node
'use strict'

// npm run demo
//
// Starts the example Frontline integration service (examples/frontline-service)
// in this process on a free 127.0.0.1 port with a freshly generated auth token,
// then plays Twilio: sends each kind of Frontline callback, signed with that
// token, followed by requests that must be refused (forged signature,
// tampered parameter, missing header) and a JSON webhook signed with
// bodySHA256. Prints one row per request and exits 0 only when every answer
// is the expected one. The server is always shut down; the whole run is
// bounded by a watchdog.
//
// Before anything else it runs scripts/ensure-built.js (when present), which
// builds the native addon on a fresh clone; the watchdog starts after that.
//
// Options:
//   --impl=twilio   run the same script against the twilio package's webhooks
//                   module instead of @twilio-native/webhooks (for comparison)
//   --skip-build    do not run scripts/ensure-built.js first

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const WATCHDOG_MS = 30_000
const REQUEST_TIMEOUT_MS = 2_000

function parseArgs(argv) {
  const args = { impl: '@twilio-native/webhooks', build: true }
  for (const arg of argv) {
    if (arg === '--impl=twilio') args.impl = 'twilio'
    else if (arg === '--impl=native' || arg === '--impl=@twilio-native/webhooks') args.impl = '@twilio-native/webhooks'
    else if (arg === '--skip-build') args.build = false
    else if (arg === '-h' || arg === '--help') args.help = true
    else throw new Error(`unknown argument: ${arg}`)
  }
  return args
}

/** Build the addon if needed, with the repository's own script. */
function ensureBuilt() {
  const script = path.join(__dirname, '..', 'ensure-built.js')
  if (!fs.existsSync(script)) return
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' })
  if (run.status !== 0) {
    throw new Error(`${path.relative(process.cwd(), script)} failed (exit ${run.status}); cannot build the native addon`)
  }
}

function listen(app) {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1')
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

function closeServer(server) {
  return new Promise((resolve) => {
    if (!server || !server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

// --- checks on the JSON answers ------------------------------------------------

function expectJson(check) {
  return (res) => {
    if (!res.json) return 'answer is not JSON'
    return check(res.json)
  }
}

const checkCustomerDetails = expectJson((j) => {
  const c = j.objects && j.objects.customer
  if (!c) return 'no objects.customer'
  if (c.customer_id !== 'cust-1001' || c.display_name !== 'Amara Okafor') return 'wrong customer'
  if (!Array.isArray(c.channels) || !c.channels.some((ch) => ch.type === 'sms')) return 'no sms channel'
  if (!c.details || typeof c.details.title !== 'string') return 'no details'
  if (c.worker !== 'jordan.reyes@example.com') return 'wrong worker'
  return null
})

const checkCustomersList = expectJson((j) => {
  const o = j.objects
  if (!o || !Array.isArray(o.customers)) return 'no objects.customers'
  if (o.searchable !== true) return 'searchable is not true'
  if (o.customers.length !== 2) return `expected a page of 2, got ${o.customers.length}`
  if (typeof o.next_page_token !== 'string') return 'no next_page_token for the next page'
  return null
})

const checkProxyAddress = expectJson((j) =>
  j.proxy_address === 'whatsapp:+15550109999' ? null : `proxy_address is ${j.proxy_address}`,
)

const checkTemplates = expectJson((j) => {
  if (!Array.isArray(j) || j.length === 0) return 'not a list of categories'
  const all = j.flatMap((cat) => cat.templates || [])
  if (all.length === 0) return 'no templates'
  if (!all.some((t) => t.content.includes('Amara Okafor'))) return 'customer name not filled in'
  if (!all.some((t) => t.whatsAppApproved === true)) return 'no whatsAppApproved template'
  return null
})

const checkRouting = expectJson((j) =>
  j.routed === true && j.worker === 'priya.natarajan@example.com' ? null : `routed to ${j.worker}`,
)

const checkEvents = expectJson((j) => (j.received === 2 ? null : `received ${j.received}`))

// ---------------------------------------------------------------------------------

async function run(impl) {
  // Resolved here (not at the top) so that a missing build gives a clear message.
  let webhooks
  try {
    webhooks = require(impl)
  } catch (err) {
    const hint =
      impl === 'twilio'
        ? 'Run `npm install` at the repository root (twilio is a devDependency).'
        : 'Run `npm install` and `npm run build` at the repository root.'
    throw new Error(`cannot load ${impl}: ${err.message}\n${hint}`)
  }
  const { createApp, ROUTES } = require(path.join(__dirname, '..', '..', 'examples', 'frontline-service'))
  const { createFakeTwilio } = require(
    path.join(__dirname, '..', '..', 'examples', 'frontline-service', 'support', 'fake-twilio'),
  )

  const token = crypto.randomBytes(16).toString('hex')
  const app = createApp({
    authToken: token,
    webhooks,
    logger: false,
    proxyAddresses: { sms: '+15550109999', whatsapp: '+15550109999' },
  })
  const twilio = createFakeTwilio(webhooks, token)

  const server = await listen(app)
  const { port } = server.address()
  const base = `http://127.0.0.1:${port}`
  console.log(`frontline-service (webhooks: ${impl}) on ${base}, demo auth token generated for this run\n`)

  const crmDetails = {
    Location: 'GetCustomerDetailsByCustomerId',
    CustomerId: 'cust-1001',
    Worker: 'jordan.reyes@example.com',
  }

  const cases = [
    {
      name: 'CRM GetCustomerDetailsByCustomerId',
      expected: 200,
      check: checkCustomerDetails,
      send: () => twilio.postForm(base + ROUTES.crm, crmDetails, { timeoutMs: REQUEST_TIMEOUT_MS }),
    },
    {
      name: 'CRM GetCustomersList (page 1 of 2)',
      expected: 200,
      check: checkCustomersList,
      send: () =>
        twilio.postForm(
          base + ROUTES.crm,
          {
            Location: 'GetCustomersList',
            Worker: 'jordan.reyes@example.com',
            PageSize: '2',
          },
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
    },
    {
      name: 'Outgoing GetProxyAddress (whatsapp)',
      expected: 200,
      check: checkProxyAddress,
      send: () =>
        twilio.postForm(
          base + ROUTES.outgoingConversation,
          {
            Location: 'GetProxyAddress',
            Worker: 'jordan.reyes@example.com',
            CustomerId: 'cust-1001',
            ChannelType: 'whatsapp',
            ChannelValue: 'whatsapp:+15550100101',
          },
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
    },
    {
      name: 'Templates GetTemplatesByCustomerId',
      expected: 200,
      check: checkTemplates,
      send: () =>
        twilio.postForm(
          base + ROUTES.templates,
          {
            Location: 'GetTemplatesByCustomerId',
            Worker: 'jordan.reyes@example.com',
            CustomerId: 'cust-1001',
            ConversationSid: 'CH00000000000000000000000000000001',
          },
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
    },
    {
      name: 'Conversations routing (custom)',
      expected: 200,
      check: checkRouting,
      send: () =>
        twilio.postForm(
          base + ROUTES.routing,
          {
            ConversationSid: 'CH00000000000000000000000000000002',
            'MessagingBinding.Address': '+15550100104',
            'MessagingBinding.ProxyAddress': '+15550109999',
          },
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
    },
    {
      name: 'forged signature',
      expected: 403,
      send: () =>
        twilio.postForm(base + ROUTES.crm, crmDetails, {
          signature: crypto.createHmac('sha1', 'not-the-token').update('forged').digest('base64'),
          timeoutMs: REQUEST_TIMEOUT_MS,
        }),
    },
    {
      name: 'tampered parameter (CustomerId)',
      expected: 403,
      send: () =>
        twilio.postForm(
          base + ROUTES.crm,
          { ...crmDetails, CustomerId: 'cust-1004' },
          {
            signedParams: crmDetails,
            timeoutMs: REQUEST_TIMEOUT_MS,
          },
        ),
    },
    {
      name: 'missing X-Twilio-Signature',
      expected: 400,
      send: () => twilio.postForm(base + ROUTES.crm, crmDetails, { signature: null, timeoutMs: REQUEST_TIMEOUT_MS }),
    },
    {
      name: 'JSON webhook with bodySHA256',
      expected: 200,
      check: checkEvents,
      send: () =>
        twilio.postJson(
          base + ROUTES.events,
          [
            { type: 'com.example.conversation.created', data: { conversationSid: 'CH00000000000000000000000000000003' } },
            { type: 'com.example.message.added', data: { body: 'Grüße, ☕ & "quotes"' } },
          ],
          { timeoutMs: REQUEST_TIMEOUT_MS },
        ),
    },
  ]

  const rows = []
  try {
    for (const c of cases) {
      let got
      let ms = NaN
      let problem = null
      try {
        const res = await c.send()
        got = res.status
        ms = res.ms
        if (got !== c.expected) problem = `status ${got}`
        else if (c.check) problem = c.check(res)
      } catch (err) {
        got = 'error'
        problem = err.name === 'TimeoutError' ? 'timed out' : err.message
      }
      rows.push({ ...c, got, ms, problem })
    }
  } finally {
    await closeServer(server)
  }

  printTable(rows)
  const failed = rows.filter((r) => r.problem)
  console.log(`\n${rows.length - failed.length}/${rows.length} answers as expected; server stopped.`)
  return failed.length === 0
}

function printTable(rows) {
  const header = ['callback', 'expected', 'got', 'ms', 'result']
  const body = rows.map((r) => [
    r.name,
    String(r.expected),
    String(r.got),
    Number.isFinite(r.ms) ? r.ms.toFixed(1) : '-',
    r.problem ? `FAIL: ${r.problem}` : 'ok',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)))
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of body) console.log(line(row))
}

async function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`demo: ${err.message}`)
    process.exit(2)
  }
  if (args.help) {
    console.log('usage: node scripts/demo/demo.js [--impl=twilio] [--skip-build]')
    return
  }

  if (args.build && args.impl === '@twilio-native/webhooks') {
    try {
      ensureBuilt()
    } catch (err) {
      console.error(`demo: ${err.message}`)
      process.exit(1)
    }
  }

  const watchdog = setTimeout(() => {
    console.error(`demo: gave up after ${WATCHDOG_MS / 1000}s`)
    process.exit(1)
  }, WATCHDOG_MS)

  try {
    const ok = await run(args.impl)
    process.exitCode = ok ? 0 : 1
  } catch (err) {
    console.error(`demo: ${err.message}`)
    process.exitCode = 1
  } finally {
    clearTimeout(watchdog)
  }
}

main()
