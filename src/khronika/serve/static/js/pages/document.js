// A document as a fact-checker reads it: the text with every entity mention, quote and event
// highlighted and linked, and a panel listing them. The text is untrusted: it is only ever
// inserted as text nodes (a "<script>" in it is shown as those characters).
import { clear, dayLabel, eventLabel, h, isWebUrl, link, typeBadge } from '../dom.js';
import { get } from '../api.js';
import { renderHighlighted } from '../highlight.js';
import { highlightSpan, parseSpan } from '../cite.js';

const LAYERS = [['mention', 'Mentions'], ['quote', 'Quotes'], ['event', 'Events']];

export async function render(view, { args, params, signal }) {
  const id = args[0];
  const doc = await get(`/api/documents/${encodeURIComponent(id)}`, null, signal);
  const meta = doc.document || {};
  const details = h('div', { class: 'detail', 'aria-live': 'polite' },
    h('p', { class: 'muted small' }, 'Select a highlight to see where it leads.'));

  const text = h('div', { class: 'doc-text', lang: meta.language || null });
  const firsts = renderHighlighted(text, doc.text, doc, (span, continued) => makeElement(span, continued));
  text.addEventListener('click', (e) => {
    if (e.target.closest('a')) return; // mention links navigate
    const el = e.target.closest('[data-key]');
    if (el) showDetail(el.dataset.key, { fromText: true });
  });
  text.addEventListener('keydown', (e) => {
    const el = e.target.closest('[data-key]');
    if (el && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showDetail(el.dataset.key, { fromText: true }); }
  });

  // From the text: the reader is at the highlight already, so on a phone (panel below the
  // text) bring the details into view. From the panel or a link: go to the highlight.
  function showDetail(key, { fromText = false } = {}) {
    const i = Number(key.slice(1));
    clear(details);
    if (key[0] === 'q') details.append(quoteDetail(doc, doc.quotes[i], i));
    if (key[0] === 'e') details.append(eventDetail(doc, doc.events[i], i));
    text.querySelectorAll('.flash').forEach((el) => el.classList.remove('flash'));
    text.querySelectorAll(`[data-key="${CSS.escape(key)}"]`).forEach((el) => el.classList.add('flash'));
    if (!fromText) firsts.get(key)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    else if (window.matchMedia('(max-width: 900px)').matches) details.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  const toggles = h('div', { class: 'layer-toggles', role: 'group', 'aria-label': 'Show highlights' },
    LAYERS.map(([layer, label]) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': layer });
      box.addEventListener('change', () => text.classList.toggle(`hide-${layer}`, !box.checked));
      return h('label', { class: `toggle l-${layer}` }, box, h('span', { class: 'swatch' }), label);
    }));

  const entities = groupEntities(doc.entities);
  const side = h('aside', { class: 'doc-side' },
    h('section', { class: 'block' }, h('h2', {}, 'Highlights'), toggles, details),
    h('section', { class: 'block' }, h('h2', {}, `Quotes (${doc.quotes.length})`),
      doc.quotes.length ? h('ol', { class: 'plain-list' }, doc.quotes.map((q, i) => h('li', {},
        h('button', { type: 'button', class: 'link-button', on: { click: () => showDetail(`q${i}`) } },
          `${q.speaker_text || speakerName(doc, q.speaker) || 'Unknown'}: “${short(q.content, 70)}”`))))
        : h('p', { class: 'muted small' }, 'No quotes found in this document.')),
    h('section', { class: 'block' }, h('h2', {}, `Events (${doc.events.length})`),
      doc.events.length ? h('ol', { class: 'plain-list' }, doc.events.map((ev, i) => h('li', {},
        h('button', { type: 'button', class: 'link-button', on: { click: () => showDetail(`e${i}`) } },
          `${eventLabel(ev)}${ev.date ? ` · ${ev.date}` : ''}`))))
        : h('p', { class: 'muted small' }, 'No events found in this document.')),
    h('section', { class: 'block' }, h('h2', {}, `Entities (${doc.entities.length})`),
      entities.map(([type, ents]) => h('div', { class: 'entity-group' }, typeBadge(type),
        h('ul', { class: 'chips' }, ents.map((ent) => h('li', { class: 'chip' },
          h('a', { href: link.entity(ent.id) }, ent.name), h('span', { class: 'chip-n' }, String(ent.mentions.length)))))))));

  const url = isWebUrl(meta.url) ? h('a', { href: meta.url, rel: 'noopener noreferrer', target: '_blank' }, 'original') : null;
  view.append(h('div', { class: 'page doc-page' },
    h('header', { class: 'doc-head' },
      h('h1', {}, meta.title || doc.id),
      h('p', { class: 'muted' }, [dayLabel(meta.date || meta.published, meta.day_of_war), meta.source,
        meta.language && meta.language.toUpperCase()].filter(Boolean).join(' · '), url ? [' · ', url] : null),
      h('p', { class: 'small muted' }, h('code', {}, doc.id))),
    h('div', { class: 'doc-grid' }, h('article', { class: 'doc-body' }, text), side)));

  const hl = params.get('hl');
  if (hl && /^[qe]\d+$/.test(hl)) requestAnimationFrame(() => showDetail(hl));
  highlightSpan(text, parseSpan(params.get('span')));  // a passage cited by the brief
  return null;
}

