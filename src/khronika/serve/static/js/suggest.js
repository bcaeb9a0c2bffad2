// Name suggestions for filter inputs (speaker, place, actor): any spelling, from /api/entities.
import { h } from './dom.js';
import { get } from './api.js';

let counter = 0;

/** [input, datalist]: names for `input` as the user types; `type` narrows to PERSON, PLACE, ... */
export function suggestNames(input, type) {
  const list = h('datalist', { id: `suggest-${++counter}` });
  input.setAttribute('list', list.id);
  let timer = null;
  let ctl = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      ctl?.abort();
      ctl = new AbortController();
      try {
        const page = await get('/api/entities', { q, type, limit: 8 }, ctl.signal);
        list.replaceChildren(...page.items.map((e) => h('option', { value: e.name }, e.matched && e.matched !== e.name ? e.matched : null)));
      } catch { /* suggestions are optional */ }
    }, 180);
  });
  return [input, list];
}
