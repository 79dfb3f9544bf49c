'use strict'

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const {
  CustomerDirectory,
  normalizeAddress,
  encodePageToken,
  decodePageToken,
  MAX_PAGE_SIZE,
} = require('../src/customer-directory')

const shipped = CustomerDirectory.fromFile()

function makeDirectory(n) {
  const customers = Array.from({ length: n }, (_, i) => ({
    customer_id: `c${String(i).padStart(3, '0')}`,
    display_name: `Customer ${String(i).padStart(3, '0')}`,
    owner: 'w@example.com',
    channels: [{ type: 'sms', value: `+1555010${String(i).padStart(4, '0')}` }],
  }))
  return new CustomerDirectory({ customers })
}

describe('CustomerDirectory (shipped data)', () => {
  test('findById', async () => {
    expect((await shipped.findById('cust-1004')).display_name).toBe('Dmitri Volkov')
    expect(await shipped.findById('nope')).toBeNull()
    expect(await shipped.findById('')).toBeNull()
    expect(await shipped.findById(undefined)).toBeNull()
  })

  test('findByAddress matches across sms and whatsapp forms', async () => {
    expect((await shipped.findByAddress('+15550100105')).customer_id).toBe('cust-1005')
    expect((await shipped.findByAddress('whatsapp:+15550100101')).customer_id).toBe('cust-1001')
    // Only listed on WhatsApp, found from the bare number.
    expect((await shipped.findByAddress('+15550100103')).customer_id).toBe('cust-1003')
    expect((await shipped.findByAddress('+1 (555) 010-0102')).customer_id).toBe('cust-1002')
    expect(await shipped.findByAddress('+15550199999')).toBeNull()
    expect(await shipped.findByAddress('')).toBeNull()
  })

  test('findWorker', async () => {
    expect(await shipped.findWorker('priya.natarajan@example.com')).toEqual({
      identity: 'priya.natarajan@example.com',
      display_name: 'Priya Natarajan',
    })
    expect(await shipped.findWorker('ghost@example.com')).toBeNull()
  })

  test('every shipped customer has an owner who is a known worker, and usable channels', async () => {
    const data = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'data', 'customers.json'), 'utf8'))
    expect(data.customers.length).toBeGreaterThanOrEqual(5)
    for (const c of data.customers) {
      expect(await shipped.findWorker(c.owner)).not.toBeNull()
      expect(c.channels.length).toBeGreaterThan(0)
      for (const ch of c.channels) {
        expect(['sms', 'whatsapp', 'chat']).toContain(ch.type)
        if (ch.type === 'whatsapp') expect(ch.value).toMatch(/^whatsapp:\+\d+$/)
        if (ch.type === 'sms') expect(ch.value).toMatch(/^\+\d+$/)
      }
    }
  })
})

describe('CustomerDirectory paging and search', () => {
  const dir = makeDirectory(7)

  test('walks every page exactly once', async () => {
    const seen = []
    let token
    let pages = 0
    do {
      const page = await dir.list({ worker: 'w@example.com', pageSize: 3, pageToken: token })
      seen.push(...page.customers.map((c) => c.customer_id))
      token = page.nextPageToken
      pages += 1
    } while (token && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual(['c000', 'c001', 'c002', 'c003', 'c004', 'c005', 'c006'])
  })

  test('an exact multiple of the page size ends without a token', async () => {
    const six = makeDirectory(6)
    const first = await six.list({ pageSize: 3 })
    const second = await six.list({ pageSize: 3, pageToken: first.nextPageToken })
    expect(second.customers).toHaveLength(3)
    expect(second.nextPageToken).toBeNull()
  })

  test('page size is clamped, and junk falls back to the default', async () => {
    const big = makeDirectory(MAX_PAGE_SIZE + 5)
    expect((await big.list({ pageSize: 1000 })).customers).toHaveLength(MAX_PAGE_SIZE)
    expect((await big.list({ pageSize: 'abc' })).customers).toHaveLength(30)
    expect((await big.list({ pageSize: '0' })).customers).toHaveLength(30)
  })

  test('an unknown or malformed page token restarts from the top', async () => {
    expect((await dir.list({ pageSize: 2, pageToken: encodePageToken('gone') })).customers[0].customer_id).toBe('c000')
    expect((await dir.list({ pageSize: 2, pageToken: '%%%' })).customers[0].customer_id).toBe('c000')
  })

  test('search is case-insensitive over name, id and number', async () => {
    expect((await dir.search('customer 00')).customers).toHaveLength(7)
    expect((await dir.search('CUSTOMER 004')).customers.map((c) => c.customer_id)).toEqual(['c004'])
    expect((await dir.search('c006')).customers.map((c) => c.customer_id)).toEqual(['c006'])
    expect((await dir.search('0100005')).customers.map((c) => c.customer_id)).toEqual(['c005'])
    expect((await dir.search('zzz')).customers).toEqual([])
  })

  test('search results page too', async () => {
    const first = await dir.search('customer', { pageSize: 4 })
    expect(first.customers).toHaveLength(4)
    const second = await dir.search('customer', { pageSize: 4, pageToken: first.nextPageToken })
    expect(second.customers.map((c) => c.customer_id)).toEqual(['c004', 'c005', 'c006'])
    expect(second.nextPageToken).toBeNull()
  })
})

describe('helpers and validation', () => {
  test('page tokens round-trip', () => {
    expect(decodePageToken(encodePageToken("cust-'1007 & co"))).toBe("cust-'1007 & co")
    expect(decodePageToken('')).toBeNull()
    expect(decodePageToken(undefined)).toBeNull()
  })

  test('normalizeAddress', () => {
    expect(normalizeAddress('whatsapp:+1 555-010 0101')).toBe('+15550100101')
    expect(normalizeAddress('SMS:+15550100101')).toBe('+15550100101')
    expect(normalizeAddress(undefined)).toBe('')
  })

  test('bad data is refused with a useful message', () => {
    expect(() => new CustomerDirectory({})).toThrow(/"customers" array/)
    expect(() => new CustomerDirectory({ customers: [{ display_name: 'x' }] })).toThrow(/customer_id/)
    expect(
      () =>
        new CustomerDirectory({
          customers: [
            { customer_id: 'a', display_name: 'A' },
            { customer_id: 'a', display_name: 'B' },
          ],
        }),
    ).toThrow(/duplicate customer_id a/)
    expect(() => new CustomerDirectory({ customers: [{ customer_id: 'a' }] })).toThrow(/display_name/)
  })

  test('fromFile reports invalid JSON with the file name', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-')), 'broken.json')
    fs.writeFileSync(file, '{ not json')
    try {
      expect(() => CustomerDirectory.fromFile(file)).toThrow(/broken\.json: invalid JSON/)
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
    }
  })
})
