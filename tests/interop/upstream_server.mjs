// A real third-party MCP server (the official TypeScript SDK, v1) playing flakyd's upstream AI
// classifier in tests. Listens on 127.0.0.1 with a free port, prints {"port": N} on stdout, and
// answers classify_failure with a fixed verdict. Stops on SIGTERM or when stdin closes.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const transports = new Map();
let calls = 0;

function makeServer() {
  const server = new McpServer({ name: 'test-ai-classifier', version: '1.0.0' });
  server.registerTool('classify_failure', {
    description: 'Test classifier',
    inputSchema: { trace: z.string() },
    outputSchema: {
      category: z.string(), confidence: z.number(), action: z.string(), delay_s: z.number(), reason: z.string(),
    },
  }, async ({ trace }) => {
    calls += 1;
    const verdict = { category: 'timeout', confidence: 0.77, action: 'retry_with_delay', delay_s: 12,
                      reason: `AI: the host was slow (${trace.length} bytes read)` };
    return { content: [{ type: 'text', text: JSON.stringify(verdict) }], structuredContent: verdict };
  });
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  if (req.url === '/calls') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ calls }));
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  const sessionId = req.headers['mcp-session-id'];
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => transports.set(id, transport),
    });
    await makeServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
});

httpServer.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: httpServer.address().port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
