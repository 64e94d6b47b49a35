import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
// describe, test and expect are Vitest's globals (vitest.config.mjs).

// First run: connection refused (nothing listens). Once the marker exists: connects.
function connectOnceRefused(name) {
  const marker = path.join(process.env.FLAKYD_MARKER_DIR, 'vitest-' + name)
  const port = fs.existsSync(marker) ? process.env.FLAKYD_OPEN_PORT : process.env.FLAKYD_REFUSED_PORT
  fs.writeFileSync(marker, '')
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => { socket.end(); resolve() })
    socket.on('error', reject)
  })
}

describe('orders', () => {
  describe('sync', () => {
    test('pushes to the queue (blip)', () => connectOnceRefused('push'))
  })
  test('totals the basket (bug)', () => expect(0.1 + 0.2).toBe(0.3))
})
test('passes', () => expect(true).toBe(true))
