'use strict'

const path = require('node:path')
const { spawn, spawnSync } = require('node:child_process')
const { loadConfig, ConfigError, createApp } = require('..')

const SERVER = path.join(__dirname, '..', 'server.js')

// An environment for child processes without any of our variables.
function cleanEnv(extra = {}) {
  const env = { ...process.env }
  for (const key of [
    'TWILIO_AUTH_TOKEN',
    'PORT',
    'HOST',
    'PUBLIC_BASE_URL',
    'TWILIO_SMS_NUMBER',
    'TWILIO_WHATSAPP_NUMBER',
    'FRONTLINE_DEFAULT_WORKER',
    'CUSTOMERS_FILE',
  ]) {
    delete env[key]
  }
  return { ...env, ...extra }
}

describe('loadConfig', () => {
  test('fails fast with a clear message when TWILIO_AUTH_TOKEN is missing or blank', () => {
    for (const env of [{}, { TWILIO_AUTH_TOKEN: '' }, { TWILIO_AUTH_TOKEN: '   ' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError)
      expect(() => loadConfig(env)).toThrow(/TWILIO_AUTH_TOKEN is not set/)
    }
  })

  test('defaults', () => {
    expect(loadConfig({ TWILIO_AUTH_TOKEN: 'tok' })).toEqual({
      authToken: 'tok',
      port: 3000,
      host: '127.0.0.1',
      publicBaseUrl: null,
      proxyAddresses: { sms: null, whatsapp: null },
      defaultWorker: null,
      customersFile: null,
    })
  })

  test('reads every variable', () => {
    expect(
      loadConfig({
        TWILIO_AUTH_TOKEN: 'tok',
        PORT: '8080',
        HOST: '0.0.0.0',
        PUBLIC_BASE_URL: 'https://frontline.example.com/hooks//',
        TWILIO_SMS_NUMBER: '+15550109999',
        TWILIO_WHATSAPP_NUMBER: 'whatsapp:+15550108888',
        FRONTLINE_DEFAULT_WORKER: 'desk@example.com',
        CUSTOMERS_FILE: '/srv/customers.json',
      }),
    ).toEqual({
      authToken: 'tok',
      port: 8080,
      host: '0.0.0.0',
      publicBaseUrl: 'https://frontline.example.com/hooks',
      proxyAddresses: { sms: '+15550109999', whatsapp: 'whatsapp:+15550108888' },
      defaultWorker: 'desk@example.com',
      customersFile: '/srv/customers.json',
    })
  })

  test.each([
    ['PORT', 'eighty', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be an integer/],
    ['PORT', '-1', /PORT must be an integer/],
    ['PUBLIC_BASE_URL', 'frontline.example.com', /absolute URL/],
    ['PUBLIC_BASE_URL', 'ftp://frontline.example.com', /http or https/],
    ['PUBLIC_BASE_URL', 'https://frontline.example.com/?x=1', /query string/],
  ])('rejects %s=%s', (name, value, message) => {
    expect(() => loadConfig({ TWILIO_AUTH_TOKEN: 'tok', [name]: value })).toThrow(message)
  })
})

describe('createApp', () => {
  test('refuses to build an app without an auth token', () => {
    expect(() => createApp({ webhooks: require('twilio') })).toThrow(/authToken is required/)
  })

  test('refuses a malformed public base URL', () => {
    expect(() => createApp({ authToken: 'tok', webhooks: require('twilio'), publicBaseUrl: 'not a url' })).toThrow(ConfigError)
  })
})

describe('server.js', () => {
  test('exits 1 with the message when TWILIO_AUTH_TOKEN is missing', () => {
    const run = spawnSync(process.execPath, [SERVER], { env: cleanEnv(), encoding: 'utf8', timeout: 15000 })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/TWILIO_AUTH_TOKEN is not set/)
    expect(run.stdout).toBe('')
  })

  test('starts with a token, prints the callback URLs, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [SERVER], {
      env: cleanEnv({ TWILIO_AUTH_TOKEN: 'tok', PORT: '0', HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => {
      err += d
    })
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000)
    try {
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d
          if (out.includes('/callbacks/events')) resolve()
        })
        child.once('exit', () => reject(new Error(`server exited early: ${err}`)))
      })
      const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)[1])
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(health.status).toBe(200)
      expect(out).toMatch(new RegExp(`crm\\s+http://127\\.0\\.0\\.1:${port}/callbacks/crm`))
      child.kill('SIGTERM')
      expect(await exited).toEqual({ code: 0, signal: null })
    } finally {
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })
})
