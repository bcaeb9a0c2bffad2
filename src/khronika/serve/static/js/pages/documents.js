// Documents: full-text search over titles and texts, filters by language, source and date.
import { dayLabel, emptyState, field, h, link, shorten } from '../dom.js';
import { facets } from '../api.js';
import { pagedList } from '../paged.js';

export async function render(view, { params, signal }) {
  const f = await facets();
  const filters = Object.fromEntries(['q', 'language', 'source', 'from', 'to', 'entity'].map((k) => [k, params.get(k) || '']));
  const select = (name, label, values) => h('select', { name }, h('option', { value: '' }, label),
    values.map((v) => h('option', { value: v.value, selected: v.value === filters[name] }, `${v.value} (${v.count})`)));
  const form = h('form', { class: 'filters', role: 'search' },
    field('Search', h('input', { name: 'q', type: 'search', value: filters.q, placeholder: 'words in the title or text' })),
    field('Language', select('language', 'Any', f.languages || [])),
    field('Source', select('source', 'Any', f.sources || [])),
    field('From', h('input', { name: 'from', type: 'date', value: filters.from })),
    field('To', h('input', { name: 'to', type: 'date', value: filters.to })),
    filters.entity ? h('input', { type: 'hidden', name: 'entity', value: filters.entity }) : null,
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Search'),
      h('a', { href: '#/documents', class: 'link-button' }, 'Reset')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link.documents(Object.fromEntries(new FormData(form)));
  });
  const list = h('ol', { class: 'cards docs' });
  view.append(h('div', { class: 'page' }, h('h1', {}, 'Documents'),
    filters.entity ? h('p', { class: 'lede' }, 'Documents mentioning ', h('a', { href: link.entity(filters.entity) }, filters.entity), '.') : null,
    form, list));
  await pagedList(list, '/api/documents', { ...filters, limit: 30 }, (items) => {
    for (const d of items) {
      list.append(h('li', { class: 'card doc-card' },
        h('h2', { class: 'doc-title' }, h('a', { href: link.document(d.id) }, d.title || d.id)),
        h('p', { class: 'muted small' }, [dayLabel(d.date || d.published, d.day_of_war), d.source, d.language && d.language.toUpperCase()].filter(Boolean).join(' · ')),
        h('p', { class: 'snippet' }, shorten(d.snippet, 260))));
    }
  }, { signal, empty: emptyState('No documents match.', 'Search looks for every word, each as the beginning of a word.') });
  return null;
}
