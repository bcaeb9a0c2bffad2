// The timeline: events by day of war, newest first, filterable by type, place, actor and dates.
import { dayOfWar, fmtDate, emptyState, eventLabel, field, h, link, shorten } from '../dom.js';
import { facets } from '../api.js';
import { pagedList } from '../paged.js';
import { suggestNames } from '../suggest.js';

export async function render(view, { params, signal }) {
  const f = await facets();
  const filters = Object.fromEntries(['type', 'place', 'actor', 'from', 'to'].map((k) => [k, params.get(k) || '']));
  const typeSelect = h('select', { name: 'type' }, h('option', { value: '' }, 'All types'));
  const groups = [['ACLED event types', f.acled_types], ['ACLED sub-types', f.acled_subtypes], ['PLOVER events', f.plover_events]];
  for (const [label, values] of groups) {
    if (!values?.length) continue;
    typeSelect.append(h('optgroup', { label }, values.map((v) =>
      h('option', { value: v.value, selected: v.value === filters.type }, `${v.value} (${v.count})`))));
  }
  const input = (name, attrs = {}) => h('input', { name, value: filters[name], ...attrs });
  const form = h('form', { class: 'filters', role: 'search' },
    field('Type', typeSelect),
    field('Place', suggestNames(input('place', { placeholder: 'e.g. Bakhmut', autocomplete: 'off' }), 'PLACE')),
    field('Actor', suggestNames(input('actor', { placeholder: 'e.g. Wagner', autocomplete: 'off' }))),
    field('From', input('from', { type: 'date' })),
    field('To', input('to', { type: 'date' })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Filter'),
      h('a', { href: '#/timeline', class: 'link-button' }, 'Reset')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link.timeline(Object.fromEntries(new FormData(form)));
  });

  const list = h('div', { class: 'timeline' });
  view.append(h('div', { class: 'page' },
    h('h1', {}, 'Timeline'),
    h('p', { class: 'lede' }, 'What the documents report, day by day of the full-scale war (day 1 = 24 February 2022). Each event links to the sentence it was read from.'),
    form, list));

  let lastDay = null;
  let dayList = null;
  await pagedList(list, '/api/events', { ...filters, limit: 50 }, (items) => {
    for (const ev of items) {
      const iso = ev.date || ev.document.date || ev.document.published;
      const key = iso || 'undated';
      if (key !== lastDay) {
        lastDay = key;
        dayList = h('ol', { class: 'cards' });
        const day = ev.day_of_war ?? dayOfWar(iso);
        list.append(h('section', { class: 'day' },
          h('h2', { class: 'day-head' }, h('span', { class: 'day-num' }, day > 0 ? `Day ${day}` : 'Undated'),
            h('span', { class: 'day-date' }, iso ? fmtDate(iso) : '')),
          dayList));
      }
      dayList.append(timelineItem(ev));
    }
  }, { signal, empty: emptyState('No events match these filters.', 'Events appear here once documents describing attacks, battles, visits or statements are ingested.') });
  return null;
}

function timelineItem(ev) {
  const acled = ev.acled ? [ev.acled.event_type, ev.acled.sub_event_type].filter(Boolean).join(' › ') : null;
  return h('li', { class: 'card event-card' },
    h('div', { class: 'card-head' },
      h('span', { class: 'badge t-EVENT' }, eventLabel(ev)),
      acled && acled !== eventLabel(ev) ? h('span', { class: 'muted small' }, acled) : null,
      ev.plover ? h('span', { class: 'muted small' }, `PLOVER ${ev.plover.event}${ev.plover.mode ? ` / ${ev.plover.mode}` : ''}`) : null),
    h('blockquote', { class: 'evidence' }, shorten(ev.evidence.text, 400)),
    h('p', { class: 'small meta' },
      ev.place ? [h('span', { class: 'label' }, 'Place '), h('a', { href: link.entity(ev.place.id) }, ev.place.name), ' '] : null,
      ev.actors.length ? [h('span', { class: 'label' }, 'Actors '), ...ev.actors.flatMap((a, i) => [i ? ', ' : '', h('a', { href: link.entity(a.id) }, a.name)]), ' '] : null,
      h('a', { href: link.document(ev.document_id, `e${ev.idx}`) }, `Source: ${ev.document.title || ev.document_id}`),
      ev.document.source ? ` (${ev.document.source})` : ''));
}
