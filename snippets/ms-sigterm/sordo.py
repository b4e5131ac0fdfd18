"""Un trabajador que no instala ningún manejador de señales.

Como proceso 1 del contenedor, el núcleo descarta las señales que no
maneja: SIGTERM no le hace nada y solo SIGKILL consigue pararlo.
"""

import time

print("sordo: preparado, procesando tareas", flush=True)
while True:
    time.sleep(0.5)
