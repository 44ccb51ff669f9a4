# A tiny site for proving the linkcheck pass; its links point at a placeholder
# host that the test rewrites to a local HTTP server.
exclude_patterns = ["_build"]
