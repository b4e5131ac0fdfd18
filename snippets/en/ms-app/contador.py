"""The backing service of the example application: a visit counter.

In a real project it would be Redis or PostgreSQL; we write it with Python's
standard library so as not to depend on more images. It keeps its state in
the file $DATOS/visitas, which in Compose lives in a volume.
"""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORT = int(os.environ.get("PORT", "9000"))
FICHERO = Path(os.environ.get("DATOS", "/datos")) / "visitas"
cerrojo = threading.Lock()


def leer():
    return int(FICHERO.read_text()) if FICHERO.exists() else 0


class Manejador(BaseHTTPRequestHandler):
    def responder(self, codigo, datos):
        cuerpo = (json.dumps(datos) + "\n").encode()
        self.send_response(codigo)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def do_GET(self):
        if self.path == "/salud":
            self.responder(200, {"estado": "ok"})
        else:
            with cerrojo:
                self.responder(200, {"visitas": leer()})

    def do_POST(self):
        with cerrojo:
            if self.path == "/incrementar":
                visitas = leer() + 1
            elif self.path == "/reiniciar":
                visitas = 0
            else:
                self.responder(404, {"error": f"{self.path} does not exist"})
                return
            FICHERO.write_text(str(visitas))
        self.responder(200, {"visitas": visitas})

    def log_message(self, formato, *args):
        if self.path != "/salud":
            print(f"contador: {formato % args}", flush=True)


def main():
    servidor = ThreadingHTTPServer(("0.0.0.0", PORT), Manejador)
    signal.signal(signal.SIGTERM,
                  lambda *_: threading.Thread(target=servidor.shutdown).start())
    print(f"contador: listening on port {PORT}, data in {FICHERO}", flush=True)
    servidor.serve_forever()
    servidor.server_close()
    print("contador: shut down cleanly", flush=True)


if __name__ == "__main__":
    main()
