"""The words the local extensions write themselves, in the page's language.

Labels, dates, the CV's headings and the words drawn inside computed figures
are messages of the ``portfolio`` catalog: ``_("Dates")`` here, translated in
``locale/<language>/LC_MESSAGES/portfolio.po`` beside this module (Sphinx
compiles it when it builds in that language). The pages' own text is in the
pages' catalogs (``docs/locale``), not here.

``_`` translates when it is called, in the language of the build that calls
it; call it where the words are written, never at import time.
Sphinx compiles the pages' catalogs but not an extension's; :func:`setup`
compiles this one into the doctree folder (``portfolio-locale``), so the
source tree gets no ``.mo`` file and every build reads its ``.po`` as it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages import mofile, pofile
from sphinx import locale
from sphinx.locale import get_translation

from portfolio.files import write_whole

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The catalog's name (its ``.po`` file's name).
CATALOG = "portfolio"

#: The folder of the catalog's translations: ``<language>/LC_MESSAGES/portfolio.po``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translate = get_translation(CATALOG)


def _(message: str) -> str:
    """``message`` in the build's language (as written if it has no translation)."""
    return str(_translate(message))


def catalog_file(language: str | None) -> Path | None:
    """The ``.po`` file of ``language``, if the catalog has one."""
    if not language:
        return None
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"
    return path if path.is_file() else None


def compile_catalog(po_file: Path, locale_dir: Path, language: str) -> None:
    """Compile ``po_file`` to ``locale_dir/<language>/LC_MESSAGES/portfolio.mo``.

    Written only when it changes, through a temporary file, so parallel
    builds that share the folder never read half of one.
    """
    with po_file.open("rb") as file:
        catalog = pofile.read_po(file, locale=language, domain=CATALOG)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)
    target = locale_dir / language / "LC_MESSAGES" / f"{CATALOG}.mo"
    if target.exists() and target.read_bytes() == buffer.getvalue():
        return
    write_whole(target, buffer.getvalue())


def setup(app: Sphinx) -> None:
    # Sphinx adds a catalog to the one an earlier build in the same process
    # loaded; this build's language alone decides.
    locale.translators.pop(("general", CATALOG), None)
    locale_dir = Path(app.doctreedir) / "portfolio-locale"
    language = app.config.language
    po_file = catalog_file(language)
    if po_file is not None:
        compile_catalog(po_file, locale_dir, language)
    # Without a catalog for the language, the words stay as written.
    app.add_message_catalog(CATALOG, str(locale_dir))
