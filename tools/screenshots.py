"""Redraw the README's pictures of the website from a real build of the shipped data, in Chromium.

    python tools/screenshots.py

builds the site from `data/` into a temporary folder, serves it on 127.0.0.1 and writes
`docs/site-case.png` (a case page) and `docs/site-charts.png` (the charts page), each the first
1100 × 1250 px a reader sees. Needs the `web` and `test` extras and Debian's chromium.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {"docs/site-case.png": "cases/cn-2024-ultraman-guangzhou/", "docs/site-charts.png": "charts/"}
WIDTH, HEIGHT = 1100, 1250


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    from playwright.sync_api import sync_playwright

    from kb import store
    from kb.web.build import build_site

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        paths = store.Paths(ROOT / "data", Path(tmp) / "kb.sqlite")
        dataset, findings = store.build(paths)
        if dataset is None:
            print("\n".join(map(str, findings)), file=sys.stderr)
            return 1
        con = store.connect_readonly(paths.db)
        out = Path(tmp) / "site"
        build_site(con, out, ROOT / "data", search_index=False)
        con.close()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                for target, path in SHOTS.items():
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                    page.screenshot(path=str(ROOT / target))
                    print(f"wrote {target}")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
