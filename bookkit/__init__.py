"""Docker para todos 2: code shared by the MkDocs hooks and the example harness."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
DATA = ROOT / "data"
