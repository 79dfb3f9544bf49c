'use strict'

const constants = require('./lib/constants')
const { getSignatureAlgorithm } = require('./lib/algorithm')
const validate = require('./lib/validate')
const express = require('./lib/express')
const { validateRawRequest } = require('./lib/raw-request')

const api = {
  ...constants,
  getSignatureAlgorithm,
  getExpectedTwilioSignature: validate.getExpectedTwilioSignature,
  getExpectedBodyHash: validate.getExpectedBodyHash,
  validateRequest: validate.validateRequest,
  validateBody: validate.validateBody,
  validateRequestWithBody: validate.validateRequestWithBody,
  validateRawRequest,
  validateIncomingRequest: express.validateIncomingRequest,
  validateExpressRequest: express.validateExpressRequest,
  webhook: express.webhook,
}

module.exports = { ...api, default: api }
