"""The application's configuration (factor III).

Everything that changes from one deploy to another arrives in environment
variables, each one on its own and with a sensible default for development.
Run `python3 config.py` to see the effective configuration.
"""

import os

PORT = int(os.environ.get("PORT", "8000"))
SALUDO = os.environ.get("SALUDO", "Hello")
CONTADOR_URL = os.environ.get("CONTADOR_URL", "http://localhost:9000")
# The version is not configuration: the build stage stamps it into the image.
VERSION = os.environ.get("APP_VERSION", "development")

if __name__ == "__main__":
    print(f"PORT={PORT}")
    print(f"SALUDO={SALUDO}")
    print(f"CONTADOR_URL={CONTADOR_URL}")
    print(f"VERSION={VERSION}")
