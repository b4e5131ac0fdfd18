"""Pequeña aplicación web de ejemplo, solo con la biblioteca estándar."""

import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PUERTO = int(os.environ.get("PUERTO", "8000"))
SALUDO = os.environ.get("SALUDO", "Hola")
FICHERO_MENSAJE = "/datos/mensaje.txt"
visitas = 0


def leer_mensaje():
    """Lee el mensaje que dejó el servicio «preparar» en el volumen."""
    try:
        with open(FICHERO_MENSAJE, encoding="utf-8") as fichero:
            return fichero.read().strip()
    except FileNotFoundError:
        return "(sin mensaje)"


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
            # Simula un fallo grave: el proceso termina con código 3.
            print("Recibido /romper: el proceso termina con código 3", flush=True)
            os._exit(3)
        else:
            visitas += 1
            self.responder(
                200,
                f"{SALUDO} desde {socket.gethostname()} | "
                f"mensaje: {leer_mensaje()} | visitas: {visitas}",
            )

    def log_message(self, formato, *args):
        # No llenamos el log con las peticiones del healthcheck.
        if self.path != "/salud":
            sys.stderr.write("web: " + (formato % args) + "\n")


def terminar(signum, frame):
    print("SIGTERM recibido: cerrando el servidor", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, terminar)
    servidor = ThreadingHTTPServer(("0.0.0.0", PUERTO), Manejador)
    print(f"Escuchando en el puerto {PUERTO}", flush=True)
    servidor.serve_forever()
