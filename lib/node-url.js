'use strict'

// Node's own WHATWG URL class, taken from the `url` module: a script-level `URL` declared
// by the host application (which shadows the global one for every module) cannot reach it.
module.exports = require('url').URL
