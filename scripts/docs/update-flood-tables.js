#!/usr/bin/env node
'use strict'
// Writes the end-to-end flood tables of docs/PERFORMANCE.md from the saved runs, between
// `<!-- flood:<framework>:start -->` and `<!-- flood:<framework>:end -->`:
//   express  bench/express-forged-results.json, bench/express-valid-results.json
//   fastify  bench/fastify-forged-results.json, bench/fastify-valid-results.json
// Make the runs with `node bench/<framework>.js ... --json bench/<framework>-<forged|valid>-results.json`.
//
//   node scripts/docs/update-flood-tables.js [express] [fastify]

const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..', '..')
const DOC = path.join(ROOT, 'docs', 'PERFORMANCE.md')

function table(framework) {
  const runs = ['forged', 'valid'].map((kind) => ({
    kind,
    run: JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', `${framework}-${kind}-results.json`), 'utf8')),
  }))
  const sideNames = Object.keys(runs[0].run.sides)
  const lines = [
    `| flood | ${sideNames.map((name) => (runs[0].run.labels || {})[name] || name).join(' | ')} |`,
    `| --- |${sideNames.map(() => ' ---: |').join('')}`,
  ]
  for (const { kind, run } of runs) {
    const base = run.sides[sideNames[0]].cpuMicrosPerRequest
    const cells = sideNames.map((name, i) => {
      const cpu = run.sides[name].cpuMicrosPerRequest
      return i === 0 ? `${cpu.toFixed(1)} µs` : `${cpu.toFixed(1)} µs (${(cpu / base).toFixed(2)}×)`
    })
    lines.push(`| ${kind} (${kind === 'valid' ? 200 : 403}), ${run.options.params} params | ${cells.join(' | ')} |`)
  }
  lines.push('')
  lines.push(
    `Server CPU per request, median of each run's rounds, ${runs[0].run.options.connections} connections, Node ${runs[0].run.node}; ` +
      `runs of ${runs[0].run.date.slice(0, 10)} (\`${runs[0].run.command}\`, \`${runs[1].run.command}\`; ` +
      'machine, load and every round in the JSON).',
  )
  return lines.join('\n')
}

function main() {
  const frameworks = process.argv.slice(2)
  let doc = fs.readFileSync(DOC, 'utf8')
  for (const framework of frameworks.length ? frameworks : ['express', 'fastify']) {
    const start = `<!-- flood:${framework}:start -->`
    const end = `<!-- flood:${framework}:end -->`
    const from = doc.indexOf(start)
    const to = doc.indexOf(end)
    if (from === -1 || to < from) throw new Error(`docs/PERFORMANCE.md has no ${start} … ${end} markers`)
    doc = doc.slice(0, from + start.length) + '\n' + table(framework) + '\n' + doc.slice(to)
  }
  fs.writeFileSync(DOC, doc)
}

main()
