// Drives a flakyd daemon with a real third-party MCP client (the official TypeScript SDKs).
//
//   node client_check.mjs v1 http  http://127.0.0.1:PORT/mcp 2025-06-18
//   node client_check.mjs v1 stdio /path/to/flakyd            2025-03-26
//   node client_check.mjs v2 http  http://127.0.0.1:PORT/mcp
//   node client_check.mjs v2 stdio /path/to/flakyd
//
// v1 (@modelcontextprotocol/sdk) speaks the handshake era; the requested version is put into
// its initialize request so every handshake-era version is exercised. v2
// (@modelcontextprotocol/client) is pinned to the stateless 2026-07-28 revision. The script
// connects, lists tools, calls classify_failure (the SDK validates structuredContent against the
// published outputSchema), checks that an unknown tool is a JSON-RPC error, prints one JSON
// summary line and exits 0 only when every check passed.
const [sdk, transportKind, target, version] = process.argv.slice(2);

function fail(message) {
  console.log(JSON.stringify({ ok: false, error: message }));
  process.exit(1);
}

async function makeClient() {
  if (sdk === 'v1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = transportKind === 'http'
      ? new StreamableHTTPClientTransport(new URL(target))
      : new StdioClientTransport({ command: target, args: ['serve', '--stdio'], stderr: 'ignore' });
    const send = transport.send.bind(transport);
    let negotiated;
    transport.send = (message, options) => {
      if (message.method === 'initialize' && version) {
        message = { ...message, params: { ...message.params, protocolVersion: version } };
      }
      return send(message, options);
    };
    // Observe the initialize answer to learn the negotiated version.
    let handler;
    Object.defineProperty(transport, 'onmessage', {
      configurable: true,
      get: () => handler,
      set: (fn) => {
        handler = (message, extra) => {
          if (message?.result?.protocolVersion) negotiated = message.result.protocolVersion;
          return fn(message, extra);
        };
      },
    });
    const client = new Client({ name: 'flakyd-interop-v1', version: '1.0.0' });
    return { client, transport, negotiated: () => negotiated };
  }
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
  const transport = transportKind === 'http'
    ? new StreamableHTTPClientTransport(new URL(target))
    : new StdioClientTransport({ command: target, args: ['serve', '--stdio'], stderr: 'ignore' });
  const client = new Client({ name: 'flakyd-interop-v2', version: '1.0.0' },
                            { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  return { client, transport, negotiated: () => client.getNegotiatedProtocolVersion() };
}

const { client, transport, negotiated } = await makeClient();
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const classify = tools.find((tool) => tool.name === 'classify_failure');
  if (!classify) fail('classify_failure is not listed');
  if (!classify.outputSchema) fail('classify_failure has no outputSchema');
  if (!tools.find((tool) => tool.name === 'redact')) fail('redact is not listed');

  const result = await client.callTool({
    name: 'classify_failure',
    arguments: {
      trace: 'Traceback (most recent call last):\nConnectionResetError: [Errno 104] Connection reset by peer',
      language: 'python', attempt: 1, max_attempts: 3, test_id: 'tests/test_api.py::test_upload',
    },
  });
  const structured = result.structuredContent;
  if (!structured) fail('no structuredContent');
  if (structured.category !== 'flaky-network') fail(`category ${structured.category}`);
  if (structured.action !== 'retry_with_delay') fail(`action ${structured.action}`);
  const text = JSON.parse(result.content[0].text);
  if (text.fingerprint !== structured.fingerprint) fail('text item differs from structuredContent');

  let unknownToolError;
  try {
    const answer = await client.callTool({ name: 'no_such_tool', arguments: {} });
    unknownToolError = answer.isError ? 'isError result' : 'no error';
  } catch (error) {
    unknownToolError = error.code ?? String(error);
  }
  if (unknownToolError !== -32602) fail(`unknown tool answered ${unknownToolError}`);

  const empty = await client.callTool({ name: 'classify_failure', arguments: { trace: '' } });
  if (!empty.isError) fail('an empty trace is not an isError result');

  console.log(JSON.stringify({ ok: true, sdk, transport: transportKind, version: negotiated(),
                               category: structured.category, delay_s: structured.delay_s }));
  await client.close();
  process.exit(0);
} catch (error) {
  fail(String(error?.stack ?? error));
}
