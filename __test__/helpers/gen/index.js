'use strict'

// Input generators of the differential suites, one concern per file; see draw.js for how
// fast-check drives them and run.js for seeds and replay.

module.exports = {
  ...require('./draw'),
  ...require('./run'),
  ...require('./render'),
  ...require('./strings'),
  ...require('./keys'),
  ...require('./values'),
  ...require('./params'),
  ...require('./urls'),
  ...require('./signatures'),
  ...require('./bodies'),
}
