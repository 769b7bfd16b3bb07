"""kgbuild: the open knowledge graph of Korean government programs, built from press releases."""

__version__ = "0.1.0"
