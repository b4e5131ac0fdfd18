"""Tareas de administración puntuales (factor XII).

Viajan con el código de la aplicación y leen la misma configuración que el
proceso web, así que se ejecutan contra la misma release:

    python3 admin.py estado      muestra cuántas visitas hay registradas
    python3 admin.py reiniciar   pone el contador a cero
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
        print(f"Visitas registradas en {config.CONTADOR_URL}: {llamar('GET', '/')}")
    elif orden == "reiniciar":
        llamar("POST", "/reiniciar")
        print(f"Contador de {config.CONTADOR_URL} reiniciado a 0")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
