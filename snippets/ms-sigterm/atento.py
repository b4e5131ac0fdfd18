"""Un trabajador que atiende SIGTERM: acaba la tarea en curso y sale con 0."""

import signal
import sys
import time

parar = False


def al_recibir_sigterm(_senal, _marco):
    global parar
    print("atento: SIGTERM recibido, termino la tarea en curso y salgo", flush=True)
    parar = True


signal.signal(signal.SIGTERM, al_recibir_sigterm)
print("atento: preparado, procesando tareas", flush=True)
while not parar:
    time.sleep(0.5)  # aquí iría una tarea corta (o se devolvería a la cola)
print("atento: tarea en curso terminada, adiós", flush=True)
sys.exit(0)
