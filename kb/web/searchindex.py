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
    aside while the English edition (the rest of the site) is indexed, then indexed on its own. An
    edition whose pages are those the site built before indexed keeps that index (Pagefind writes the
    same index from the same pages)."""
    from kb.web.incremental import digest, file_digest, files_of

    zh = site / zh_folder
    for language, folder in (("en", site), ("zh", zh)):
        pages = sorted(p.relative_to(site).as_posix() for p in folder.rglob("*.html")
                       if language == "zh" or p.relative_to(site).parts[0] != zh_folder.rstrip("/"))
        inputs = digest([[rel, file_digest((site / rel).read_bytes())] for rel in pages])
        old = previous.search.get(language) if previous else None
        if old and old["inputs"] == inputs:
            previous.reuse(old["files"], site)
            files = old["files"]
        else:
            if language == "en":
                aside = site.with_name(site.name + ".zh")
                zh.rename(aside)
                try:
                    _index(site)
                finally:
                    aside.rename(zh)
            else:
                _index(zh)
            index = folder / "pagefind"
            files = files_of(site, sorted(p.relative_to(site).as_posix() for p in index.rglob("*") if p.is_file()))
        if manifest is not None:
            manifest.search[language] = {"inputs": inputs, "files": files}


def _index(site: Path) -> None:
    """Pagefind's index of one edition's case pages (in the edition's folder, so that each edition
    searches its own pages); its extended build segments Chinese words, in both editions' text."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "zh", "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-400:]}")
