from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_page():
    return lambda name: FIXTURES / "pages" / name
