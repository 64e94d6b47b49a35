-- wrk script: POST /mcp tools/call classify_failure with a ~4 KiB Python trace.
-- Usage: wrk -t2 -c16 -d20s --latency -s bench/load/classify.lua http://127.0.0.1:PORT/mcp
local frames = {}
local i = 0
local size = 0
while size < 3900 do
  local line = string.format('  File \\"/home/runner/work/app/app/src/service/handler_%d.py\\", line %d, in handle_%d\\n', i, 100 + i, i)
  frames[#frames + 1] = line
  size = size + #line
  i = i + 1
end
local trace = "Traceback (most recent call last):\\n" .. table.concat(frames) ..
  "ConnectionResetError: [Errno 104] Connection reset by peer"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"classify_failure",' ..
  '"arguments":{"trace":"' .. trace .. '","language":"python","attempt":1,"max_attempts":3}}}'

function done(summary, latency, requests)
  io.write(string.format("requests %d  requests/s %.0f  p50 %.3f ms  p99 %.3f ms  errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
