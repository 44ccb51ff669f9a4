"""Figure functions for the ``computed-figure`` directive.

Each is ``f(theme, width, **kwargs) -> Figure``: it draws in the colours of
``theme`` (a :class:`portfolio.figures.Theme`) a figure ``width`` inches wide,
the width the directive asks for: the column's (7 in) or a phone's (3.75 in,
with the same point sizes, so text takes more of the figure). A parameter
annotated :class:`~pathlib.Path` takes a data file in the source folder.
"""
