"""What every portal page must pass on a phone and on an office screen: no sideways scrolling,
no serious or critical axe-core finding, a visible keyboard focus; and a screenshot to look at."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

SIZES = {"phone": (390, 844), "office": (1366, 768)}
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe-4.12.1.min.js").read_text()
# Kept out of the repository (.gitignore); CI may keep them as the run's artifacts.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

_AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""

# After a Tab, the focused element must show a ring: an outline at least 2px wide or a shadow.
_FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return "nothing focused"; }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  if (box.width === 0 || box.height === 0) { return `${el.tagName} focused but not shown`; }
  return ring ? "" : `${el.tagName}.${el.className} focused without a visible ring`;
}"""


def check_page(page: Page, base_url: str, path: str, *, role: str, size: str) -> list[str]:
    """Open `path` at `size` and return what is wrong with it (an empty list when nothing)."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    problems = []
    if response is None or response.status != 200:
        problems.append(f"answered {response.status if response else 'nothing'}")
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width > page.evaluate("innerWidth"):
        problems.append(f"scrolls sideways: {scroll_width}px wide at {width}px")
    page.evaluate(AXE)  # through the DevTools protocol: the page's CSP does not apply
    problems += page.evaluate(_AXE_RUN)
    for _ in range(3):
        page.keyboard.press("Tab")
        if message := page.evaluate(_FOCUS_SHOWN):
            problems.append(f"keyboard focus: {message}")
            break
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    page.screenshot(path=SCREENSHOTS / f"{role}-{name}-{width}x{height}.png", full_page=True)
    return [f"{path} at {width}×{height}: {problem}" for problem in problems]


def check_pages(page: Page, base_url: str, paths: list[str], *, role: str) -> list[str]:
    return [
        problem
        for path in paths
        for size in SIZES
        for problem in check_page(page, base_url, path, role=role, size=size)
    ]
