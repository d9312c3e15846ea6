"""``python -m generator``: the command line of SPEC section 2."""

from .cli import main

raise SystemExit(main())
