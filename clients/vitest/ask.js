// One classify_failure call to a flakyd daemon, run as a child process by index.js (Vitest calls
// retry conditions synchronously, so the HTTP request cannot run in the test worker itself).
// stdin: {"url", "timeoutMs", "arguments"}; stdout: {"ok": true, "advice": {...}} or
// {"ok": false, "reason": "..."}. The bearer token comes from FLAKYD_TOKEN and never appears in
// the output. Always exits 0: every failure is an answer.
const ACTIONS = ['retry_with_delay', 'stop_retry']
const MAX_REPLY_BYTES = 1024 * 1024

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

function lastEventData(text) {
  const data = text.split(/\r?\n/).filter((line) => line.startsWith('data:'))
  return data.length ? data[data.length - 1].slice(5).trim() : ''
}

function unwrap(reply) {
  if (!reply || typeof reply !== 'object' || Array.isArray(reply)) {
    throw new Error("flakyd's answer is not a JSON-RPC object")
  }
  if (reply.error) {
    throw new Error(`flakyd answered JSON-RPC error ${reply.error.code}: ${String(reply.error.message).slice(0, 200)}`)
  }
  const advice = reply.result?.structuredContent
  if (reply.result?.isError || !advice || typeof advice !== 'object' || !ACTIONS.includes(advice.action)) {
    throw new Error(`unexpected answer from flakyd: ${JSON.stringify(reply).slice(0, 200)}`)
  }
  return advice
}

async function classify({ url, timeoutMs, arguments: args }) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }
  if (process.env.FLAKYD_TOKEN) headers.Authorization = `Bearer ${process.env.FLAKYD_TOKEN}`
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'classify_failure', arguments: args } })
  let response
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${error.cause?.code ?? error.name}`)
  }
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' (check FLAKYD_TOKEN)' : ''
    throw new Error(`${url} answered HTTP ${response.status}${hint}`)
  }
  const text = await response.text()
  if (text.length > MAX_REPLY_BYTES) throw new Error(`flakyd's answer is larger than ${MAX_REPLY_BYTES} bytes`)
  const json = (response.headers.get('content-type') ?? '').startsWith('text/event-stream') ? lastEventData(text) : text
  let reply
  try {
    reply = JSON.parse(json)
  } catch {
    throw new Error(`flakyd's answer is not JSON: ${JSON.stringify(json.slice(0, 120))}`)
  }
  return unwrap(reply)
}

try {
  const advice = await classify(await readStdin())
  process.stdout.write(JSON.stringify({ ok: true, advice }))
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, reason: error.message }))
}
