"""Commands: validate, build, schema, release. Errors go to stderr, one per line."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .errors import ContentInvalid, GeneratorError

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, about: str) -> argparse.ArgumentParser:
        """A subcommand, its one-line description shown in help and in docs/CONTRACT.md."""
        return commands.add_parser(name, help=about, description=about)

    validate = command("validate", "check every content file")
    validate.add_argument("--content", type=Path, default=ROOT / "content")
    validate.add_argument(
        "--allow-empty", action="store_true", help="accept a content folder with no records"
    )
    build = command("build", "build the site atomically")
    build.add_argument("--content", type=Path, default=ROOT / "content")
    build.add_argument("--output", type=Path, default=ROOT / "output")
    build.add_argument(
        "--cache",
        type=Path,
        default=ROOT / ".cache" / "content",
        help="where parsed records and summaries are kept between builds",
    )
    build.add_argument("--no-cache", action="store_true", help="parse and render everything")
    build.add_argument(
        "--allow-empty",
        action="store_true",
        help="publish a site with no records (refused otherwise)",
    )
    schema = command("schema", "write schema/*.json from the models")
    schema.add_argument("--check", action="store_true", help="fail when schema/ is stale")
    schema.add_argument("--dir", type=Path, default=ROOT / "schema", help="the schema folder")
    docs = command("docs", "write docs/CONTRACT.md from the code")
    docs.add_argument("--check", action="store_true", help="fail when docs/ is stale")
    serve = command("serve", "build, serve on 127.0.0.1, rebuild on every save")
    serve.add_argument("--content", type=Path, default=ROOT / "content")
    serve.add_argument("--port", type=int, default=8000, help="0: any free port")
    serve.add_argument(
        "--output",
        type=Path,
        default=ROOT / ".cache" / "serve" / "site",
        help="where the preview is built (not output/)",
    )
    new = command("new", "write a draft record from an article's text, for an editor to finish")
    new.add_argument(
        "--from", dest="article", type=Path, required=True, help="the article as plain text (UTF-8)"
    )
    new.add_argument("--content", type=Path, default=ROOT / "content")
    release = command("release", "record a snapshot under content/releases/")
    release.add_argument("version")
    release.add_argument("--content", type=Path, default=ROOT / "content")
    release.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        help="release day, YYYY-MM-DD (default: today)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            from .validate import validate_content

            dataset = validate_content(args.content, allow_empty=args.allow_empty)
            print(f"ok: {len(dataset.entries)} records valid", file=sys.stderr)
        elif args.command == "build":
            from .build import build_site

            report = build_site(
                args.content,
                args.output,
                cache_dir=None if args.no_cache else args.cache,
                allow_empty=args.allow_empty,
            )
            print(report, file=sys.stderr)
            for warning in report.warnings:
                print(warning, file=sys.stderr)
        elif args.command == "release":
            from .releases import write_release
            from .validate import validate_content

            dataset = validate_content(args.content)
            path = write_release(args.content, dataset, args.version, args.date or date.today())
            print(f"wrote {path} ({len(dataset.entries)} records)", file=sys.stderr)
        elif args.command == "serve":
            from .serve import serve

            serve(args.content, args.port, args.output, ROOT / ".cache" / "serve" / "cache")
        elif args.command == "new":
            from .draft import write_draft

            path = write_draft(args.article, args.content)
            print(
                f"wrote {path} (draft: true; finish it, then remove draft: true)", file=sys.stderr
            )
        elif args.command == "docs":
            from .docs import check_docs, write_docs

            if args.check:
                check_docs()
                print("ok: docs/CONTRACT.md is up to date", file=sys.stderr)
            else:
                print(f"wrote {write_docs().relative_to(ROOT)}", file=sys.stderr)
        elif args.command == "schema":
            from .schema import check_schemas, write_schemas

            if args.check:
                check_schemas(args.dir)
                print(f"ok: {args.dir.name}/ is up to date", file=sys.stderr)
            else:
                for path in write_schemas(args.dir):
                    print(f"wrote {os.path.relpath(path)}", file=sys.stderr)
    except ContentInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing was published", file=sys.stderr)
        return 1
    except GeneratorError as exc:
        print(f"error: {exc} [{exc.code}]", file=sys.stderr)
        return 1
    except OSError as exc:  # the environment, not a bug: say which file, in one line
        where = f": {exc.filename}" if exc.filename else ""
        print(
            f"error: {exc.strerror or exc}{where}; nothing was published [IO_ERROR]",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was published [INTERRUPTED]", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so in one line, trace on request
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {exc} [INTERNAL]; nothing was "
            "published; rerun with GENERATOR_DEBUG=1 for the trace",
            file=sys.stderr,
        )
        return 2
    return 0
