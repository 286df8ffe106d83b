"""Full-page screenshots of the evidence site's main pages, on a phone and on a laptop.

    .venv/bin/python tests/site_screenshots.py SITE_DIR OUT_DIR

Opens each page of PAGES (those present in SITE_DIR) in the system's Chromium (through
Playwright; no browser is downloaded) at each width of VIEWPORTS, saves a full-page PNG
`<page-slug>-<width>.png` in OUT_DIR and prints, a line a screenshot, the page, the width, the
page's scrollWidth x scrollHeight (wider than the width: the page scrolls sideways) and the
PNG's size. The list of pages and viewports is the one tests/test_site_browser.py checks.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# (slug, address in the site): one of each main page type; an address with a * is a pattern, the
# first of its matches in name order (find)
PAGES = (
    ("home", "index.html"),
    ("indicators", "indicators/index.html"),
    ("indicator", "indicators/victims_identified.html"),
    ("claim", "claims/tip-2018-aze/victims-identified-2017.html"),
    ("document-cable", "documents/cable-09baku141.html"),
    ("document-tip-2018", "documents/tip-2018-aze.html"),
    ("documents", "documents/index.html"),
    ("conflicts", "conflicts.html"),
    ("conflict", "conflicts/*.html"),
    ("consistency", "consistency.html"),
    ("coverage", "coverage.html"),
    ("downloads", "downloads/index.html"),
    ("search", "search.html"),
    ("answer", "answers/victims_identified/2017.html"),
    ("glossary", "glossary.html"),
)
# (width, height): a phone (an iPhone 12 to 15's CSS pixels) and a laptop
VIEWPORTS = ((390, 844), (1280, 800))

# the page's own width and height and, when it is wider than the window, the element that
# reaches furthest right (outside any box that scrolls or clips)
MEASURE = """() => {
    const w = window.innerWidth;
    const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
    };
    // an element in a box that scrolls can still widen the page (placed absolutely, its
    // containing block outside the box): where no other reaches out, name it
    let widest = null, right = w, inBox = null, inBoxRight = w;
    if (document.documentElement.scrollWidth > w)
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right <= w + 0.5) continue;
            if (!clipped(el)) { if (r.right > right) { right = r.right; widest = el; } }
            else if (getComputedStyle(el).position === 'absolute' && r.right > inBoxRight) {
                inBoxRight = r.right; inBox = el;
            }
        }
    if (!widest && inBox) { widest = inBox; right = inBoxRight; }
    const name = widest
        ? widest.tagName.toLowerCase() +
          (widest.className ? '.' + String(widest.className).trim().split(/\\s+/).join('.') : '')
        : '';
    return {
        width: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
        widest: name,
        right: Math.round(right),
    };
}"""


def find(site: Path, address: str) -> Path | None:
    """The page at `address` in `site` (the first match of a pattern), or None."""
    if "*" in address:
        return next(iter(sorted(site.glob(address))), None)
    return site / address if (site / address).is_file() else None


def chromium() -> str:
    for name in (os.environ.get("TIPLAKE_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise SystemExit("needs Chromium: apt-get install chromium (or TIPLAKE_CHROMIUM=/path/to/it)")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site, out = Path(argv[0]), Path(argv[1])
    if not (site / "index.html").is_file():
        print(f"{site}: no index.html there (write the site with `tiplake site`)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = [("page", "width", "scrollWidth x scrollHeight", "PNG", "sticks out")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        for width, height in VIEWPORTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            for slug, address in PAGES:
                path = find(site, address)
                if path is None:
                    rows.append((address, str(width), "absent", "", ""))
                    continue
                page.goto(path.resolve().as_uri())
                size = page.evaluate(MEASURE)
                png = out / f"{slug}-{width}.png"
                page.screenshot(path=str(png), full_page=True)
                wide = f"{size['widest']} to {size['right']} px" if size["widest"] else ""
                rows.append(
                    (
                        str(path.relative_to(site)),
                        str(width),
                        f"{size['width']} x {size['height']}",
                        f"{png.name} {png.stat().st_size / 1024:.0f} KiB",
                        wide,
                    )
                )
            page.close()
        browser.close()
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
