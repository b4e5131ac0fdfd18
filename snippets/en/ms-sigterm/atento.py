"""A worker that handles SIGTERM: it finishes the current job and exits with 0."""

import signal
import sys
import time

parar = False


def al_recibir_sigterm(_senal, _marco):
    global parar
    print("atento: SIGTERM received, finishing the current job and exiting", flush=True)
    parar = True


signal.signal(signal.SIGTERM, al_recibir_sigterm)
print("atento: ready, processing jobs", flush=True)
while not parar:
    time.sleep(0.5)  # a short job would go here (or be returned to the queue)
print("atento: current job finished, goodbye", flush=True)
sys.exit(0)
