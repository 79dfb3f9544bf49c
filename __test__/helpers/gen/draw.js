'use strict'

// The generators in this folder ask a Draw for every choice they make. fast-check is the
// only source of randomness: a live Draw takes each choice from fc.gen(), so fast-check
// picks, records, shrinks (every choice towards 0, i.e. towards the first entry of a pool)
// and replays them from its seed and path. A differential case is built twice, once per
// implementation, so that neither side sees what the other did to its arguments: the second
// build replays the choices the first one recorded.

const fc = require('fast-check')

const U32 = 0x100000000

// noBias: fast-check otherwise favours 0 and max, which would skew every weighted pick
// towards the first and last entries and away from the distribution the pools are tuned for
const uniform = (max) => fc.noBias(fc.nat(max))

class Draw {
  // next(max) returns an integer in [0, max]
  constructor(next) {
    this.next = next
  }

  static live(g) {
    const tape = []
    const d = new Draw((max) => {
      const v = g(uniform, max)
      tape.push(v)
      return v
    })
    d.tape = tape
    return d
  }

  static replay(tape) {
    let i = 0
    return new Draw((max) => {
      // a generator that asks for different choices the second time would hand the two
      // implementations different inputs: fail instead of comparing them
      if (i >= tape.length || tape[i] > max) throw new Error('generator is not deterministic: replay diverged at choice ' + i)
      return tape[i++]
    })
  }

  float() {
    return this.next(U32 - 1) / U32
  }

  // integer in [0, n)
  int(n) {
    return n <= 1 ? 0 : this.next(n - 1)
  }

  // integer in [lo, hi]
  range(lo, hi) {
    return lo + this.int(hi - lo + 1)
  }

  chance(p) {
    return this.float() < p
  }

  pick(list) {
    return list[this.int(list.length)]
  }

  // list = [[weight, value-or-thunk], ...]; a thunk is called for its value
  weighted(list) {
    let total = 0
    for (const [w] of list) total += w
    let r = this.float() * total
    for (const [w, v] of list) {
      r -= w
      if (r < 0) return typeof v === 'function' ? v() : v
    }
    const last = list[list.length - 1][1]
    return typeof last === 'function' ? last() : last
  }

  shuffle(list) {
    const out = list.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      ;[out[i], out[j]] = [out[j], out[i]]
    }
    return out
  }
}

// makeArgs() for one case of a property over fc.gen(): the first call draws the choices
// from fast-check, every later call rebuilds the same inputs from the recorded ones.
function twin(g, build) {
  let tape = null
  return () => {
    if (tape !== null) return build(Draw.replay(tape))
    const live = Draw.live(g)
    const out = build(live)
    tape = live.tape
    return out
  }
}

module.exports = { Draw, twin }
