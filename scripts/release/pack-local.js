#!/usr/bin/env node
// `npm run pack:local`: writes to dist/ the `npm pack` tarballs that a release would publish,
// for the platforms this machine has binaries for:
//   - the root package, whose packed package.json gets exact-version optionalDependencies on
//     every platform package in napi.targets (injected into the packed copy only: committing
//     them to the root package.json breaks `npm ci`, the lockfile has no entry for them);
//   - one platform package per available binary: the host one always (artifacts/ build if
//     present, else the `npm run build` output in the repo root), plus every other Linux and
//     macOS artifact found in artifacts/ (from `npm run build:cross`).
// Platform package folders are generated with `napi create-npm-dirs` into npm/ (git-ignored).
// dist/pack-manifest.json lists what was written (read by __test__/slow/pack-install.test.js).
//
// Usage: node scripts/release/pack-local.js [--host-only] [--require-artifacts]
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')

const ROOT = path.resolve(__dirname, '..', '..')
const DIST = path.join(ROOT, 'dist')
const NPM_DIR = path.join(ROOT, 'npm')
const ARTIFACTS = path.join(ROOT, 'artifacts')
const args = new Set(process.argv.slice(2))

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const BIN = pkg.napi.binaryName

// napi's "platformArchABI" name of a Rust target triple (the subset napi.targets can hold here).
function platformOf(triple) {
  const [cpu, vendor, sys, abi] = triple.split('-')
  const arch = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', riscv64gc: 'riscv64' }[cpu] || cpu
  if (vendor === 'apple') return `darwin-${arch}`
  if (sys === 'windows') return `win32-${arch}-${abi}`
  if (sys === 'linux') return `linux-${arch}-${abi}`
  if (sys === 'freebsd') return `freebsd-${arch}`
  if (triple.startsWith('wasm32-wasi')) return 'wasm32-wasi'
  throw new Error(`pack-local: do not know the napi platform name of ${triple}`)
}

function hostPlatform() {
  const { platform, arch } = process
  if (platform === 'linux') {
    let musl = false
    try {
      musl = fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
    } catch {
      musl = !process.report.getReport().header.glibcVersionRuntime
    }
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

const RUST_INPUTS = ['src', 'crates', 'Cargo.toml', 'Cargo.lock', 'build.rs']
function newestMtime(p) {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  if (path.basename(p) === 'target' || path.basename(p) === 'node_modules') return 0
  return Math.max(0, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))))
}

function run(cmd, argv, opts = {}) {
  // npm and napi are .cmd shims on Windows, which Node only spawns through a shell
  const shell = process.platform === 'win32'
  return execFileSync(cmd, argv, { encoding: 'utf8', timeout: 300000, stdio: ['ignore', 'pipe', 'pipe'], shell, ...opts })
}

// `npm pack` of a directory into DIST; returns the tarball's file name. `mustHold`: files the
// tarball has to contain (a platform package without its binary would install and then fail).
function npmPack(dir, mustHold = []) {
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', DIST], { cwd: dir })
  const info = JSON.parse(out)
  const files = info[0].files.map((f) => f.path)
  const missing = mustHold.filter((f) => !files.includes(f))
  if (missing.length) throw new Error(`pack-local: ${info[0].filename} lacks ${missing.join(', ')}`)
  return info[0].filename.replace(/^@/, '').replace(/\//g, '-')
}

const WASI = 'wasm32-wasi'

// The WASI package's runtime dependencies (@napi-rs/wasm-runtime, @emnapi/*, and theirs,
// peers included) packed from this repository's node_modules into dist/deps/, so that the WASI
// package installs without a registry (the versions are the pinned devDependencies).
function packDependencies(platformPkg) {
  const out = path.join(DIST, 'deps')
  fs.mkdirSync(out, { recursive: true })
  const seen = new Map()
  // Node's lookup: <from>/node_modules/<name>, then each parent folder's, up to the root's
  const locate = (name, from) => {
    for (let d = from; d.startsWith(ROOT); d = path.dirname(d)) {
      const candidate = path.join(d, 'node_modules', name)
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
      if (d === ROOT) break
    }
    throw new Error(`pack-local: ${name} (a dependency of the WASI package) is not installed; npm ci`)
  }
  const visit = (name, from) => {
    const dir = locate(name, from)
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const key = `${name}@${json.version}`
    if (seen.has(key)) return
    seen.set(key, null)
    for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) visit(dep, dir)
    const info = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out, dir], { cwd: ROOT }))
    seen.set(key, `deps/${info[0].filename.replace(/^@/, '').replace(/\//g, '-')}`)
  }
  for (const dep of Object.keys({ ...platformPkg.dependencies })) visit(dep, ROOT)
  return [...seen.values()]
}

