"""Scripted upstream MCP servers for fault tests (standard library only). Each listens on
127.0.0.1 with a free port, records every request it receives, and answers tools/call according
to its `mode`. Stopped by the test (a context manager)."""
import json
import os
import ssl
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERDICT = {"category": "infrastructure", "confidence": 0.8, "action": "retry_with_delay", "delay_s": 45,
           "reason": "AI: the dependency was down"}


class Upstream:
    """mode: healthy | sse | slow | http500 | auth | garbage | out_of_taxonomy | bad_delay |
    drop_mid_reply | endless | stall_after_headers"""

    def __init__(self, mode="healthy", token=None, tls=False):
        self.mode = mode
        self.token = token
        self.tls = tls
        self.requests = []  # (headers dict, body text)
        self.lock = threading.Lock()
        self.tmp = None

    def __enter__(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8", "replace")
                with owner.lock:
                    owner.requests.append((dict(self.headers), body))
                owner.answer(self, json.loads(body))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if self.tls:
            self.tmp = tempfile.mkdtemp(prefix="flakyd-tls-")
            self.cert = os.path.join(self.tmp, "cert.pem")
            key = os.path.join(self.tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                            self.cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                            "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.cert, key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        if self.tmp:
            subprocess.run(["rm", "-rf", self.tmp])

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/mcp"

    def tool_calls(self):
        with self.lock:
            return [json.loads(body) for _, body in self.requests if '"tools/call"' in body]

    @staticmethod
    def send(handler, status, payload, content_type="application/json", extra=None):
        data = payload.encode() if isinstance(payload, str) else payload
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (extra or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout test): nothing to answer

    def answer(self, handler, message):
        if self.token is not None and handler.headers.get("Authorization") != f"Bearer {self.token}":
            return self.send(handler, 401, json.dumps({"error": "unauthorized"}))
        method = message.get("method")
        if "id" not in message:
            return self.send(handler, 202, b"")
        if method == "initialize":
            result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                      "serverInfo": {"name": "scripted", "version": "1"}}
            return self.send(handler, 200, json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}),
                             extra={"Mcp-Session-Id": "scripted-session"})
        verdict = dict(VERDICT)
        mode = self.mode
        if mode == "slow":
            time.sleep(3)
        if mode == "http500":
            return self.send(handler, 500, "oops")
        if mode == "garbage":
            return self.send(handler, 200, "{this is not json")
        if mode == "out_of_taxonomy":
            verdict["category"] = "cosmic-rays"
        if mode == "bad_delay":
            verdict["delay_s"] = 1e9
        reply = {"jsonrpc": "2.0", "id": message["id"],
                 "result": {"content": [{"type": "text", "text": json.dumps(verdict)}], "structuredContent": verdict}}
        text = json.dumps(reply)
        if mode == "sse":
            event = f"event: message\ndata: {text}\n\n"
            return self.send(handler, 200, event, content_type="text/event-stream")
        if mode == "drop_mid_reply":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(text)))
            handler.end_headers()
            handler.wfile.write(text[: len(text) // 2].encode())
            handler.wfile.flush()
            handler.connection.shutdown(2)
            return None
        if mode == "endless":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.end_headers()
            try:
                while True:
                    handler.wfile.write(b"[" * 65536)
            except OSError:
                return None
        if mode == "stall_after_headers":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(text)))
            handler.end_headers()
            handler.wfile.flush()
            time.sleep(5)
            return None
        return self.send(handler, 200, text)
