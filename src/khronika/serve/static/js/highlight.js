// Lays the annotations of a contract document over its text: entity mentions, quotes (and their
// speakers) and event evidence. Spans may nest or overlap; the text is cut at every span
// boundary and each piece is wrapped in the chain of spans covering it (events outermost,
// mentions innermost), so overlapping spans are split, never lost. Built only with DOM nodes.

const RANK = { event: 0, quote: 1, speaker: 2, mention: 3 };

/** Offsets in the contract count code points (Python str); JS strings count UTF-16 units. */
export function codePointSlicer(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return { length: text.length, slice: (a, b) => text.slice(a, b) };
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  return { length: units.length - 1, slice: (a, b) => text.slice(units[a], units[b]) };
}

/** Every annotation of `doc` as {start, end, layer, key, data}, valid ones only. */
export function spansOf(doc, length) {
  const spans = [];
  const push = (start, end, layer, key, data) => {
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= length) {
      spans.push({ start, end, layer, rank: RANK[layer], key, data });
    }
  };
  (doc.events || []).forEach((ev, i) => push(ev.evidence?.start, ev.evidence?.end, 'event', `e${i}`, { ...ev, idx: i }));
  (doc.quotes || []).forEach((q, i) => {
    push(q.content_start, q.content_end, 'quote', `q${i}`, { ...q, idx: i });
    push(q.speaker_start, q.speaker_end, 'speaker', `s${i}`, { ...q, idx: i });
  });
  (doc.entities || []).forEach((ent) => ent.mentions.forEach((m, j) => push(m.start, m.end, 'mention', `m${j}:${ent.id}`, ent)));
  return spans;
}

/** [{start, end, chain: [span...]}] covering [0, length), chain ordered outermost first. */
export function segments(length, spans) {
  const cuts = new Set([0, length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  const active = [];
  const out = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    for (let j = active.length - 1; j >= 0; j--) if (active[j].end <= a) active.splice(j, 1);
    const chain = active.filter((s) => s.start <= a && s.end >= b)
      .sort((x, y) => x.rank - y.rank || x.start - y.start || y.end - x.end || (x.key < y.key ? -1 : 1));
    out.push({ start: a, end: b, chain });
  }
  return out;
}

/**
 * Fills `container` with the text and its highlights. makeElement(span, continued) returns the
 * element wrapping a span (or a piece of it when `continued`).
 */
export function renderHighlighted(container, text, doc, makeElement) {
  const slicer = codePointSlicer(text);
  const segs = segments(slicer.length, spansOf(doc, slicer.length));
  const stack = []; // [{span, el}] open elements, outermost first
  const firsts = new Map();
  for (const seg of segs) {
    let keep = 0;
    while (keep < stack.length && keep < seg.chain.length && stack[keep].span === seg.chain[keep]) keep++;
    stack.length = keep;
    for (let k = keep; k < seg.chain.length; k++) {
      const span = seg.chain[k];
      const el = makeElement(span, firsts.has(span.key));
      if (!firsts.has(span.key)) { firsts.set(span.key, el); }
      (stack.length ? stack[stack.length - 1].el : container).append(el);
      stack.push({ span, el });
    }
    const node = document.createTextNode(slicer.slice(seg.start, seg.end));
    (stack.length ? stack[stack.length - 1].el : container).append(node);
  }
  return firsts; // key -> first element, for scrolling to a highlight
}
