"""Reflow checks (WCAG 1.4.10 and 1.4.4): no sideways scrolling, nothing overlapping."""

# Text boxes of different elements that cover each other by more than a pixel
# or two: the sign of text drawn over other text when the text grows.
FIND_OVERLAPS = """
() => {
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const owner = node.parentElement;
        const style = getComputedStyle(owner);
        if (style.visibility === "hidden" || owner.closest("[hidden], .skip-link")) {
            continue;
        }
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
            if (rect.width > 1 && rect.height > 1) boxes.push({owner, rect});
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
    overlaps = page.evaluate(FIND_OVERLAPS)
    if overlaps:
        problems.append(f"overlapping text: {overlaps}")
    return problems
