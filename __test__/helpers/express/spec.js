'use strict'

// fast-check arbitrary of Express-like request specs: plain, printable records of pool
// entries (pools.js) that build-case.js turns into arguments. Most fields are usually the
// ordinary value and otherwise anything from their pool, so that both the plain path and
// every odd branch get their share of runs.

const fc = require('fast-check')
const P = require('./pools')
const { cloneOpts } = require('./build-case')

// `usual` with probability p, else any entry of `pool`; shrinks towards `usual`
function mostly(p, usual, pool) {
  const w = Math.round(p * 100)
  return fc.oneof({ weight: w, arbitrary: usual }, { weight: 100 - w, arbitrary: fc.constantFrom(...pool) })
}

// ALGORITHMS holds undefined and null, so "no algorithm option" needs its own marker
const NO_ALGORITHM = Symbol('no algorithm option')

const specArb = fc
  .record({
    shape: mostly(0.93, fc.constant('normal'), P.SHAPES),
    protocol: fc.constantFrom(...P.PROTOCOLS),
    host: fc.constantFrom(...P.HOSTS),
    originalUrl: fc.constantFrom(...P.ORIGINAL_URLS),
    body: fc.constantFrom(...P.BODIES),
    rawBody: fc.constantFrom(...P.RAW_BODIES),
    hashKind: mostly(0.6, fc.constant('right'), P.HASH_KINDS),
    token: mostly(0.85, fc.constant('12345'), P.TOKENS),
    headerStyle: mostly(0.75, fc.constantFrom('express', 'exact'), P.HEADER_STYLES),
    sig: mostly(0.45, fc.constant('correct'), P.SIG_KINDS),
    opts: mostly(0.45, fc.constant(undefined), P.OPTS),
    algorithm: fc.oneof(
      { weight: 65, arbitrary: fc.constant(NO_ALGORITHM) },
      { weight: 35, arbitrary: fc.constantFrom(...P.ALGORITHMS) },
    ),
  })
  .map(({ algorithm, ...spec }) => {
    // a fresh options object per value: the algorithm below must not land in the shared pool entry
    spec.opts = cloneOpts(spec.opts)
    if (algorithm !== NO_ALGORITHM) {
      if (spec.opts === undefined || spec.opts === null) spec.opts = {}
      spec.opts.algorithm = algorithm
    }
    return spec
  })

module.exports = { specArb }
