"""Valid HTML: two fixes to the theme's markup that the W3C Nu HTML Checker asks for.

Both are post-transforms on the HTML builder's doctrees, so a page is written
valid and nothing is patched in its text; ``tests/test_html_valid.py`` runs the
checker over every page of the site.

- **Duplicate ids.** Furo wraps each table in ``<div class="table-wrapper">``
  (so a wide table scrolls) and copies all of the table's attributes onto the
  wrapper, its ids too: a table with a caption or a label has its id twice,
  and ``#id`` links reach the wrapper, not the table. The wrapper keeps the
  classes and gives up the ids. (Furo: ``WrapTableAndMathInAContainerTransform``
  copies with ``update_all_atts``; it should leave ``ids`` out.)
- **aria-controls on a tab's label.** sphinx-design 0.8 points each tab's
  ``<label>`` at its panel with ``aria-controls``; HTML forbids that attribute
  on a label that belongs to a form control (the label's ``for`` names the
  tab's radio button). The attribute is dropped: the radio button and its
  label are the tab, as before 0.8. (sphinx-design: put it on the ``<input>``,
  or leave it out.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.tabs import sd_tab_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WRAPPER_CLASSES = frozenset({"table-wrapper", "math-wrapper"})


class UniqueWrapperIds(SphinxPostTransform):
    """Furo's table and math wrappers give their ids back to what they wrap."""

    formats = ("html",)
    default_priority = 501  # after Furo's wrapping, at 500

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if WRAPPER_CLASSES & set(wrapper["classes"]):
                wrapper["ids"] = []


class TabLabelsWithoutAriaControls(SphinxPostTransform):
    """sphinx-design's tab labels lose ``aria-controls``, which HTML forbids on them."""

    formats = ("html",)
    default_priority = 201  # after sphinx-design builds the tabs, at 200

    def run(self, **kwargs: Any) -> None:
        for label in self.document.findall(sd_tab_label):
            label.attributes.pop("aria_controls", None)


def setup(app: Sphinx) -> None:
    app.add_post_transform(UniqueWrapperIds)
    app.add_post_transform(TabLabelsWithoutAriaControls)
