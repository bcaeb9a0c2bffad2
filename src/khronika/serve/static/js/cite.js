// A cited passage in a document (#/document/ID?span=START-END, from the Brief page): the words
// between two code-point offsets of the text, highlighted and scrolled to. The text is already
// laid out by highlight.js in nested spans; a DOM Range over its text nodes marks the passage
// without changing that structure (CSS Custom Highlight API where the browser has it, and the
// selection otherwise).

export function parseSpan(value) {
  const m = /^(\d+)-(\d+)$/.exec(value || '');
  if (!m) return null;
  const [start, end] = [Number(m[1]), Number(m[2])];
  return end > start ? { start, end } : null;
}

/** Highlights code points [start, end) of `container`'s text; returns the passage or null. */
export function highlightSpan(container, span) {
  if (!span) return null;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let cp = 0;
  let startPos = null;
  let endPos = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const s = node.data;
    let unit = 0;
    for (const ch of s) {
      if (cp === span.start && !startPos) startPos = [node, unit];
      if (cp === span.end && !endPos) endPos = [node, unit];
      cp += 1;
      unit += ch.length;
    }
    if (cp === span.start && !startPos) startPos = [node, unit];
    if (cp === span.end && !endPos) endPos = [node, unit];
    if (startPos && endPos) break;
  }
  if (!startPos || !endPos) return null;
  const range = document.createRange();
  range.setStart(...startPos);
  range.setEnd(...endPos);
  if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set('khr-cite', new Highlight(range));
  else { const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range); }
  container.dataset.cite = `${span.start}-${span.end}`;
  const anchor = startPos[0].parentElement;
  requestAnimationFrame(() => anchor?.scrollIntoView({ block: 'center' }));
  return range.toString();
}
