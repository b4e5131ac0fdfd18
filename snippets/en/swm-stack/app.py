"""Minimal API of the example stack: says which container answers and if it sees its secret."""

import os
import socket
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = "/run/secrets/api_token"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        token = "present" if os.path.exists(SECRET) else "absent"
        body = f"API in container {socket.gethostname()}: token {token}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        # The log records go to standard output: docker service logs collects them
        print(f"{self.address_string()} {fmt % args}", flush=True)


HTTPServer(("", 8000), Handler).serve_forever()
