"""The test suite itself: it writes nothing into the repository."""

from pathlib import Path

from hypothesis import settings
from hypothesis.configuration import storage_directory

REPO = Path(__file__).resolve().parents[1]


def test_hypothesis_keeps_no_database_and_stores_nothing_in_the_repository():
    assert settings().database is None
    where = storage_directory("constants", intent_to_write=False).path
    assert not where.resolve().is_relative_to(REPO)
