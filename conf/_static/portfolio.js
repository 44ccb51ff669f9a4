// A code block, table or figure that is wider than the column scrolls sideways; give
// it keyboard focus, so a reader without a mouse can scroll it too (WCAG 2.1.1,
// axe's scrollable-region-focusable). Only blocks that scroll become tab stops,
// and a block in a tab panel is checked again when the panel is shown.
(() => {
  "use strict";
  const SELECTOR = "pre, .table-wrapper, figure";

  // Every width is read before any attribute is written: a write between two
  // reads would make the browser lay the page out again for each block.
  function update(elements) {
    const scrolls = elements.map((element) => element.scrollWidth > element.clientWidth);
    elements.forEach((element, i) => {
      const focusable = element.getAttribute("tabindex") === "0";
      if (scrolls[i] && !focusable) {
        element.setAttribute("tabindex", "0");
      } else if (!scrolls[i] && focusable) {
        element.removeAttribute("tabindex");
      }
    });
  }

  // The observer reports every block once, after the page's first layout, and
  // again whenever one changes size (the window resized, a tab panel shown).
  const observer = new ResizeObserver((entries) => {
    update(entries.map((entry) => entry.target));
  });
  for (const element of document.querySelectorAll(SELECTOR)) {
    observer.observe(element);
  }
})();
