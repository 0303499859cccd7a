from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from scraper.middlewares import retry_after_seconds


@pytest.mark.parametrize("header, expected", [(b"120", 120.0), (b" 5 ", 5.0), (None, None),
                                              (b"", None), (b"soon", None)])
def test_retry_after_in_seconds(header, expected):
    assert retry_after_seconds(header) == expected


def test_retry_after_as_http_date():
    when = datetime.now(timezone.utc) + timedelta(seconds=90)
    assert 80 <= retry_after_seconds(format_datetime(when, usegmt=True).encode()) <= 90
