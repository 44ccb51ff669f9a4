# A tiny Korean site for the Korean search (portfolio.search_ko): the local
# extensions as the site loads them (pytest puts conf/_ext on sys.path).
extensions = ["myst_parser", "portfolio"]
exclude_patterns = ["_build"]
language = "ko"
# A site with no catalogs: its pages are written in Korean, so there is
# nothing to translate (portfolio.editions would ask for a catalog).
portfolio_translation_check = False
