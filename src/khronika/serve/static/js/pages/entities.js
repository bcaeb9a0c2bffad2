// Entity search: any spelling finds the entity (Bakhmut, Bakhmout, Бахмут, Artemivsk).
import { emptyState, field, h, link, typeBadge } from '../dom.js';
import { pagedList } from '../paged.js';

const TYPES = ['PERSON', 'ORG', 'PLACE', 'UNIT', 'EVENT', 'MISC'];

export async function render(view, { params, signal }) {
  const q = params.get('q') || '';
  const type = params.get('type') || '';
  const search = h('input', { name: 'q', type: 'search', value: q, placeholder: 'A name in any spelling: Bakhmut, Бахмут, Peskov…', autofocus: true });
  const select = h('select', { name: 'type' }, h('option', { value: '' }, 'Any type'),
    TYPES.map((t) => h('option', { value: t, selected: t === type }, t)));
  const form = h('form', { class: 'filters', role: 'search' }, field('Name', search), field('Type', select),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = link.entities(Object.fromEntries(new FormData(form)));
  });
  const list = h('ul', { class: 'entity-list' });
  view.append(h('div', { class: 'page' },
    h('h1', {}, 'People, places and organisations'),
    h('p', { class: 'lede' }, 'Every entity the documents name, under every spelling seen in French, English, Ukrainian or Russian.'),
    form, list));
  await pagedList(list, '/api/entities', { q, type, limit: 50 }, (items) => {
    for (const e of items) {
      const others = e.aliases.filter((a) => a !== e.name).slice(0, 8);
      list.append(h('li', { class: 'entity-row' },
        typeBadge(e.type),
        h('a', { href: link.entity(e.id), class: 'entity-name' }, e.name),
        e.matched && e.matched !== e.name ? h('span', { class: 'muted small' }, ` matched “${e.matched}”`) : null,
        others.length ? h('span', { class: 'aliases small' }, `also: ${others.join(' · ')}`) : null));
    }
  }, { signal, empty: emptyState(q ? `Nothing known as “${q}”.` : 'No entities yet.', 'Names are matched from their beginning, ignoring case and accents.') });
  return null;
}
