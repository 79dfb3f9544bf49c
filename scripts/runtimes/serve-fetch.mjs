// Bun and Deno: a Bun.serve / Deno.serve route guarded by the Fetch adapter, loaded by name
// from the project in the current directory, answering genuine, forged and unsigned requests
// over HTTP on 127.0.0.1. Prints one line and exits 1 on any wrong answer.
//   bun serve-fetch.mjs <version>      deno run --allow-read --allow-env --allow-ffi --allow-net serve-fetch.mjs <version>
const deno = typeof Deno !== 'undefined'
const version = deno ? Deno.args[0] : process.argv[2]
const adapter = await import(deno ? `npm:@twilio-native/webhooks@${version}/fetch` : '@twilio-native/webhooks/fetch')
const twilio = (await import(deno ? 'npm:twilio@6.3.1/lib/webhooks/webhooks.js' : 'twilio/lib/webhooks/webhooks.js')).default

const TOKEN = 'runtime-serve-token-0123456789ab'
const handler = adapter.withTwilioWebhook(
  (request, webhook) => new Response(`Got: ${webhook.params.Body}`, { headers: { 'content-type': 'text/plain' } }),
  { authToken: TOKEN, onFailure: false },
)

let port
let stop
if (deno) {
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, handler)
  port = server.addr.port
  stop = () => server.shutdown()
} else {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler })
  port = server.port
  stop = () => server.stop(true)
}

const url = `http://127.0.0.1:${port}/sms`
const params = { From: '+14155551234', Body: 'héllo & bye', MessageSid: 'SM0123456789abcdef0123456789abcdef' }
const body = new URLSearchParams(params).toString()
const post = async (signature) => {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' }
  if (signature) headers['x-twilio-signature'] = signature
  const response = await fetch(url, { method: 'POST', headers, body })
  return `${response.status} ${await response.text()}`
}
const answers = {
  genuine: await post(twilio.getExpectedTwilioSignature(TOKEN, url, params)),
  forged: await post('bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=='),
  unsigned: await post(undefined),
}
await stop()
const expected = {
  genuine: `200 Got: ${params.Body}`,
  forged: '403 Twilio Request Validation Failed.',
  unsigned:
    '400 No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.',
}
const wrong = Object.keys(expected).filter((k) => answers[k] !== expected[k])
const runtime = deno ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`
console.log(
  `${runtime}: ${deno ? 'Deno.serve' : 'Bun.serve'} + withTwilioWebhook over HTTP: ${wrong.length ? `WRONG ${JSON.stringify(answers)}` : 'genuine 200, forged 403, unsigned 400'}`,
)
if (wrong.length) (deno ? Deno : process).exit(1)
