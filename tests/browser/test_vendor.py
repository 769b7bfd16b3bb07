"""``python -m kgbuild.web.vendor``: the front-end files come from node_modules/, or a message says to run npm ci."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgbuild.errors import ConfigError
from kgbuild.web import vendor


def test_vendor_copies_the_editor_and_the_korean_font(tmp_path: Path) -> None:
    if not (vendor.NODE_MODULES / "@zazuko/yasgui").is_dir():
        pytest.fail("node_modules/ is missing: run `npm ci` (make install does)")
    target = tmp_path / "vendor"
    (tmp_path / "vendor").mkdir()
    (target / "stale.js").write_text("left from an older copy")
    count = vendor.copy_vendor(vendor.NODE_MODULES, target)
    assert (target / "yasgui/yasgui.min.js").stat().st_size > 100_000
    assert (target / "yasgui/yasgui.min.css").is_file()
    assert not (target / "stale.js").exists()
    css = (target / "noto-sans-kr/400.css").read_text(encoding="utf-8")
    assert "font-family: 'Noto Sans KR'" in css
    fonts = list((target / "noto-sans-kr/files").glob("*.woff2"))
    assert len(fonts) > 100  # the Hangul subsets, split by unicode-range
    assert count == sum(1 for path in target.rglob("*") if path.is_file())


def test_vendor_without_node_modules_names_npm_ci(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="run `npm ci`"):
        vendor.copy_vendor(tmp_path / "node_modules", tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists()
