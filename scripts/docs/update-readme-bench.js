#!/usr/bin/env node
'use strict'
// Puts the latest benchmark table between `<!-- bench:start -->` and `<!-- bench:end -->`.
//
//   node scripts/docs/update-readme-bench.js                      runs `node bench/run.js --json bench/results.json`
//   node scripts/docs/update-readme-bench.js --from results.json  uses a saved run instead
//   node scripts/docs/update-readme-bench.js --target FILE        rewrite FILE (must have the markers)
//
// Without --target: README.md if it has the markers, otherwise docs/PERFORMANCE.md (the
// markers are appended there if missing). README.md is never created.

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const ROOT = path.join(__dirname, '..', '..')
const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

function parseArgs(argv) {
  const options = { from: null, target: null }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') options.from = argv[++i]
    else if (argv[i] === '--target') options.target = argv[++i]
    else throw new Error(`unknown option ${argv[i]}`)
  }
  return options
}

// The table's run is kept: without --from, the bench writes bench/results.json (commit it
// with the table), whose metadata (date, CPU, load, rounds) the table points to.
function loadResults(from) {
  const file = from ? path.resolve(from) : path.join(ROOT, 'bench', 'results.json')
  if (!from) {
    execFileSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--json', file], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }
  return { results: JSON.parse(fs.readFileSync(file, 'utf8')), file }
}

function section(results, file) {
  const day = results.date.slice(0, 10)
  const lines = [
    START,
    `Measured ${day}${results.git ? ` at ${results.git.commit}${results.git.dirty ? ' (with uncommitted changes)' : ''}` : ''} ` +
      `with \`${results.command}\`, Node ${results.node} ` +
      `(both implementations in one process, same arguments, ` +
      `${results.rounds} alternating rounds, medians of ${results.clock === 'wall' ? 'wall' : 'process CPU'} time; ` +
      `the CPU and the load average are in ${path.relative(ROOT, file).split(path.sep).join('/')}).`,
    '',
    results.table,
    '',
    '"ratio" is twilio µs/op ÷ ours µs/op; "paired ratio" is the median of the per-round ratios.',
  ]
  if (results.memory) {
    const m = results.memory
    lines.push(
      '',
      `Memory: after ${m.calls.toLocaleString('en-US')} \`validateRequest\` calls and a GC, RSS went from ` +
        `${m.rssBeforeMiB} to ${m.rssAfterMiB} MiB (growth ${Math.max(0, m.rssGrowthMiB)} MiB; limit < ${m.limitMiB} MiB).`,
    )
    if (m.raw) {
      lines.push(
        '',
        `Memory, raw bodies: after a further ${m.raw.calls.toLocaleString('en-US')} \`validateRawRequest\` calls (each with a new ` +
          `Buffer) and a GC, RSS went from ${m.raw.rssBeforeMiB} to ${m.raw.rssAfterMiB} MiB ` +
          `(growth ${Math.max(0, m.raw.rssGrowthMiB)} MiB; limit < ${m.raw.limitMiB} MiB).`,
      )
    }
  }
  lines.push(END)
  return lines.join('\n')
}

function chooseTarget(explicit) {
  if (explicit) return path.resolve(explicit)
  const readme = path.join(ROOT, 'README.md')
  if (fs.existsSync(readme) && fs.readFileSync(readme, 'utf8').includes(START)) return readme
  return path.join(ROOT, 'docs', 'PERFORMANCE.md')
}

function main() {
  const options = parseArgs(process.argv.slice(2))
  const target = chooseTarget(options.target)
  const { results, file } = loadResults(options.from)
  const text = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : ''
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  let updated
  if (start !== -1 && end > start) {
    updated = text.slice(0, start) + section(results, file) + text.slice(end + END.length)
  } else if (path.basename(target) === 'README.md') {
    throw new Error(`${target} has no ${START} … ${END} markers; add them where the table belongs`)
  } else {
    updated = (text ? text.replace(/\n*$/, '\n\n') : '') + '## Latest benchmark\n\n' + section(results, file) + '\n'
  }
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.writeFileSync(target, updated)
  console.log(`updated ${path.relative(ROOT, target)}`)
}

main()
