// Hash router: each page is a module exporting render(view, ctx). Hash routes need no server
// fallback and keep every page a plain static file.
import { clear, errorBox, h } from './dom.js';
import * as mapPage from './pages/map.js';
import * as timelinePage from './pages/timeline.js';
import * as quotesPage from './pages/quotes.js';
import * as entitiesPage from './pages/entities.js';
import * as entityPage from './pages/entity.js';
import * as documentsPage from './pages/documents.js';
import * as documentPage from './pages/document.js';
import * as briefPage from './pages/brief.js';

const ROUTES = [
  [/^\/?$/, mapPage, 'map'],
  [/^\/map$/, mapPage, 'map'],
  [/^\/timeline$/, timelinePage, 'timeline'],
  [/^\/quotes$/, quotesPage, 'quotes'],
  [/^\/entities$/, entitiesPage, 'entities'],
  [/^\/entity\/(.+)$/, entityPage, 'entities'],
  [/^\/documents$/, documentsPage, 'documents'],
  [/^\/document\/(.+)$/, documentPage, 'documents'],
  [/^\/brief$/, briefPage, 'brief'],
];

const view = document.getElementById('view');
let current = { controller: null, cleanup: null };

function parseHash() {
  const raw = location.hash.slice(1) || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

async function route() {
  const { path, params } = parseHash();
  current.controller?.abort();
  if (current.cleanup) { try { current.cleanup(); } catch { /* page already gone */ } }
  const controller = new AbortController();
  current = { controller, cleanup: null };
  for (const [pattern, page, nav] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    view.dataset.page = nav;
    clear(view);
    try {
      const args = m.slice(1).map((s) => decodeURIComponent(s));
      current.cleanup = await page.render(view, { params, args, signal: controller.signal }) || null;
    } catch (err) {
      if (err.name !== 'AbortError') view.append(errorBox(err));
    }
    return;
  }
  clear(view).append(h('div', { class: 'page' }, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/map' }, 'Back to the map'))));
}

window.addEventListener('hashchange', route);
route();
