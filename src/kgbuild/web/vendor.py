"""Copy the front-end files the pages use from ``node_modules/`` into ``static/vendor/`` (no CDN at run time).

Run ``npm ci`` first (package-lock.json pins the versions), then ``python -m kgbuild.web.vendor``.
The vendor folder is replaced as a whole, so a file dropped from the list does not linger; it is gitignored.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from kgbuild.errors import ConfigError
from kgbuild.paths import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"

# destination under vendor/ -> source under node_modules/
FILES: dict[str, str] = {
    "yasgui/yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui/yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "yasgui/package.json": "@zazuko/yasgui/package.json",  # version and licence (MIT) of what is served
    "noto-sans-kr/LICENSE": "@fontsource/noto-sans-kr/LICENSE",
    "noto-sans-kr/package.json": "@fontsource/noto-sans-kr/package.json",
}
# Stylesheets whose url(...) font files are copied beside them: regular and bold Noto Sans KR, split by
# unicode-range so a browser downloads only the subsets a page uses.
FONT_CSS: dict[str, str] = {
    "noto-sans-kr/400.css": "@fontsource/noto-sans-kr/400.css",
    "noto-sans-kr/700.css": "@fontsource/noto-sans-kr/700.css",
}
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:)([^'\")]+)['\"]?\s*\)")


def vendor_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Every file to copy, destination -> source. Raises ConfigError naming `npm ci` when one is missing."""
    wanted = {dest: node_modules / src for dest, src in {**FILES, **FONT_CSS}.items()}
    for dest, src in FONT_CSS.items():
        css = node_modules / src
        if not css.is_file():
            continue  # reported below with the other missing files
        for ref in _CSS_URL.findall(css.read_text(encoding="utf-8")):
            wanted[str(Path(dest).parent / ref).replace("\\", "/")] = (css.parent / ref).resolve()
    missing = [str(path) for path in wanted.values() if not path.is_file()]
    if missing:
        raise ConfigError(
            f"front-end packages are missing ({len(missing)} files, first {missing[0]}): "
            f"run `npm ci` in {node_modules.parent} first, then `python -m kgbuild.web.vendor`"
        )
    return wanted


def copy_vendor(node_modules: Path = NODE_MODULES, target: Path = VENDOR_DIR) -> int:
    """Replace ``target`` with fresh copies of the vendor files; returns the number of files copied."""
    files = vendor_files(node_modules)
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    for dest, src in files.items():
        out = staging / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m kgbuild.web.vendor``. Exit 0 on success, 2 when npm ci was not run."""
    del argv  # no options
    try:
        count = copy_vendor()
    except ConfigError as err:
        print(f"kgbuild.web.vendor: {err}", file=sys.stderr)
        return err.exit_code
    print(f"copied {count} front-end files into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
