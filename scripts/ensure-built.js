'use strict'
// Builds the addon when the host binary or the generated loader is missing or older than
// the Rust sources, so `npm test` works on a fresh clone and after every Rust change.
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const root = path.join(__dirname, '..')
const sources = ['src', 'crates/core/src', 'Cargo.toml', 'crates/core/Cargo.toml', 'build.rs']

function newestMtime(entry) {
  const full = path.join(root, entry)
  const stat = fs.statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...fs.readdirSync(full).map((name) => newestMtime(path.join(entry, name))))
}

function hostBinary() {
  const names = fs.readdirSync(root).filter((name) => /^webhooks\..*\.node$/.test(name))
  return names.map((name) => path.join(root, name))
}

const loader = path.join(root, 'binding.js')
const binaries = hostBinary()
const builtAt = binaries.length && fs.existsSync(loader) ? Math.min(...binaries.map((file) => fs.statSync(file).mtimeMs)) : 0
const changedAt = Math.max(...sources.map(newestMtime))
if (builtAt < changedAt) {
  console.log('ensure-built: building the native addon (npm run build)')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
}
