"""A minimal server to illustrate a clean Dockerfile."""

import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Manejador(BaseHTTPRequestHandler):
    def do_GET(self):
        cuerpo = f"ok, I am user {os.getuid()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato, *args):
        pass


signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
HTTPServer(("0.0.0.0", 8000), Manejador).serve_forever()
