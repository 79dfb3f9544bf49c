'use strict'

// Reverse proxies in front of an app on 127.0.0.1, in the set-ups that make a genuine
// Twilio request fail signature validation. Each set-up terminates TLS (the certificate in
// fixtures/tls is a throwaway) and forwards to the plain-HTTP app; they differ in what the
// app then sees. Two implementations of the same set-ups:
//   node  - http-proxy-3 behind a Node https server (runs wherever Node runs; npm test)
//   nginx - Debian's nginx with a generated configuration (npm run test:nginx)

const fs = require('fs')
const os = require('os')
const path = require('path')
const https = require('https')
const { spawn, execFileSync } = require('child_process')

const TLS_DIR = path.join(__dirname, '..', 'fixtures', 'tls')
const TLS = { key: fs.readFileSync(path.join(TLS_DIR, 'key.pem')), cert: fs.readFileSync(path.join(TLS_DIR, 'cert.pem')) }
const PUBLIC_HOST = 'api.example.com'

// What each set-up does to the request, and the URL Twilio called (`port` is the proxy's).
// `publicHost(port)` is the Host header the client (Twilio) sends.
const SETUPS = {
  tls: {
    what: 'TLS terminated at the proxy (the app sees http)',
    publicHost: () => PUBLIC_HOST,
    publicUrl: (port, p) => `https://${PUBLIC_HOST}${p}`,
  },
  host: {
    what: 'Host rewritten to the app, public host in X-Forwarded-Host',
    publicHost: () => PUBLIC_HOST,
    publicUrl: (port, p) => `https://${PUBLIC_HOST}${p}`,
  },
  prefix: {
    what: 'path prefix /twilio stripped by the proxy',
    publicHost: () => PUBLIC_HOST,
    publicUrl: (port, p) => `https://${PUBLIC_HOST}/twilio${p}`,
    prefix: '/twilio',
  },
  port: {
    what: 'non-standard public port, Host forwarded without it, X-Forwarded-Port',
    publicHost: (port) => `${PUBLIC_HOST}:${port}`,
    publicUrl: (port, p) => `https://${PUBLIC_HOST}:${port}${p}`,
  },
  forwarded: {
    what: 'RFC 7239 Forwarded instead of X-Forwarded-*',
    publicHost: () => PUBLIC_HOST,
    publicUrl: (port, p) => `https://${PUBLIC_HOST}${p}`,
  },
}

// The headers and path the app receives, as each set-up's proxy rewrites them (the Node
// proxy applies this; the nginx configuration below says the same in nginx's terms).
function rewrite(setup, req, appPort, proxyPort) {
  const publicHost = req.headers.host
  const headers = req.headers
  for (const name of ['x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded']) delete headers[name]
  if (setup === 'tls' || setup === 'prefix') {
    headers['x-forwarded-proto'] = 'https'
  } else if (setup === 'host') {
    headers.host = `127.0.0.1:${appPort}`
    headers['x-forwarded-host'] = publicHost
    headers['x-forwarded-proto'] = 'https'
  } else if (setup === 'port') {
    headers.host = publicHost.replace(/:\d+$/, '')
    headers['x-forwarded-proto'] = 'https'
    headers['x-forwarded-port'] = String(proxyPort)
  } else if (setup === 'forwarded') {
    headers.host = `127.0.0.1:${appPort}`
    headers.forwarded = `for=127.0.0.1;proto=https;host=${publicHost}`
  }
  if (SETUPS[setup].prefix && req.url.startsWith(SETUPS[setup].prefix)) {
    req.url = req.url.slice(SETUPS[setup].prefix.length) || '/'
  }
}

