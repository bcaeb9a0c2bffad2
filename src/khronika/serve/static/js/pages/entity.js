// An entity's page: who or what it is, its spellings and roles, every quote by date, the
// places and events it is tied to, and the documents that mention it.
import { dayLabel, emptyState, h, isWebUrl, link, typeBadge } from '../dom.js';
import { config, get } from '../api.js';
import { pagedList } from '../paged.js';
import { quoteCard } from './quotes.js';
import { eventCard } from './map.js';

export async function render(view, { args, signal }) {
  const id = args[0];
  const e = await get(`/api/entities/${encodeURIComponent(id)}`, null, signal);
  const wikidata = e.wikidata && /^Q\d+$/.test(e.wikidata) ? `https://www.wikidata.org/wiki/${e.wikidata}` : null;
  const geo = e.geo ? [e.geo.feature, e.geo.admin1, e.geo.country].filter(Boolean).join(' · ') : null;
  const head = h('header', { class: 'entity-head' },
    h('div', { class: 'entity-title' }, typeBadge(e.type), h('h1', {}, e.name)),
    h('p', { class: 'muted' },
      `${e.counts.mentions} mentions in ${e.counts.documents} document${e.counts.documents === 1 ? '' : 's'}`,
      e.counts.quotes ? ` · ${e.counts.quotes} quote${e.counts.quotes === 1 ? '' : 's'}` : '',
      geo ? ` · ${geo}` : '',
      e.geo ? ` · ${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}` : ''),
    wikidata && isWebUrl(wikidata) ? h('p', { class: 'small' }, h('a', { href: wikidata, rel: 'noopener noreferrer', target: '_blank' }, `Wikidata ${e.wikidata}`)) : null,
    h('p', { class: 'small muted' }, h('code', {}, e.id)));

  const roles = e.roles.length
    ? h('ul', { class: 'chips' }, e.roles.map((r) => h('li', { class: 'chip' }, r.role, h('span', { class: 'chip-n' }, String(r.documents)))))
    : h('p', { class: 'muted' }, 'No role or title given in the documents.');
  const aliases = h('ul', { class: 'chips' }, e.aliases.map((a) => h('li', { class: 'chip alias' }, a)));

  const quotes = h('ol', { class: 'cards quotes' });
  const quoteSection = h('section', { class: 'block', id: 'quotes' },
    h('h2', {}, `Quotes${e.counts.quotes ? ` (${e.counts.quotes})` : ''}`), quotes);
  const events = [...e.events.as_actor.items, ...e.events.at_place.items];
  const seen = new Set();
  const eventList = h('ol', { class: 'cards' }, events.filter((ev) => !seen.has(ev.id) && seen.add(ev.id)).map(eventCard));
  const places = e.places.length
    ? h('ul', { class: 'plain-list places' }, e.places.map((p) => h('li', {},
      h('a', { href: link.entity(p.id) }, p.name),
      h('span', { class: 'muted small' }, [p.events ? `${p.events} events` : '', p.documents ? `in ${p.documents} of its documents` : ''].filter(Boolean).join(' · ')))))
    : h('p', { class: 'muted' }, 'No places linked yet.');
  const docs = h('ul', { class: 'plain-list docs' }, e.documents.items.map((d) => h('li', {},
    h('a', { href: link.document(d.id) }, d.title || d.id), ' ',
    h('span', { class: 'muted small' }, [dayLabel(d.date || d.published, d.day_of_war), d.source].filter(Boolean).join(' · ')))));

  // Speakers lead with what they said; places and others with what happened.
  const eventSection = h('section', { class: 'block' }, h('h2', {}, 'Events'),
    events.length ? eventList : h('p', { class: 'muted' }, 'No events involve it yet.'));
  const speaks = e.counts.quotes > 0 || e.type === 'PERSON';
  const mainSections = e.type === 'PERSON' ? [quoteSection, eventSection] : [eventSection, speaks ? quoteSection : null];
  const miniMap = h('div', { class: 'mini-map', role: 'img', 'aria-label': `Map: ${e.name}` });
  view.append(h('div', { class: 'page entity-page' }, head,
    h('div', { class: 'entity-grid' },
      h('div', { class: 'entity-main' }, mainSections),
      h('aside', { class: 'entity-side' },
        e.geo ? h('section', { class: 'block' }, h('h2', {}, 'Location'), miniMap) : null,
        h('section', { class: 'block' }, h('h2', {}, 'Roles and titles'), roles),
        h('section', { class: 'block' }, h('h2', {}, 'Spellings'), aliases),
        h('section', { class: 'block' }, h('h2', {}, 'Places'), places),
        h('section', { class: 'block' }, h('h2', {}, 'Documents'), docs,
          e.documents.next ? h('p', {}, h('a', { href: link.documents({ entity: e.id }) }, 'All documents mentioning it →')) : null)))));

  const removeMap = e.geo ? await placeMap(miniMap, e) : null;

  // Quotes page through the API (first page included in the entity answer, more on demand).
  if (!speaks) return removeMap;
  await pagedList(quotes, '/api/quotes', { speaker: e.id, limit: 50 }, (items) => {
    let lastDate = quotes.dataset.last || '';
    for (const q of items) {
      const d = q.date || q.document.date || q.document.published || '';
      if (d !== lastDate) {
        quotes.append(h('li', { class: 'date-sep' }, dayLabel(d || null, q.day_of_war)));
        lastDate = d;
      }
      quotes.append(quoteCard(q, { withSpeaker: false }));
    }
    quotes.dataset.last = lastDate;
  }, { signal, empty: emptyState('No quotes attributed.', 'Quotes appear here when a document reports what this speaker said.') });
  return removeMap;
}

async function placeMap(el, e) {
  const L = window.L;
  if (!L) return null;
  const cfg = await config();
  const map = L.map(el, { zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false })
    .setView([e.geo.lat, e.geo.lon], 6);
  if (cfg.tiles) L.tileLayer(cfg.tiles, { maxNativeZoom: cfg.max_native_zoom ?? 19, maxZoom: 12 }).addTo(map);
  L.marker([e.geo.lat, e.geo.lon], { icon: L.divIcon({ className: 'place-marker selected', html: '', iconSize: [18, 18] }), title: e.name, keyboard: false }).addTo(map);
  return () => map.remove();
}
