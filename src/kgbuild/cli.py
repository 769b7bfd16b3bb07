"""The ``kgbuild`` command: build, load, extract, query, dump, validate, serve.

Exit codes (one place, ``main``; documented in the README): 0 ok; 1 invalid data (an unreadable release, SHACL
violations, a query stopped by its time limit); 2 bad input or configuration; 3 a fault of kgbuild itself. No
command shows a stack trace; ``--debug`` (or KGBUILD_DEBUG=1) logs one for an internal fault.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgbuild.config import Config, split_list
from kgbuild.errors import BadInput, KgbuildError, ValidationFailed

if TYPE_CHECKING:
    import pyoxigraph as ox

log = logging.getLogger("kgbuild")

EXIT_INTERNAL = 3

STORE_OPTION = click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store location (a link to the current version). Default: data/store or KGBUILD_STORE.",
)


def default_sources() -> list[Path]:
    """sources/*.txt of the working directory, else of the project."""
    from kgbuild.paths import SOURCES_DIR

    local = Path("sources")
    directory = local if local.is_dir() else SOURCES_DIR
    found = sorted(directory.glob("*.txt"))
    if not found:
        raise BadInput(f"no releases match {directory}/*.txt; give SOURCE files or add releases there")
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, envvar="KGBUILD_DEBUG", help="Log details of internal faults.")
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.version_option(package_name="kgbuild")
@click.pass_context
def cli(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """kgbuild: Korean government press releases -> a validated, linked RDF graph, served over SPARQL."""
    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"debug": debug, "quiet": quiet}


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--base", default=None, help="Base of instance IRIs (KGBUILD_BASE). Default https://kgbuild.org/")
@click.pass_context
def build(ctx: click.Context, sources: tuple[Path, ...], store: Path | None, base: str | None) -> None:
    """Extract, map, validate (SHACL) and load SOURCES (default sources/*.txt) into a new store version.

    The new version is built aside and swapped in only after validation passes: a failed or killed
    build leaves the served store as it was. Prints a summary.
    """
    from kgbuild.build import build as run_build

    config = Config.from_env(store=store, base=base)
    paths = list(sources) or default_sources()
    for path in paths:
        if not path.is_file():
            raise BadInput(f"{path}: no such release file; give an existing .txt file")
    quiet = ctx.obj["quiet"]

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % 100 == 0):
            click.echo(f"extracted {done}/{total} releases", err=True)

    summary = run_build(paths, store_path=config.store, base=config.base, progress=progress)
    for line in summary.lines():
        click.echo(line)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--base", default=None, help="Base of instance IRIs (KGBUILD_BASE). Default https://kgbuild.org/")
def load(files: tuple[Path, ...], store: Path | None, base: str | None) -> None:
    """Load external datasets beside ours, each FILE into a named graph of its own ({base}graph/external/<stem>).

    RDF files load as they are; a CSV statistics table by 시도 needs its row in a datasets.csv beside it (see
    sources/external/). The store gets a new version, validated and swapped in like a build; the next
    `kgbuild build` loads only what is in sources/external/, so put a dataset there to keep it.
    """
    from kgbuild import store as kgstore
    from kgbuild.external import load_external_file
    from kgbuild.gazetteer import load_gazetteer
    from kgbuild.model.namespaces import Ids
    from kgbuild.shacl import SHAPES_FILE, format_report, load_shapes
    from kgbuild.shacl import validate as run_validate

    config = Config.from_env(store=store, base=base)
    ids = Ids(config.base)
    for path in files:
        if not path.is_file():
            raise BadInput(f"{path}: no such file; give an RDF file or a CSV table described in datasets.csv")
    shapes = load_shapes(SHAPES_FILE)

    def apply(target: ox.Store) -> None:
        for path in files:
            graph = load_external_file(target, path, ids=ids, gazetteer=load_gazetteer())
            click.echo(f"loaded {path} into <{graph}>", err=True)
        violations = run_validate(target, shapes)
        if violations:
            raise ValidationFailed(
                f"the store would not conform after loading:\n{format_report(violations)}", violations
            )

    version, _ = kgstore.write_aside(config.store, apply)
    click.echo(f"store {config.store} now serves {version.name}")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
def extract(source: Path) -> None:
    """Print what the extractor read from one release SOURCE as JSON (facts with their sentences,
    lines and character offsets, and the clauses it could not read)."""
    from kgbuild.extract.release import extract_release, release_to_json

    if not source.is_file():
        raise BadInput(f"{source}: no such release file")
    click.echo(json.dumps(release_to_json(extract_release(source)), ensure_ascii=False, indent=2))


def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value`` -> (name, term): <iri> or http(s)://… is an IRI, a number an xsd:integer/decimal,
    anything else a plain string literal."""
    import pyoxigraph as ox

    name, sep, value = text.partition("=")
    if not sep or not name:
        raise BadInput(f"--param {text!r}: write NAME=VALUE, e.g. --param region=https://kgbuild.org/id/region/ulsan")
    if value.startswith("<") and value.endswith(">"):
        return name.lstrip("?$"), ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://")):
        return name.lstrip("?$"), ox.NamedNode(value)
    try:
        int(value)
        return name.lstrip("?$"), ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    except ValueError:
        return name.lstrip("?$"), ox.Literal(value)


@cli.command()
@click.argument("query")
@STORE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json is SPARQL 1.1 Query Results JSON.",
)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query variable.")
def query(query: str, store: Path | None, fmt: str, params: tuple[str, ...]) -> None:
    """Run QUERY (a named query such as `targets`, or a .rq file) on the store.

    The default graph is the union of all named graphs, as on the endpoint.
    """
    from kgbuild import store as kgstore
    from kgbuild.output import write_results
    from kgbuild.queries import find_query

    config = Config.from_env(store=store)
    named = find_query(query)
    bindings = dict(parse_binding(p) for p in params)
    unknown = set(bindings) - set(named.params)
    if unknown and named.params:
        raise BadInput(f"--param {', '.join(sorted(unknown))}: {named.name} takes only {', '.join(named.params)}")
    results = kgstore.run_query(kgstore.open_read_only(config.store), named.text, substitutions=bindings)
    write_results(results, sys.stdout, fmt)


@cli.command()
@STORE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld"]),
    default="turtle",
    show_default=True,
    help="nquads and trig keep the named graphs.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default stdout).")
def dump(store: Path | None, fmt: str, output: Path | None) -> None:
    """Stream the whole graph in one RDF syntax."""
    from kgbuild import store as kgstore

    config = Config.from_env(store=store)
    source = kgstore.open_read_only(config.store)
    if output is None:
        kgstore.dump(source, sys.stdout.buffer, fmt)
        return
    tmp = output.with_name(f".{output.name}.part")
    with tmp.open("wb") as fh:
        kgstore.dump(source, fh, fmt)
    os.replace(tmp, output)
    click.echo(f"wrote {output}", err=True)


@cli.command()
@STORE_OPTION
def validate(store: Path | None) -> None:
    """Check the served store against ontology/shapes.ttl and print the SHACL report."""
    from kgbuild import store as kgstore
    from kgbuild.shacl import SHAPES_FILE, format_report, load_shapes
    from kgbuild.shacl import validate as run_validate

    config = Config.from_env(store=store)
    violations = run_validate(kgstore.open_read_only(config.store), load_shapes(SHAPES_FILE))
    if violations:
        click.echo(format_report(violations))
        click.echo(f"{len(violations)} violations", err=True)
        sys.exit(1)
    click.echo("conforms: the store satisfies every shape in ontology/shapes.ttl")


@cli.command()
@STORE_OPTION
@click.option("--host", default=None, help="Interface to listen on (KGBUILD_HOST). Default 127.0.0.1.")
@click.option("--port", type=int, default=None, help="Port (KGBUILD_PORT). Default 8000.")
@click.option("--workers", type=int, default=None, help="Query worker processes (KGBUILD_WORKERS).")
@click.option("--threads", type=int, default=None, help="HTTP threads (KGBUILD_THREADS).")
@click.option(
    "--query-timeout",
    type=float,
    default=None,
    help="Seconds before a query is stopped (KGBUILD_QUERY_TIMEOUT).",
)
@click.option("--max-rows", type=int, default=None, help="Rows before a result is truncated (KGBUILD_MAX_ROWS).")
@click.option("--max-request-bytes", type=int, default=None, help="Largest request body (KGBUILD_MAX_REQUEST_BYTES).")
@click.option(
    "--service-allow",
    default=None,
    help="Comma-separated IRI prefixes allowed in SERVICE/LOAD/FROM (KGBUILD_SERVICE_ALLOW).",
)
@click.option(
    "--public-url",
    default=None,
    help="Public address written into the service description and VoID (KGBUILD_PUBLIC_URL).",
)
@click.option(
    "--query-memory", type=int, default=None, help="MiB a query worker may use; 0: no cap (KGBUILD_QUERY_MEMORY)."
)
def serve(
    store: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    threads: int | None,
    query_timeout: float | None,
    max_rows: int | None,
    max_request_bytes: int | None,
    service_allow: str | None,
    public_url: str | None,
    query_memory: int | None,
) -> None:
    """Serve the store: SPARQL endpoint, query page, entity pages and dumps (KGBUILD_UPDATE_TOKEN enables
    /update and /store for requests with that bearer token)."""
    from kgbuild.web.server import serve as run_server

    allow = split_list(service_allow) if service_allow else None
    config = Config.from_env(
        store=store,
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        query_timeout=query_timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_bytes,
        service_allow=allow,
        public_url=public_url,
        query_memory=query_memory,
    )
    run_server(config)


def main() -> None:
    """Console entry point: runs the group, turning kgbuild errors into a message and an exit code."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(2)
    except KgbuildError as err:
        click.echo(f"error: {err.message}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as err:  # a fault of kgbuild itself: one line for the user, the trace in the debug log
        log.debug("internal error", exc_info=True)
        click.echo(f"internal error: {type(err).__name__}: {err} (rerun with --debug for details)", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
