// DOM helpers. Every piece of data reaches the page as a text node or an attribute value set
// with setAttribute: never as HTML. Document texts are untrusted (they come from the web).

const WAR_DAY_ONE = Date.UTC(2022, 1, 24); // 2022-02-24 is day 1 of the full-scale invasion

/** h('a', {href, class}, 'text', child...) -> Element. Strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'href') el.setAttribute('href', safeHref(value));
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Links go to our own pages or to http(s) addresses; anything else (javascript:, data:) is dropped. */
export function safeHref(url) {
  if (typeof url !== 'string') return '#';
  if (url.startsWith('#') || (url.startsWith('/') && !url.startsWith('//'))) return url;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch { /* not a URL */ }
  return '#';
}

export function isWebUrl(url) {
  return typeof url === 'string' && safeHref(url) !== '#' && /^https?:/i.test(url);
}

export const link = {
  entity: (id) => `#/entity/${encodeURIComponent(id)}`,
  document: (id, hl) => `#/document/${encodeURIComponent(id)}${hl ? `?hl=${encodeURIComponent(hl)}` : ''}`,
  quotes: (params) => `#/quotes${query(params)}`,
  timeline: (params) => `#/timeline${query(params)}`,
  documents: (params) => `#/documents${query(params)}`,
  entities: (params) => `#/entities${query(params)}`,
};

export function query(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') qs.set(k, v);
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export function dayOfWar(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - WAR_DAY_ONE) / 86400000) + 1;
}

const DATE_FMT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function fmtDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || '';
  const [y, m, d] = iso.split('-').map(Number);
  return DATE_FMT.format(new Date(Date.UTC(y, m - 1, d)));
}

/** "Day 454 · 23 May 2023" (either part may be missing). */
export function dayLabel(iso, day) {
  const n = day ?? dayOfWar(iso);
  const parts = [];
  if (n && n > 0) parts.push(`Day ${n}`);
  if (iso) parts.push(fmtDate(iso));
  return parts.join(' · ') || 'Undated';
}

export function badge(text, cls = '') {
  return h('span', { class: `badge ${cls}`.trim() }, text);
}

export function typeBadge(type) {
  return badge(type || '?', `t-${String(type || 'MISC').replace(/[^A-Z]/g, '')}`);
}

export function eventLabel(ev) {
  const acled = ev.acled && (ev.acled.sub_event_type || ev.acled.event_type);
  const plover = ev.plover && [ev.plover.event, ev.plover.mode].filter(Boolean).join(' / ');
  return acled || plover || 'Event';
}

export function emptyState(title, detail) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), detail ? h('p', {}, detail) : null);
}

export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Something went wrong. '), String(err && err.message || err));
}

export function shorten(text, n = 240) {
  if (!text) return '';
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A labelled form field. */
export function field(label, input) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input);
}
