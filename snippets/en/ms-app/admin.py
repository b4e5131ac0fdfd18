"""One-off admin tasks (factor XII).

They ship with the application's code and read the same configuration as the
web process, so they run against the same release:

    python3 admin.py estado      shows how many visits are recorded
    python3 admin.py reiniciar   resets the counter to zero
"""

import json
import sys
import urllib.request

import config


def llamar(metodo, ruta):
    peticion = urllib.request.Request(f"{config.CONTADOR_URL}{ruta}", method=metodo)
    with urllib.request.urlopen(peticion, timeout=5) as respuesta:
        return json.load(respuesta)["visitas"]


def main(argumentos):
    orden = argumentos[0] if argumentos else "estado"
    if orden == "estado":
        print(f"Visits recorded at {config.CONTADOR_URL}: {llamar('GET', '/')}")
    elif orden == "reiniciar":
        llamar("POST", "/reiniciar")
        print(f"Counter at {config.CONTADOR_URL} reset to 0")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
