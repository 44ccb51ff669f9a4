// A code block, table or figure that is wider than the column scrolls sideways; give
// it keyboard focus, so a reader without a mouse can scroll it too (WCAG 2.1.1,
// axe's scrollable-region-focusable). Only blocks that scroll become tab stops,
// and a block in a tab panel is checked again when the panel is shown.
(() => {
  "use strict";
  const SELECTOR = "pre, .table-wrapper, figure";

  function update(element) {
    const scrolls = element.scrollWidth > element.clientWidth;
    if (scrolls) {
      element.setAttribute("tabindex", "0");
    } else if (element.getAttribute("tabindex") === "0") {
      element.removeAttribute("tabindex");
    }
  }

  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target);
  });
  for (const element of document.querySelectorAll(SELECTOR)) {
    update(element);
    observer.observe(element);
  }
})();
