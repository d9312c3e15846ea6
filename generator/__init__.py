"""Pelican plugin entry point; the stages live in the sibling modules."""


def register() -> None:
    """Called by Pelican: add our generator, which renders every page, and our writer."""
    from pelican import signals

    from .pelican_plugin import get_generators, get_writer

    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
