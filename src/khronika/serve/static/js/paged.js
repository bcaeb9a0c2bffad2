// A list that grows page by page with the API's keyset cursors ("next").
import { errorBox, h } from './dom.js';
import { get } from './api.js';

/**
 * pagedList(container, path, params, renderItems, {signal, empty}) -> Promise<first page>
 * renderItems(items, container) appends the items; a "Load more" button follows while `next` is set.
 */
export async function pagedList(container, path, params, renderItems, { signal, empty, onPage } = {}) {
  const more = h('button', { class: 'more', type: 'button' }, 'Load more');
  const status = h('p', { class: 'muted small', 'aria-live': 'polite' });
  let next = null;
  let total = 0;

  async function load() {
    more.disabled = true;
    more.textContent = 'Loading…';
    try {
      const page = await get(path, { ...params, cursor: next }, signal);
      total += page.items.length;
      renderItems(page.items, container);
      onPage?.(page);
      next = page.next;
      if (total === 0 && empty) container.append(empty);
      status.textContent = total ? `${total} shown${next ? '' : ' — that is all'}` : '';
    } catch (err) {
      if (err.name !== 'AbortError') container.append(errorBox(err));
      next = null;
    }
    more.disabled = false;
    more.textContent = 'Load more';
    more.hidden = !next;
  }

  more.addEventListener('click', load);
  container.after(h('div', { class: 'list-foot' }, status, more));
  more.hidden = true;
  await load();
}
