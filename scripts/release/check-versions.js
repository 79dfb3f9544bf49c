#!/usr/bin/env node
// Release gate: one version everywhere.
//   package.json version
//   == every optionalDependencies pin in the packed root package.json (dist/, from pack:local)
//   == the version of every packed platform package in dist/
//   == every version literal the generated loader binding.js hard-codes
//   == npm/<platform>/package.json versions (if npm/ exists)
// and the packed optionalDependencies name exactly one package per napi.targets entry.
// Usage: node scripts/release/check-versions.js [--dist DIR] [--no-dist]
'use strict'

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const ROOT = path.resolve(__dirname, '..', '..')
const argv = process.argv.slice(2)
const distDir = argv.includes('--dist') ? path.resolve(argv[argv.indexOf('--dist') + 1]) : path.join(ROOT, 'dist')
const useDist = !argv.includes('--no-dist')

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const version = pkg.version
const problems = []
const checked = []

function tarPackageJson(tgz) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8', timeout: 60000 }))
}

// 1. the generated loader
const loaderPath = path.join(ROOT, 'binding.js')
if (!fs.existsSync(loaderPath)) problems.push('binding.js is missing (npm run build generates it)')
else {
  const src = fs.readFileSync(loaderPath, 'utf8')
  const literals = new Set()
  for (const m of src.matchAll(/bindingPackageVersion !== '([^']+)'/g)) literals.add(m[1])
  for (const m of src.matchAll(/expected ([0-9][^ ]*) but got/g)) literals.add(m[1])
  if (literals.size === 0) problems.push('binding.js: found no hard-coded version (was it generated with package versions?)')
  for (const v of literals)
    if (v !== version) problems.push(`binding.js hard-codes ${v}, package.json says ${version}: re-run npm run build`)
  checked.push(`binding.js literals: ${[...literals].join(', ') || '-'}`)
}

// 2. the root package.json itself must not carry optionalDependencies (npm ci would break)
if (pkg.optionalDependencies && Object.keys(pkg.optionalDependencies).length) {
  problems.push('package.json has optionalDependencies committed; they are injected at pack time only')
}

// 3. dist/: packed root + platform tarballs
if (useDist) {
  const manifestPath = path.join(distDir, 'pack-manifest.json')
  if (!fs.existsSync(manifestPath)) problems.push(`${path.relative(ROOT, manifestPath)} missing: run npm run pack:local first`)
  else {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
    const packedRoot = tarPackageJson(path.join(distDir, manifest.root))
    if (packedRoot.version !== version) problems.push(`packed root has version ${packedRoot.version}, package.json ${version}`)
    const optional = packedRoot.optionalDependencies || {}
    const names = Object.keys(optional)
    if (names.length !== pkg.napi.targets.length) {
      problems.push(`packed root pins ${names.length} platform packages, napi.targets has ${pkg.napi.targets.length}`)
    }
    for (const [name, pin] of Object.entries(optional)) {
      if (!name.startsWith(`${pkg.name}-`)) problems.push(`optionalDependencies: unexpected package ${name}`)
      if (pin !== version) problems.push(`optionalDependencies pins ${name}@${pin}, expected exactly ${version}`)
    }
    checked.push(`packed root ${packedRoot.version}, ${names.length} pins`)
    for (const [platform, file] of Object.entries(manifest.platforms)) {
      const p = tarPackageJson(path.join(distDir, file))
      if (p.version !== version) problems.push(`${file}: version ${p.version}, expected ${version}`)
      if (optional[p.name] === undefined)
        problems.push(`${p.name} (${platform}) is not among the packed root's optionalDependencies`)
      checked.push(`${p.name}@${p.version}`)
    }
  }
}

// 4. npm/<platform>/package.json (created by napi create-npm-dirs)
const npmDir = path.join(ROOT, 'npm')
if (fs.existsSync(npmDir)) {
  for (const d of fs.readdirSync(npmDir)) {
    const f = path.join(npmDir, d, 'package.json')
    if (!fs.existsSync(f)) continue
    const p = JSON.parse(fs.readFileSync(f, 'utf8'))
    if (p.version !== version) problems.push(`npm/${d}/package.json: version ${p.version}, expected ${version}`)
  }
}

if (problems.length) {
  console.error(`check-versions: ${problems.length} problem(s) (package.json ${version}):\n  - ${problems.join('\n  - ')}`)
  process.exit(1)
}
console.log(`check-versions: OK, everything is ${version} (${checked.join('; ')})`)
