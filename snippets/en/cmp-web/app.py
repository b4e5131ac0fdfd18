"""A small example web application, using only the standard library."""

import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PUERTO = int(os.environ.get("PUERTO", "8000"))
SALUDO = os.environ.get("SALUDO", "Hello")
FICHERO_MENSAJE = "/datos/mensaje.txt"
visitas = 0


def leer_mensaje():
    """Reads the message that the "preparar" service left in the volume."""
    try:
        with open(FICHERO_MENSAJE, encoding="utf-8") as fichero:
            return fichero.read().strip()
    except FileNotFoundError:
        return "(no message)"


class Manejador(BaseHTTPRequestHandler):
    def responder(self, codigo, texto):
        cuerpo = (texto + "\n").encode("utf-8")
        self.send_response(codigo)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def do_GET(self):
        global visitas
        if self.path == "/salud":
            self.responder(200, "ok")
        elif self.path == "/romper":
            # Simulates a serious failure: the process ends with exit code 3.
            print("Received /romper: the process ends with exit code 3", flush=True)
            os._exit(3)
        else:
            visitas += 1
            self.responder(
                200,
                f"{SALUDO} from {socket.gethostname()} | "
                f"message: {leer_mensaje()} | visits: {visitas}",
            )

    def log_message(self, formato, *args):
        # We don't fill the log with the healthcheck's requests.
        if self.path != "/salud":
            sys.stderr.write("web: " + (formato % args) + "\n")


def terminar(signum, frame):
    print("SIGTERM received: closing the server", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, terminar)
    servidor = ThreadingHTTPServer(("0.0.0.0", PUERTO), Manejador)
    print(f"Listening on port {PUERTO}", flush=True)
    servidor.serve_forever()