function main() {
  fs.rmSync(DIST, { recursive: true, force: true })
  fs.mkdirSync(DIST, { recursive: true })
  const version = pkg.version
  const allPlatforms = pkg.napi.targets.map(platformOf)
  const host = hostPlatform()
  if (!allPlatforms.includes(host)) throw new Error(`host platform ${host} is not in package.json napi.targets`)

  // 1. platform package folders (all targets), from the napi CLI itself
  fs.rmSync(NPM_DIR, { recursive: true, force: true })
  const napiBin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'napi.cmd' : 'napi')
  run(napiBin, ['create-npm-dirs', '--npm-dir', 'npm'], { cwd: ROOT })

  // 2. binaries: host (required), other Linux artifacts (optional)
  const binaries = {}
  const hostArtifact = path.join(ARTIFACTS, `${BIN}.${host}.node`)
  const hostLocal = path.join(ROOT, `${BIN}.${host}.node`)
  // An artifact older than the Rust sources is stale (build:cross not re-run): prefer the fresh
  // host build then, unless artifacts are required.
  const rustChangedAt = Math.max(...RUST_INPUTS.map((p) => newestMtime(path.join(ROOT, p))))
  const artifactFresh = (f) => fs.existsSync(f) && (args.has('--require-artifacts') || fs.statSync(f).mtimeMs >= rustChangedAt)
  if (fs.existsSync(hostArtifact) && !artifactFresh(hostArtifact)) {
    console.error(`pack-local: ${path.relative(ROOT, hostArtifact)} is older than the Rust sources; ignoring stale artifacts`)
  }
  if (artifactFresh(hostArtifact)) binaries[host] = hostArtifact
  else if (!args.has('--require-artifacts') && fs.existsSync(hostLocal)) binaries[host] = hostLocal
  else {
    throw new Error(
      `pack-local: no binary for the host platform ${host}: expected ${path.relative(ROOT, hostArtifact)}` +
        (args.has('--require-artifacts') ? ' (npm run build:cross)' : ` or ${path.relative(ROOT, hostLocal)} (npm run build)`),
    )
  }
  if (!args.has('--host-only') && fs.existsSync(ARTIFACTS)) {
    for (const p of allPlatforms) {
      const f = path.join(ARTIFACTS, `${BIN}.${p}.${p === WASI ? 'wasm' : 'node'}`)
      if (!binaries[p] && artifactFresh(f)) binaries[p] = f
    }
  }

  const manifest = { version, name: pkg.name, root: null, platforms: {}, sources: {} }
  for (const [p, file] of Object.entries(binaries)) {
    const dir = path.join(NPM_DIR, p)
    const platformPkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    if (platformPkg.version !== version)
      throw new Error(`${dir}/package.json has version ${platformPkg.version}, root ${version}`)
    if (p === WASI) {
      // the .wasm and the loader glue `napi build` generated next to it (scripts/cross/build.sh)
      fs.copyFileSync(file, path.join(dir, path.basename(file)))
      for (const f of platformPkg.files.filter((f) => !f.endsWith('.wasm'))) {
        fs.copyFileSync(path.join(ARTIFACTS, 'wasm32-wasi', f), path.join(dir, f))
      }
      manifest.platforms[p] = npmPack(dir, platformPkg.files)
      manifest.wasiRuntime = packDependencies(platformPkg)
    } else {
      fs.copyFileSync(file, path.join(dir, `${BIN}.${p}.node`))
      manifest.platforms[p] = npmPack(dir, [`${BIN}.${p}.node`])
    }
    manifest.sources[p] = path.relative(ROOT, file)
  }

  // 3. root package: pack, unpack, inject optionalDependencies, pack again
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'twn-pack-'))
  try {
    const first = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT }))[0]
    const files = first.files.map((f) => f.path)
    const forbidden = files.filter((f) => f.endsWith('.node'))
    if (forbidden.length) throw new Error(`root package would ship native binaries: ${forbidden.join(', ')}`)
    for (const required of ['package.json', 'binding.js', 'lib/load-binding.js', pkg.main || 'index.js']) {
      if (!files.includes(required)) throw new Error(`root package is missing ${required} (check "files" in package.json)`)
    }
    run('tar', ['-xzf', path.join(work, first.filename), '-C', work])
    const stagedJson = path.join(work, 'package', 'package.json')
    const staged = JSON.parse(fs.readFileSync(stagedJson, 'utf8'))
    staged.optionalDependencies = {}
    for (const p of [...allPlatforms].sort()) staged.optionalDependencies[`${pkg.name}-${p}`] = version
    fs.writeFileSync(stagedJson, JSON.stringify(staged, null, 2) + '\n')
    manifest.root = npmPack(path.join(work, 'package'))
    manifest.optionalDependencies = staged.optionalDependencies
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }

  fs.writeFileSync(path.join(DIST, 'pack-manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  for (const f of [manifest.root, ...Object.values(manifest.platforms), ...(manifest.wasiRuntime || [])]) {
    console.log(`${String(fs.statSync(path.join(DIST, f)).size).padStart(9)} B  dist/${f}`)
  }
  console.log(
    `pack-local: root + ${Object.keys(manifest.platforms).length} platform package(s) (${Object.keys(manifest.platforms).join(', ')})`,
  )
}

module.exports = { hostPlatform }

if (require.main === module) {
  try {
    main()
  } catch (e) {
    console.error(e.stderr ? `${e.message}\n${e.stderr}` : e.message)
    process.exit(1)
  }
}
