"""Figure functions for the ``computed-figure`` directive: ``f(theme, **kwargs) -> Figure``."""
