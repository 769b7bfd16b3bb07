"""Namespaces and the mapping of extracted records to RDF."""
