"""Proceso web de la aplicación de ejemplo.

- Sin estado (factor VI): las visitas se guardan en un servicio de respaldo.
- Se publica ligándose al puerto de $PORT (factor VII).
- Termina de forma ordenada al recibir SIGTERM (factor IX).
- Escribe sus logs en la salida estándar (factor XI).
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
    """Pide al servicio de respaldo que sume una visita y devuelve el total."""
    peticion = urllib.request.Request(f"{config.CONTADOR_URL}/incrementar", method="POST")
    with urllib.request.urlopen(peticion, timeout=5) as respuesta:
        return json.load(respuesta)["visitas"]


class Manejador(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/salud":
            texto = "ok\n"
        else:
            texto = (f"{config.SALUDO} desde {socket.gethostname()} "
                     f"(versión {config.VERSION}): visita número {siguiente_visita()}\n")
        cuerpo = texto.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato, *args):
        if self.path != "/salud":  # las comprobaciones de salud no interesan
            log(formato % args)


class Servidor(ThreadingHTTPServer):
    # Al cerrar, espera a que terminen las peticiones que están en curso.
    daemon_threads = False


def main():
    servidor = Servidor(("0.0.0.0", config.PORT), Manejador)

    def al_recibir_sigterm(_senal, _marco):
        log("SIGTERM recibido: dejo de aceptar peticiones y termino las que hay en curso")
        # shutdown() espera a que acabe serve_forever(): hay que llamarlo desde otro hilo.
        threading.Thread(target=servidor.shutdown).start()

    signal.signal(signal.SIGTERM, al_recibir_sigterm)
    log(f"escuchando en el puerto {config.PORT} (versión {config.VERSION})")
    servidor.serve_forever()
    servidor.server_close()
    log("cerrado limpiamente")


if __name__ == "__main__":
    main()
