"""`kb site`: the knowledge base as a static website for readers."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kb.cli.base import app, connect, ctx_paths, err
from kb.i18n import _


@app.command()
def site(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the site into (new, empty, or a site "
                                                            "kb built before, which is replaced)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Where the site will be served, an http(s) "
                                           "URL, e.g. https://example.org/kb/: gives every page a canonical link, "
                                           "sitemap.xml absolute URLs and each case's cite text its page's URL. "
                                           "Without it the site has none of these and its sitemap lists paths "
                                           "relative to the site."),
    repo_url: Optional[str] = typer.Option(None, "--repo-url", help="The repository's web address, for links "
                                           "to each record in data/cases.yaml."),
    search: bool = typer.Option(True, "--search/--no-search", help="Build the Pagefind search index."),
    full: bool = typer.Option(False, "--full", help="Render every page again, even those whose records did not "
                              "change since the site in the folder was built."),
) -> None:
    """Build a static website: a page per case, court, party, claim and product, a timeline, charts, search."""
    import time

    from kb.web.build import build_site

    if base_url:
        from kb.web.build import check_base_url

        check_base_url(base_url)  # a wrong address is refused before anything is built
    start = time.perf_counter()
    con = connect(ctx)
    built = build_site(con, output, ctx_paths(ctx).data, base_url=base_url, repo_url=repo_url,
                       search_index=search, full=full)
    if built.yaml_note:
        err(f"note: {built.yaml_note}")
    message = (_("wrote {output}: {pages} pages and {charts} charts (SVG, PNG, CSV) with its search index in "
                 "{seconds:.1f} s") if built.search_index
               else _("wrote {output}: {pages} pages and {charts} charts (SVG, PNG, CSV) without a search index in "
                      "{seconds:.1f} s"))
    err(message.format(output=output, pages=len(built.pages), charts=len(built.charts),
                       seconds=time.perf_counter() - start))
    if built.full_reason:
        err(_("rendered all {rendered} pages ({reason})").format(rendered=built.rendered, reason=_(built.full_reason)))
    else:
        err(_("rendered {rendered} pages again and reused {reused} unchanged from the site built before").format(
            rendered=built.rendered, reused=built.reused))
    if not base_url:
        err(_("note: without --base-url, pages have no canonical link, sitemap.xml lists paths relative to the site "
              "and cite text has no page URL"))
