# A tiny site that loads only the local extensions (pytest puts conf/_ext on
# sys.path, see pyproject.toml).
extensions = ["myst_parser", "portfolio"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
