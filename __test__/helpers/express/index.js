'use strict'

// Express-like requests for the differential tests of validateIncomingRequest and
// validateExpressRequest: pools of fields, the fast-check arbitrary of specs, and the
// builder of fresh arguments from a spec.

module.exports = { ...require('./pools'), ...require('./spec'), ...require('./build-case') }
