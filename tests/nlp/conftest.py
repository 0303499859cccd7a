import pytest

from pipelines.nlp import extract


@pytest.fixture(scope="session")
def run():
    return extract
