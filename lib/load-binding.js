'use strict'
// Placeholder: the generated napi-rs loader. A friendlier load error is a separate task.
module.exports = require('../binding.js')
