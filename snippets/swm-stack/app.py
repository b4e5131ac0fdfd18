"""API mínima del stack de ejemplo: dice qué contenedor responde y si ve su secreto."""

import os
import socket
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = "/run/secrets/api_token"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        token = "presente" if os.path.exists(SECRET) else "ausente"
        body = f"API en el contenedor {socket.gethostname()}: token {token}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        # Los registros van a la salida estándar: los recoge docker service logs
        print(f"{self.address_string()} {fmt % args}", flush=True)


HTTPServer(("", 8000), Handler).serve_forever()
