import assert from 'node:assert';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'node:test';

// First run: connection refused (nothing listens). Once the marker exists: connects.
function connectOnceRefused(name) {
  const marker = path.join(process.env.FLAKYD_MARKER_DIR, 'node-' + name);
  const port = fs.existsSync(marker) ? process.env.FLAKYD_OPEN_PORT : process.env.FLAKYD_REFUSED_PORT;
  fs.writeFileSync(marker, '');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => { socket.end(); resolve(); });
    socket.on('error', reject);
  });
}

test('streams events (blip)', () => connectOnceRefused('stream'));
test('computes the total (bug)', () => assert.strictEqual([1, 2].reduce((a, b) => a + b), 4));
test('passes', () => assert.ok(true));
