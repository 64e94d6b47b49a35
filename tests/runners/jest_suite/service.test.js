const fs = require('fs');
const net = require('net');
const path = require('path');

// First run: connection refused (nothing listens). Once the marker exists: connects.
function connectOnceRefused(name) {
  const marker = path.join(process.env.FLAKYD_MARKER_DIR, 'jest-' + name);
  const port = fs.existsSync(marker) ? process.env.FLAKYD_OPEN_PORT : process.env.FLAKYD_REFUSED_PORT;
  fs.writeFileSync(marker, '');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => { socket.end(); resolve(); });
    socket.on('error', reject);
  });
}

describe('api client', () => {
  test('fetches the user (blip)', () => connectOnceRefused('fetch'));
  test('formats the name (bug)', () => {
    expect(['Ada', 'Lovelace'].join(' ')).toBe('Ada  Lovelace');
  });
});

test('uploads a file (blip)', () => connectOnceRefused('upload'));
test('passes', () => expect(1 + 1).toBe(2));
