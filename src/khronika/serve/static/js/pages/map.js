// The map: places as markers sized by how often they are mentioned; a side panel lists the
// events in view, or everything about the place clicked.
import { clear, dayLabel, emptyState, errorBox, eventLabel, h, link, shorten } from '../dom.js';
import { config, get } from '../api.js';

const DEFAULT_VIEW = { center: [48.6, 33.5], zoom: 5 }; // Ukraine and its neighbours

export async function render(view, { signal }) {
  const L = window.L;
  const panel = h('aside', { class: 'map-panel', 'aria-live': 'polite' });
  const mapEl = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'Map of places' });
  view.append(h('div', { class: 'map-layout' }, mapEl, panel));
  if (!L) {
    panel.append(errorBox('the map library did not load'));
    return null;
  }
  const [cfg, places] = await Promise.all([config(), get('/api/places.geojson', null, signal)]);
  const map = L.map(mapEl, { worldCopyJump: true, minZoom: 2, maxZoom: 12 });
  map.attributionControl.setPrefix('Leaflet');
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, {
      maxNativeZoom: cfg.max_native_zoom ?? 19, maxZoom: 12,
      attribution: escapeText(cfg.attribution || ''),
    }).addTo(map);
  } else {
    mapEl.classList.add('no-tiles');
  }

  // The view first: Leaflet creates a marker's element only once the map has one.
  if (places.features.length) {
    const bounds = L.latLngBounds(places.features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    map.fitBounds(bounds.pad(0.15), { maxZoom: 7 });
  } else {
    map.setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);
  }

  const markers = new Map();
  const max = Math.max(1, ...places.features.map((f) => f.properties.mentions));
  for (const f of places.features) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const size = Math.round(14 + 22 * Math.sqrt(p.mentions / max));
    const icon = L.divIcon({ className: `place-marker${p.events ? ' has-events' : ''}`, html: '', iconSize: [size, size] });
    const marker = L.marker([lat, lon], { icon, title: p.name, alt: p.name, keyboard: true, riseOnHover: true }).addTo(map);
    marker.on('click', () => showPlace(p));
    marker.getElement()?.setAttribute('data-place', p.id);
    marker.getElement()?.setAttribute('aria-label', `${p.name}: ${p.mentions} mentions`);
    markers.set(p.id, marker);
  }

  let selected = null;
  let timer = null;
  let panelCtl = null;

  function freshSignal() {
    panelCtl?.abort();
    panelCtl = new AbortController();
    return panelCtl.signal;
  }

  async function showInView() {
    if (selected) return;
    const sig = freshSignal();
    const b = map.getBounds();
    const bbox = [clampLon(b.getWest()), Math.max(-90, b.getSouth()), clampLon(b.getEast()), Math.min(90, b.getNorth())]
      .map((n) => n.toFixed(4)).join(',');
    const list = h('ol', { class: 'cards' });
    clear(panel).append(
      h('h2', {}, 'Events in view'),
      h('p', { class: 'muted small' }, `${places.features.length} places on the map. Click one to see what happened there.`),
      list);
    try {
      const page = await get('/api/events', { bbox, limit: 30 }, sig);
      for (const ev of page.items) list.append(eventCard(ev));
      if (!page.items.length) list.replaceWith(emptyState('No dated events in this area.', 'Zoom out or move the map.'));
    } catch (err) {
      if (err.name !== 'AbortError') panel.append(errorBox(err));
    }
  }

  async function showPlace(p) {
    selected = p;
    const sig = freshSignal();
    markers.forEach((m, id) => m.getElement()?.classList.toggle('selected', id === p.id));
    const events = h('ol', { class: 'cards' });
    const docs = h('ul', { class: 'plain-list' });
    const back = h('button', { type: 'button', class: 'link-button' }, '← Events in view');
    back.addEventListener('click', () => {
      selected = null;
      markers.forEach((m) => m.getElement()?.classList.remove('selected'));
      showInView();
    });
    clear(panel).append(
      back,
      h('h2', { class: 'place-title' }, h('a', { href: link.entity(p.id) }, p.name)),
      h('p', { class: 'muted' }, [p.admin1, p.country].filter(Boolean).join(', ')),
      h('p', { class: 'stats' }, `${p.mentions} mentions · ${p.documents} documents · ${p.events} events`),
      h('h3', {}, 'Events here'), events,
      h('h3', {}, 'Documents mentioning it'), docs,
      h('p', {}, h('a', { href: link.entity(p.id), class: 'button' }, `Open ${p.name}'s page`)));
    try {
      const [evs, dl] = await Promise.all([
        get('/api/events', { place: p.id, limit: 20 }, sig),
        get('/api/documents', { entity: p.id, limit: 10 }, sig),
      ]);
      for (const ev of evs.items) events.append(eventCard(ev));
      if (!evs.items.length) events.replaceWith(h('p', { class: 'muted' }, 'No events recorded at this place.'));
      for (const d of dl.items) {
        docs.append(h('li', {}, h('a', { href: link.document(d.id) }, d.title || d.id), ' ',
          h('span', { class: 'muted small' }, dayLabel(d.date || d.published, d.day_of_war))));
      }
    } catch (err) {
      if (err.name !== 'AbortError') panel.append(errorBox(err));
    }
  }

  map.on('moveend', () => { clearTimeout(timer); timer = setTimeout(showInView, 250); });
  showInView();
  // Leaflet measures its container once; the layout may settle after the first paint.
  requestAnimationFrame(() => map.invalidateSize());
  return () => { clearTimeout(timer); panelCtl?.abort(); map.remove(); };
}

export function eventCard(ev) {
  return h('li', { class: 'card event-card' },
    h('div', { class: 'card-head' },
      h('span', { class: 'badge t-EVENT' }, eventLabel(ev)),
      h('span', { class: 'muted small' }, dayLabel(ev.date || ev.document.date, ev.day_of_war))),
    h('p', { class: 'evidence' }, h('a', { href: link.document(ev.document_id, `e${ev.idx}`) }, shorten(ev.evidence.text, 220))),
    h('p', { class: 'small' },
      ev.place ? ['at ', h('a', { href: link.entity(ev.place.id) }, ev.place.name)] : null,
      ev.actors.length ? [ev.place ? ' · ' : '', ...ev.actors.flatMap((a, i) => [i ? ', ' : '', h('a', { href: link.entity(a.id) }, a.name)])] : null));
}

function clampLon(x) {
  return Math.max(-180, Math.min(180, x));
}

function escapeText(s) {
  // Leaflet renders attribution as HTML; ours is a constant from the server, escaped anyway.
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
