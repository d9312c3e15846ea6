"""Build benchmarks: synthetic content (``benchmarks.synth``) and the runner (``benchmarks.run``).

Nothing here is imported by the generator; the package only measures it, next to stock
Pelican and Hugo, on the same synthetic records.
"""
