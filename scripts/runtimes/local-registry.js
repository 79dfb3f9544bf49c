#!/usr/bin/env node
// A throwaway npm registry on 127.0.0.1 that serves the tarballs `npm run pack:local` wrote to
// dist/, so Bun and Deno install @twilio-native/* the way their users do, by name, from a
// registry (a `file:` tarball dependency only leaves symlinks to the tarballs under Deno).
// Only the packages in dist/ are served; every other name gets 404, so clients are pointed here
// for the @twilio-native scope alone (.npmrc `@twilio-native:registry=`).
// Platform packages that this machine cannot build (Windows) are listed by their manifest only
// (npm/<platform>/package.json from `napi create-npm-dirs`), without a tarball: Deno refuses to
// resolve a package whose optionalDependencies name a package the registry does not know, even
// for another OS. Their os/cpu fields keep every client from downloading them; a request for
// such a tarball gets 404 and is counted in the summary printed at the end.
//
// Usage: node scripts/runtimes/local-registry.js [--dist DIR] [--npm-dir DIR] [--port-file FILE]
//   prints "listening <url>" and writes the URL to --port-file; stops on SIGTERM/SIGINT.
'use strict'

const crypto = require('crypto')
const fs = require('fs')
const http = require('http')
const path = require('path')
const { execFileSync } = require('child_process')

const argv = process.argv.slice(2)
let dist = path.resolve(__dirname, '..', '..', 'dist')
let portFile = null
let npmDir = path.resolve(__dirname, '..', '..', 'npm')
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--dist') dist = path.resolve(argv[++i])
  else if (argv[i] === '--npm-dir') npmDir = path.resolve(argv[++i])
  else if (argv[i] === '--port-file') portFile = path.resolve(argv[++i])
}

// name -> { versions: { version: { manifest, file, integrity, shasum } } }
const packages = new Map()
// dist/*.tgz, and dist/deps/*.tgz (the WASI package's runtime dependencies, see pack-local.js)
const tarballs = [dist, path.join(dist, 'deps')]
  .filter((d) => fs.existsSync(d))
  .flatMap((d) =>
    fs
      .readdirSync(d)
      .filter((f) => f.endsWith('.tgz'))
      .map((f) => path.join(d, f)),
  )
for (const full of tarballs) {
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', full, 'package/package.json'], { encoding: 'utf8' }))
  const bytes = fs.readFileSync(full)
  const entry = packages.get(manifest.name) || { versions: {} }
  entry.versions[manifest.version] = {
    manifest,
    file: full,
    integrity: `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`,
    shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
  }
  packages.set(manifest.name, entry)
}
const manifestOnly = []
if (fs.existsSync(npmDir)) {
  for (const dir of fs.readdirSync(npmDir)) {
    const file = path.join(npmDir, dir, 'package.json')
    if (!fs.existsSync(file)) continue
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
    if (packages.has(manifest.name)) continue
    packages.set(manifest.name, { versions: { [manifest.version]: { manifest, file, integrity: null, shasum: null } } })
    manifestOnly.push(manifest.name)
  }
}
if (packages.size === 0) {
  console.error(`local-registry: no .tgz in ${dist} (run npm run pack:local)`)
  process.exit(1)
}

function tarballName(name, version) {
  return `${name.split('/').pop()}-${version}.tgz`
}

function packument(name, base) {
  const { versions } = packages.get(name)
  const out = { name, 'dist-tags': {}, versions: {}, time: {} }
  const sorted = Object.keys(versions).sort()
  out['dist-tags'].latest = sorted[sorted.length - 1]
  for (const v of sorted) {
    const { manifest, integrity, shasum } = versions[v]
    const tarball = `${base}/${name}/-/${tarballName(name, v)}`
    out.versions[v] = { ...manifest, _id: `${name}@${v}`, dist: integrity ? { tarball, integrity, shasum } : { tarball } }
    out.time[v] = new Date(fs.statSync(versions[v].file).mtimeMs).toISOString()
  }
  return out
}

const served = []
const missingTarballs = []
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '')
  const base = `http://${req.headers.host}`
  served.push(`${req.method} /${url}`)
  const tar = url.match(/^(@[^/]+\/[^/]+|[^@/][^/]*)\/-\/(.+\.tgz)$/)
  if (tar && packages.has(tar[1])) {
    const hit = Object.entries(packages.get(tar[1]).versions).find(([v, e]) => e.integrity && tarballName(tar[1], v) === tar[2])
    if (!hit) missingTarballs.push(url)
    if (hit) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(hit[1].file).size })
      fs.createReadStream(hit[1].file).pipe(res)
      return
    }
  }
  if (packages.has(url)) {
    const body = JSON.stringify(packument(url, base))
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(req.method === 'HEAD' ? undefined : body)
    return
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ error: 'not found' }))
})

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`
  if (portFile) fs.writeFileSync(portFile, url + '\n')
  const full = [...packages.keys()].filter((n) => !manifestOnly.includes(n))
  console.log(`listening ${url}: ${full.join(', ')}${manifestOnly.length ? `; manifest only: ${manifestOnly.join(', ')}` : ''}`)
})

function stop() {
  console.log(
    `local-registry: served ${served.length} request(s)` +
      (missingTarballs.length ? `; ${missingTarballs.length} for a tarball it does not have: ${missingTarballs.join(', ')}` : ''),
  )
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
