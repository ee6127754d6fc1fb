"""The knowledge base as a static website for readers (`kb site -o DIR`).

`kb.web.build` gathers everything through the same library functions as the CLI (`kb.queries`,
`kb.graph`, `kb.export`, `kb.picture`) and renders the Jinja2 templates in `templates/`; the
files in `static/` are copied as they are. Pagefind indexes the pages for search in the browser.
"""
