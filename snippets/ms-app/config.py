"""Configuración de la aplicación (factor III).

Todo lo que cambia de un despliegue a otro llega en variables de entorno,
cada una por separado y con un valor por defecto razonable para desarrollo.
Ejecuta `python3 config.py` para ver la configuración efectiva.
"""

import os

PORT = int(os.environ.get("PORT", "8000"))
SALUDO = os.environ.get("SALUDO", "Hola")
CONTADOR_URL = os.environ.get("CONTADOR_URL", "http://localhost:9000")
# La versión no es configuración: la estampa la fase de build en la imagen.
VERSION = os.environ.get("APP_VERSION", "desarrollo")

if __name__ == "__main__":
    print(f"PORT={PORT}")
    print(f"SALUDO={SALUDO}")
    print(f"CONTADOR_URL={CONTADOR_URL}")
    print(f"VERSION={VERSION}")