function makeElement(span, continued) {
  const cont = continued ? ' cont' : '';
  if (span.layer === 'mention') {
    const ent = span.data;
    return h('a', { class: `hl hl-mention t-${ent.type}${cont}`, href: link.entity(ent.id), title: `${ent.name} · ${ent.type}` });
  }
  if (span.layer === 'speaker') return h('span', { class: `hl hl-speaker${cont}`, title: 'Speaker' });
  const label = span.layer === 'quote'
    ? `Quote${span.data.speaker_text ? ` of ${span.data.speaker_text}` : ''}`
    : `Event: ${eventLabel(span.data)}`;
  return h(span.layer === 'event' ? 'mark' : 'span', {
    class: `hl hl-${span.layer}${cont}`, 'data-key': span.key, title: label,
    tabindex: continued ? null : '0', role: 'button', 'aria-label': continued ? null : label,
  });
}

function quoteDetail(doc, q, i) {
  const name = speakerName(doc, q.speaker);
  return h('div', { class: `card kind-${q.kind}` },
    h('p', { class: 'small muted' }, `Quote ${i + 1} · ${q.kind}${q.cue ? ` · cue “${q.cue}”` : ''}${q.date ? ` · ${q.date}` : ''}`),
    h('p', {}, q.speaker ? h('a', { href: link.entity(q.speaker), class: 'speaker' }, name || q.speaker) : (q.speaker_text || 'Unknown speaker')),
    h('blockquote', { class: 'quote' }, q.content),
    q.speaker ? h('p', { class: 'small' }, h('a', { href: link.quotes({ speaker: q.speaker }) }, `Everything ${name || 'this speaker'} said →`)) : null);
}

function eventDetail(doc, ev, i) {
  const ent = (id) => doc.entities.find((e) => e.id === id);
  const place = ev.place ? ent(ev.place) : null;
  return h('div', { class: 'card' },
    h('p', { class: 'small muted' }, `Event ${i + 1} · confidence ${Math.round((ev.confidence || 0) * 100)}%`),
    h('p', {}, h('span', { class: 'badge t-EVENT' }, eventLabel(ev))),
    ev.acled ? h('p', { class: 'small' }, `ACLED: ${[ev.acled.event_type, ev.acled.sub_event_type].filter(Boolean).join(' › ')}`) : null,
    ev.plover ? h('p', { class: 'small' }, `PLOVER: ${[ev.plover.event, ev.plover.mode].filter(Boolean).join(' / ')}`) : null,
    ev.date ? h('p', { class: 'small' }, `Date: ${dayLabel(ev.date)}${ev.date_precision && ev.date_precision !== 'day' ? ` (${ev.date_precision})` : ''}`) : null,
    ev.place ? h('p', { class: 'small' }, 'Place: ', h('a', { href: link.entity(ev.place) }, place ? place.name : ev.place)) : null,
    ev.actors?.length ? h('p', { class: 'small' }, 'Actors: ', ev.actors.flatMap((a, k) => [k ? ', ' : '', h('a', { href: link.entity(a) }, ent(a)?.name || a)])) : null,
    h('p', { class: 'small' }, h('a', { href: link.timeline({ place: ev.place || '' }) }, 'On the timeline →')));
}

function speakerName(doc, id) {
  return id ? doc.entities.find((e) => e.id === id)?.name : null;
}

function groupEntities(entities) {
  const order = ['PERSON', 'ORG', 'UNIT', 'PLACE', 'EVENT', 'MISC'];
  const groups = new Map();
  for (const e of entities) {
    if (!groups.has(e.type)) groups.set(e.type, []);
    groups.get(e.type).push(e);
  }
  for (const list of groups.values()) list.sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  return [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

function short(s, n) {
  const t = (s || '').replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
