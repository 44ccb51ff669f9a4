# A tiny Korean site for the Korean search (portfolio.search_ko): the local
# extensions as the site loads them (pytest puts conf/_ext on sys.path).
extensions = ["myst_parser", "portfolio"]
exclude_patterns = ["_build"]
language = "ko"
