# A tiny résumé that loads only the local extensions (pytest puts conf/_ext on
# sys.path, see pyproject.toml); tests/test_exports.py breaks it on purpose.
extensions = ["myst_parser", "portfolio"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
