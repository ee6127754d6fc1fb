"""Each edition's Pagefind index, over its own pages only; kept from the site built before when the
edition's pages are the same bytes (Pagefind writes the same index from the same pages)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.errors import KbError


class SearchIndexError(KbError):
    """Pagefind failed."""


def index_editions(site: Path, zh_folder: str, previous=None, manifest=None) -> None:
    """A search index for each edition, over its own pages only: the Chinese edition's folder is set
    aside, and the English edition (the rest of the site) and the Chinese one are indexed at once, by a
    Pagefind each. An edition whose pages are those the site built before indexed keeps that index
    (Pagefind writes the same index from the same pages)."""
    from kb.web.incremental import digest, file_digest, files_of

    zh = site / zh_folder
    plans = {}
    for language, folder in (("en", site), ("zh", zh)):
        pages = sorted(p.relative_to(site).as_posix() for p in folder.rglob("*.html")
                       if language == "zh" or p.relative_to(site).parts[0] != zh_folder.rstrip("/"))
        inputs = digest([[rel, file_digest((site / rel).read_bytes())] for rel in pages])
        old = previous.search.get(language) if previous else None
        plans[language] = (folder, inputs, old if old and old["inputs"] == inputs else None)
    if any(old is None for _, _, old in plans.values()):
        aside = site.with_name(site.name + ".zh")
        zh.rename(aside)
        try:
            _index([{"en": site, "zh": aside}[language] for language, (_, _, old) in plans.items() if old is None])
        finally:
            aside.rename(zh)
    for language, (folder, inputs, old) in plans.items():
        if old is not None:
            previous.reuse(old["files"], site)
            files = old["files"]
        else:
            index = folder / "pagefind"
            files = files_of(site, sorted(p.relative_to(site).as_posix() for p in index.rglob("*") if p.is_file()))
        if manifest is not None:
            manifest.search[language] = {"inputs": inputs, "files": files}


def _index(sites: list[Path]) -> None:
    """Pagefind's index of each edition's case pages (in the edition's folder, so that each edition
    searches its own pages), one process per edition at once; its extended build segments Chinese words,
    in both editions' text."""
    procs = [subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "zh",
                               "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for site in sites]
    failed = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            failed.append(f"pagefind failed ({proc.returncode}): {(err or out).strip()[-400:]}")
    if failed:
        raise SearchIndexError(failed[0])
