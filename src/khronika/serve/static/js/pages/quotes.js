// The quote explorer: who said what, when, and where it was reported; search by speaker
// (any spelling) and by the words quoted.
import { dayLabel, emptyState, field, h, link } from '../dom.js';
import { pagedList } from '../paged.js';
import { suggestNames } from '../suggest.js';

export async function render(view, { params, signal }) {
  const filters = Object.fromEntries(['speaker', 'q', 'from', 'to'].map((k) => [k, params.get(k) || '']));
  const input = (name, attrs = {}) => h('input', { name, value: filters[name], ...attrs });
  const form = h('form', { class: 'filters', role: 'search' },
    field('Speaker', suggestNames(input('speaker', { placeholder: 'e.g. Peskov, Песков', autocomplete: 'off' }))),
    field('Words', input('q', { type: 'search', placeholder: 'words in the quote' })),
    field('From', input('from', { type: 'date' })),
    field('To', input('to', { type: 'date' })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Search'),
      h('a', { href: '#/quotes', class: 'link-button' }, 'Reset')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link.quotes(Object.fromEntries(new FormData(form)));
  });
  const list = h('ol', { class: 'cards quotes' });
  view.append(h('div', { class: 'page' },
    h('h1', {}, 'Quotes'),
    h('p', { class: 'lede' }, 'Who said what, when, and where it was reported. A quote is a claim of its speaker, never a fact of the chronicle.'),
    form, list));
  await pagedList(list, '/api/quotes', { ...filters, limit: 30 }, (items) => {
    for (const q of items) list.append(quoteCard(q));
  }, { signal, empty: emptyState('No quotes match.', filters.speaker ? `Nobody known as “${filters.speaker}” is quoted in the stored documents.` : 'Try other words or another speaker.') });
  return null;
}

/** One quote; `withSpeaker` false on a speaker's own page. */
export function quoteCard(q, { withSpeaker = true } = {}) {
  const who = q.speaker_entity
    ? h('a', { href: link.entity(q.speaker), class: 'speaker' }, q.speaker_entity.name)
    : h('span', { class: 'speaker' }, q.speaker_text || 'Unknown speaker');
  const doc = q.document;
  return h('li', { class: `card quote-card kind-${q.kind}` },
    h('div', { class: 'card-head' },
      withSpeaker ? who : null,
      q.cue ? h('span', { class: 'muted small cue' }, q.cue) : null,
      h('span', { class: 'muted small when' }, dayLabel(q.date || doc.date || doc.published, q.day_of_war)),
      h('span', { class: 'badge kind' }, q.kind)),
    h('blockquote', { class: 'quote' }, q.content),
    h('p', { class: 'small meta' }, 'Reported in ',
      h('a', { href: link.document(q.document_id, `q${q.idx}`) }, doc.title || doc.id),
      doc.source ? ` — ${doc.source}` : '',
      doc.date || doc.published ? `, ${dayLabel(doc.date || doc.published)}` : ''));
}
