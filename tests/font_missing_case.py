"""Run only by tests/test_make_test.py: a test that fails because the CJK font is missing."""

from cogov.experiments.charts.style import FontMissingError


def test_needs_the_font():
    raise FontMissingError("--lang zh needs a Chinese font; apt-get install -y fonts-noto-cjk")
