"""Reflow checks (WCAG 1.4.10 and 1.4.4): no sideways scrolling, nothing overlapping."""

# Text boxes of different elements that cover each other by more than a pixel
# or two: the sign of text drawn over other text when the text grows.
FIND_OVERLAPS = """
(selector) => {
    // Visually hidden (for screen readers only): clipped to a 1 px box.
    const clipped = (element) => {
        for (let e = element; e; e = e.parentElement) {
            const box = e.getBoundingClientRect();
            if ((box.width <= 1 || box.height <= 1)
                && getComputedStyle(e).overflow !== "visible") return true;
        }
        return false;
    };
    const boxes = [];
    for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const owner = node.parentElement;
        const style = getComputedStyle(owner);
        // Not drawn: hidden, or the body of a closed <details>.
        if (style.visibility === "hidden"
            || owner.closest("[hidden], .skip-link")
            || owner.closest("details:not([open]) > :not(summary)")
            || clipped(owner)) {
            continue;
        }
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
            if (rect.width > 1 && rect.height > 1) boxes.push({owner, rect});
        }
    }
    }
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.owner === b.owner) continue;
            const x = Math.min(a.rect.right, b.rect.right)
                - Math.max(a.rect.left, b.rect.left);
            const y = Math.min(a.rect.bottom, b.rect.bottom)
                - Math.max(a.rect.top, b.rect.top);
            if (x > 2 && y > 2) {
                overlaps.push(
                    a.owner.textContent.trim().slice(0, 40) + " / "
                    + b.owner.textContent.trim().slice(0, 40)
                );
            }
        }
    }
    return overlaps.slice(0, 10);
}
"""


def set_text_size(page, percent):
    """Like the browser's text size setting: the default font size, not a zoom."""
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * percent // 100}})


def overlapping_text(page, selector="body"):
    """Texts drawn over each other within the elements ``selector`` finds."""
    return page.evaluate(FIND_OVERLAPS, selector)


def reflow_problems(page, width):
    """What keeps a person from reading ``page`` at ``width`` px, if anything."""
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(e => e.tagName + "." + e.className + " "
                    + Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        problems.append(f"{scroll_width} px wide at {width} px: {wide}")
    overlaps = overlapping_text(page)
    if overlaps:
        problems.append(f"overlapping text: {overlaps}")
    return problems
