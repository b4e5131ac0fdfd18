"""The web process of the example application.

- Stateless (factor VI): the visits are kept in a backing service.
- It exports itself by binding to the port in $PORT (factor VII).
- It shuts down gracefully on receiving SIGTERM (factor IX).
- It writes its logs to standard output (factor XI).
"""

import json
import signal
import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import config


def log(mensaje):
    print(f"web: {mensaje}", flush=True)


def siguiente_visita():
    """Asks the backing service to add a visit and returns the total."""
    peticion = urllib.request.Request(f"{config.CONTADOR_URL}/incrementar", method="POST")
    with urllib.request.urlopen(peticion, timeout=5) as respuesta:
        return json.load(respuesta)["visitas"]


class Manejador(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/salud":
            texto = "ok\n"
        else:
            texto = (f"{config.SALUDO} from {socket.gethostname()} "
                     f"(version {config.VERSION}): visit number {siguiente_visita()}\n")
        cuerpo = texto.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato, *args):
        if self.path != "/salud":  # health checks are not interesting
            log(formato % args)


class Servidor(ThreadingHTTPServer):
    # On closing, it waits for the requests in progress to finish.
    daemon_threads = False


def main():
    servidor = Servidor(("0.0.0.0", config.PORT), Manejador)

    def al_recibir_sigterm(_senal, _marco):
        log("SIGTERM received: no longer accepting requests, finishing those in progress")
        # shutdown() waits for serve_forever() to end: it must be called from another thread.
        threading.Thread(target=servidor.shutdown).start()

    signal.signal(signal.SIGTERM, al_recibir_sigterm)
    log(f"listening on port {config.PORT} (version {config.VERSION})")
    servidor.serve_forever()
    servidor.server_close()
    log("shut down cleanly")


if __name__ == "__main__":
    main()