async function startNodeProxies(appPort) {
  const { createProxyServer } = require('http-proxy-3')
  const proxy = createProxyServer({ target: `http://127.0.0.1:${appPort}`, xfwd: false })
  proxy.on('error', (error, req, res) => {
    if (res.writeHead && !res.headersSent) res.writeHead(502)
    res.end(String(error))
  })
  const servers = []
  const ports = {}
  for (const setup of Object.keys(SETUPS)) {
    const server = https.createServer(TLS, (req, res) => {
      rewrite(setup, req, appPort, ports[setup])
      proxy.web(req, res)
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    ports[setup] = server.address().port
    servers.push(server)
  }
  return {
    ports,
    close: async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
      proxy.close()
    },
  }
}

function nginxBinary() {
  for (const candidate of [process.env.NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && fs.existsSync(candidate)) return candidate
  }
  throw new Error("nginx not found (install Debian's nginx, or set NGINX to its path)")
}

// Free ports for nginx to listen on (nginx cannot report an ephemeral port back).
async function freePorts(count) {
  const net = require('net')
  const servers = []
  for (let i = 0; i < count; i++) {
    const server = net.createServer()
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
  }
  const ports = servers.map((server) => server.address().port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

function nginxConfig(dir, appPort, ports) {
  const app = `http://127.0.0.1:${appPort}`
  const server = (setup, body) => `
  server {
    listen 127.0.0.1:${ports[setup]} ssl;
    server_name _;
    ssl_certificate ${path.join(TLS_DIR, 'cert.pem')};
    ssl_certificate_key ${path.join(TLS_DIR, 'key.pem')};
${body}
  }`
  return `
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
daemon off;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${path.join(dir, 'body')};
  proxy_temp_path ${path.join(dir, 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'fastcgi')};
  uwsgi_temp_path ${path.join(dir, 'uwsgi')};
  scgi_temp_path ${path.join(dir, 'scgi')};
${server(
  'tls',
  `    location / {
      proxy_pass ${app};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }`,
)}
${server(
  'host',
  `    location / {
      proxy_pass ${app};
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }`,
)}
${server(
  'prefix',
  `    location /twilio/ {
      proxy_pass ${app}/;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }`,
)}
${server(
  'port',
  `    location / {
      proxy_pass ${app};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
    }`,
)}
${server(
  'forwarded',
  `    location / {
      proxy_pass ${app};
      proxy_set_header Forwarded "for=$remote_addr;proto=$scheme;host=$http_host";
    }`,
)}
}
`
}

async function startNginx(appPort) {
  const binary = nginxBinary()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twilio-native-nginx-'))
  const names = Object.keys(SETUPS)
  const free = await freePorts(names.length)
  const ports = Object.fromEntries(names.map((name, i) => [name, free[i]]))
  const conf = path.join(dir, 'nginx.conf')
  fs.writeFileSync(conf, nginxConfig(dir, appPort, ports))
  execFileSync(binary, ['-t', '-p', dir, '-c', conf], { stdio: 'pipe' })
  const child = spawn(binary, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  await waitForPorts(Object.values(ports), () => `nginx did not start: ${stderr}`)
  return {
    ports,
    close: async () => {
      child.kill('SIGQUIT')
      await new Promise((resolve) => child.once('exit', resolve))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPorts(ports, describe) {
  const net = require('net')
  const until = Date.now() + 10000
  for (const port of ports) {
    for (;;) {
      const open = await new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end()
          resolve(true)
        })
        socket.on('error', () => resolve(false))
      })
      if (open) break
      if (Date.now() > until) throw new Error(describe())
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

function startProxies(kind, appPort) {
  if (kind === 'nginx') return startNginx(appPort)
  if (kind === 'node') return startNodeProxies(appPort)
  throw new Error(`unknown proxy kind ${kind}`)
}

// A POST through the proxy on `port`, as Twilio would send it to the public URL.
function postThrough(port, { host, path: requestPath, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: requestPath,
        ca: TLS.cert,
        servername: 'localhost',
        headers: {
          host,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode, body: text, type: res.headers['content-type'] }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

module.exports = { SETUPS, PUBLIC_HOST, startProxies, postThrough }
