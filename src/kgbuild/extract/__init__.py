"""Text of a press release -> the dataclasses of ``records`` (no rdflib, no flask here)."""

from kgbuild.extract.release import extract_release
from kgbuild.extract.serialize import release_to_json

__all__ = ["extract_release", "release_to_json"]
