// The API reference, built from /openapi.json with DOM APIs (FastAPI's Swagger page needs a CDN
// and an inline script; this one works offline under the app's Content-Security-Policy).
import { clear, h } from './dom.js';

const root = document.getElementById('endpoints');

function typeOf(schema) {
  if (!schema) return '';
  if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t && t !== 'null').join(' | ');
  return schema.type || (schema.$ref ? schema.$ref.split('/').pop() : '');
}

function endpoint(path, method, op) {
  const params = op.parameters || [];
  const inputs = new Map();
  const rows = params.map((p) => {
    const input = h('input', { name: p.name, placeholder: p.schema?.default != null ? String(p.schema.default) : '', 'aria-label': p.name });
    inputs.set(p.name, [p, input]);
    return h('tr', {}, h('td', {}, h('code', {}, p.name), p.required ? ' *' : ''), h('td', {}, p.in), h('td', {}, typeOf(p.schema)),
      h('td', {}, p.description || ''), h('td', {}, method === 'get' ? input : ''));
  });
  const out = h('pre', { class: 'response', hidden: true });
  const send = h('button', { type: 'button' }, 'Send');
  const url = h('code', {});
  send.addEventListener('click', async () => {
    let p = path;
    const qs = new URLSearchParams();
    for (const [name, [param, input]] of inputs) {
      if (!input.value) continue;
      if (param.in === 'path') p = p.replace(`{${name}}`, encodeURIComponent(input.value));
      else qs.set(name, input.value);
    }
    const target = qs.toString() ? `${p}?${qs}` : p;
    url.textContent = target;
    out.hidden = false;
    out.textContent = 'Loading…';
    try {
      const res = await fetch(target, { headers: { Accept: 'application/json' } });
      const text = await res.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON */ }
      out.textContent = `${res.status} ${res.statusText}\n\n${shown.slice(0, 20000)}`;
    } catch (err) {
      out.textContent = String(err);
    }
  });
  return h('details', { class: 'endpoint' },
    h('summary', {}, h('span', { class: `method ${method}` }, method.toUpperCase()), h('span', { class: 'path' }, path),
      h('span', { class: 'muted' }, op.summary || '')),
    h('div', { class: 'body' },
      op.description ? h('p', {}, op.description) : null,
      rows.length ? h('table', { class: 'params' }, h('thead', {}, h('tr', {}, ['Parameter', 'In', 'Type', 'Description', method === 'get' ? 'Try' : ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)) : null,
      op.requestBody ? h('p', { class: 'small' }, 'Body: JSON, ', h('code', {}, '{"text": "...", "id"?, "title"?, "url"?, "published"?, "language"?, "source"?}')) : null,
      method === 'get' ? h('div', { class: 'try' }, send, url) : h('p', { class: 'small muted' }, 'Needs the bearer token; try it with curl.'),
      out));
}

async function main() {
  try {
    const spec = await (await fetch('/openapi.json')).json();
    clear(root);
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) root.append(endpoint(path, method, op));
    }
  } catch (err) {
    clear(root).append(h('p', { class: 'error' }, `Could not load /openapi.json: ${err}`));
  }
}

main();
