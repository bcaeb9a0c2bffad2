// The Day N brief: the day's digest written from the store (GET /api/briefs/{date}?lang=fr|en),
// with a day picker, previous/next day, and for each item its citations: each opens the cited
// document with the cited words highlighted (#/document/ID?span=START-END).
import { append, clear, dayOfWar, emptyState, errorBox, field, h, link } from '../dom.js';
import { ApiError, get } from '../api.js';

const WAR_DAY_ONE = Date.UTC(2022, 1, 24);
const LABELS = {
  fr: { new: 'Nouveau depuis la veille', sources: 'Sources', claim: 'Affirmation de', none: 'Rien de nouveau par rapport à la veille.',
    nothing: 'Aucun document stocké pour la veille : rien à comparer.' },
  en: { new: 'New since the day before', sources: 'Sources', claim: 'Claim by', none: 'Nothing new against the day before.',
    nothing: 'No stored document for the day before: nothing to compare.' },
};

function isoOfDay(n) {
  return new Date(WAR_DAY_ONE + (n - 1) * 86400000).toISOString().slice(0, 10);
}

function shift(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * 86400000).toISOString().slice(0, 10);
}

export function briefLink(date, lang) {
  const qs = new URLSearchParams();
  if (date) qs.set('date', date);
  if (lang) qs.set('lang', lang);
  const s = qs.toString();
  return `#/brief${s ? `?${s}` : ''}`;
}

export async function render(view, { params, signal }) {
  const lang = params.get('lang') === 'en' ? 'en' : 'fr';
  let date = params.get('date');
  if (!date && /^\d+$/.test(params.get('day') || '')) date = isoOfDay(Number(params.get('day')));
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    // No day asked for: the latest day with documents.
    const latest = await get('/api/documents', { limit: 1 }, signal).catch(() => ({ items: [] }));
    const doc = latest.items?.[0];
    date = doc?.date || doc?.published || new Date().toISOString().slice(0, 10);
  }

  const dateInput = h('input', { type: 'date', name: 'date', value: date, min: '2022-02-24', 'aria-label': 'Day' });
  const dayInput = h('input', { type: 'number', name: 'day', value: String(dayOfWar(date)), min: '1', 'aria-label': 'Day of the war', class: 'brief-day-input' });
  const langSelect = h('select', { name: 'lang', 'aria-label': 'Language of the brief' },
    h('option', { value: 'fr', selected: lang === 'fr' }, 'Français'),
    h('option', { value: 'en', selected: lang === 'en' }, 'English'));
  const form = h('form', { class: 'filters brief-picker', role: 'search' },
    field('Date', dateInput), field('Day of the war', dayInput), field('Language', langSelect),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show')));
  dayInput.addEventListener('change', () => { if (Number(dayInput.value) >= 1) dateInput.value = isoOfDay(Number(dayInput.value)); });
  dateInput.addEventListener('change', () => { if (dateInput.value) dayInput.value = String(dayOfWar(dateInput.value)); });
  langSelect.addEventListener('change', () => { location.hash = briefLink(dateInput.value || date, langSelect.value); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = briefLink(dateInput.value || date, langSelect.value);
  });

  const nav = h('nav', { class: 'brief-nav', 'aria-label': 'Other days' },
    h('a', { href: briefLink(shift(date, -1), lang), class: 'link-button', rel: 'prev', 'data-nav-day': 'previous' }, '← Previous day'),
    h('a', { href: briefLink(shift(date, 1), lang), class: 'link-button', rel: 'next', 'data-nav-day': 'next' }, 'Next day →'));
  const body = h('article', { class: 'brief', lang });
  view.append(h('div', { class: 'page brief-page' }, form, nav, body));

  const near = get(`/api/briefs/${date}/neighbours`, null, signal).catch(() => null);
  try {
    const brief = await get(`/api/briefs/${date}`, { lang }, signal);
    renderBrief(body, brief);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    clear(body).append(err instanceof ApiError && (err.status === 404 || err.status === 422)
      ? emptyState(err.status === 404 ? 'Nothing stored for this day.' : 'Not a day of the war.', err.message.replace(/^\d+: /, ''))
      : errorBox(err));
  }
  // Jump over empty days: previous/next go to the nearest days with documents when there are any.
  const n = await near;
  if (n) {
    if (n.previous) nav.querySelector('[rel=prev]').setAttribute('href', briefLink(n.previous, lang));
    if (n.next) nav.querySelector('[rel=next]').setAttribute('href', briefLink(n.next, lang));
  }
  return null;
}

function renderBrief(body, brief) {
  const lab = LABELS[brief.language] || LABELS.en;
  const docs = new Map((brief.documents || []).map((d) => [d.id, d]));
  const numbers = new Map();
  const number = (id) => { if (!numbers.has(id)) numbers.set(id, numbers.size + 1); return numbers.get(id); };
  const cites = (citations) => h('span', { class: 'cites' }, citations.map((c) => {
    const doc = docs.get(c.document);
    const n = number(c.document);
    return h('a', {
      href: link.document(c.document) + `?span=${c.start}-${c.end}`, class: 'cite',
      title: `${doc?.title || c.document} · ${c.start}–${c.end}`, 'data-document': c.document,
    }, `[${n}]`);
  }));
  const item = (it) => h('li', { class: 'brief-item', dataset: { claimed: it.claimed_by || '' } },
    h('span', { class: 'brief-text' }, it.text), ' ', cites(it.citations),
    it.claimed_by ? h('span', { class: 'small muted brief-claim' }, ` · ${lab.claim} `, h('a', { href: link.entity(it.claimed_by) }, it.claimed_by)) : null);

  append(clear(body), [
    h('header', { class: 'brief-head' },
      h('p', { class: 'muted' }, `Day ${brief.day_of_war} · ${brief.date} · ${brief.language.toUpperCase()}`),
      h('h1', { class: 'brief-title' }, brief.title)),
    brief.sections.map((s) => h('section', { class: 'brief-section' }, h('h2', {}, s.heading), h('ul', { class: 'brief-items' }, s.items.map(item)))),
    h('section', { class: 'brief-section brief-new' }, h('h2', {}, lab.new),
      brief.since_previous_day.length ? h('ul', { class: 'brief-items' }, brief.since_previous_day.map(item)) : h('p', { class: 'muted' }, brief.previous_day ? lab.none : lab.nothing))]);
  body.append(h('section', { class: 'brief-section brief-sources' }, h('h2', {}, lab.sources),
    h('ol', {}, [...numbers.entries()].map(([id]) => {
      const doc = docs.get(id) || { id };
      return h('li', {}, h('a', { href: link.document(id) }, doc.title || id),
        [doc.outlet, doc.language && doc.language.toUpperCase()].filter(Boolean).map((s) => ` · ${s}`).join(''));
    }))));
}
