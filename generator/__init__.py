"""Pelican plugin entry point; the stages live in the sibling modules."""


def register() -> None:
    """Called by Pelican: add our generator, which renders every page."""
    from pelican import signals

    from .pelican_plugin import get_generators

    signals.get_generators.connect(get_generators)
