/* Small DOM helpers of the staff console's screens: elements (text always through textContent), status lines, form
   fields with labels, the one modal dialog, and readable error sentences. */
import { t } from './staff-i18n.js';

export const $ = (id) => document.getElementById(id);

/** An element with attributes and text (or child nodes). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  });
  children.flat().forEach((child) => {
    if (child === undefined || child === null || child === false) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  });
  return node;
}

/** Sets a status line: kind '', 'ok' or 'error'. */
export function say(id, text, kind) {
  const node = typeof id === 'string' ? $(id) : id;
  node.className = 'status' + (kind ? ' ' + kind : '');
  node.textContent = text || '';
}

/** A readable sentence from an API answer (the server's message, in the language asked; field problems included). */
export function problem(result) {
  const body = result.body;
  if (!body || body.success !== false) {
    return result.status === 0 ? t('error.network') : t('error.http', { status: result.status });
  }
  let text = body.error || t('error.http', { status: result.status });
  const fields = body.details && body.details.fields;
  if (fields && fields.length) text += ' ' + fields.map((f) => f.field + ': ' + f.message).join('; ');
  return text;
}

/** A labelled control: <label><span>text</span> control</label>. */
export function field(labelKey, control, help) {
  return el('label', {}, el('span', {}, t(labelKey)), ' ', control, help ? el('small', { class: 'meta' }, help) : null);
}

/** A <select> of [value, text] pairs with value selected. */
export function select(attrs, options, selected) {
  const node = el('select', attrs);
  options.forEach(([value, text]) => {
    const option = el('option', { value }, text);
    if (String(value) === String(selected ?? '')) option.selected = true;
    node.appendChild(option);
  });
  return node;
}

/**
 * Opens the modal dialog: title, body (nodes), the OK button's text (none: no OK button) and onSubmit, an async
 * function answering true to close the dialog (false keeps it open, e.g. with an error shown in #dialog-result).
 * Escape and the close button close it; focus returns to where it was.
 */
export function dialog({ title, body, ok, onSubmit }) {
  const box = $('dialog');
  const back = document.activeElement;
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...[].concat(body));
  $('dialog-ok').textContent = ok || '';
  $('dialog-ok').hidden = !ok;
  $('dialog-cancel').textContent = t('close');
  say('dialog-result', '');
  $('dialog-form').onsubmit = async (e) => {
    e.preventDefault();
    if (!onSubmit) return;
    $('dialog-ok').disabled = true;
    try {
      if (await onSubmit()) box.close();
    } finally {
      $('dialog-ok').disabled = false;
    }
  };
  $('dialog-cancel').onclick = () => box.close();
  box.onclose = () => { if (back && back.focus && document.contains(back)) back.focus(); };
  if (box.open) box.close();
  box.showModal();
  const first = $('dialog-body').querySelector('input, select, textarea, button');
  if (first) first.focus();
  return box;
}

export function dialogError(text) {
  say('dialog-result', text, 'error');
}

/** Debounces fn by ms (search boxes). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Keeps only the latest of overlapping loads (a search typed fast, a week clicked through): const turn = latest();
 * in the loader, const mine = turn(); after each await, if (!mine()) return.
 */
export function latest() {
  let n = 0;
  return () => {
    const mine = ++n;
    return () => mine === n;
  };
}

/**
 * Every item of a paged list: GET path with limit=100 and page=1, 2, … (data[key] and data.pagination.total_pages,
 * the contract's Pagination), the pages after the first fetched together. → {ok: true, items, data} (data: the first
 * page's data, for what an answer carries besides the list, e.g. a summary) or the first failed result (ctx.call's
 * {ok: false, …}).
 */
export async function allPages(context, path, key) {
  const url = (page) => path + (path.includes('?') ? '&' : '?') + 'limit=100&page=' + page;
  const first = await context.call('GET', url(1));
  if (!first.ok) return first;
  const rest = [];
  for (let page = 2; page <= first.body.data.pagination.total_pages; page++) rest.push(context.call('GET', url(page)));
  const pages = [first, ...(await Promise.all(rest))];
  const failed = pages.find((r) => !r.ok);
  return failed || { ok: true, items: pages.flatMap((r) => r.body.data[key]), data: first.body.data };
}

/** Items per page of the console's paged lists (registrations, students, instructors, courses, email log). */
export const PAGE_SIZE = 50;

/**
 * The paging bar of a list (a <nav class="pager"> of the markup, or its id) from the API's pagination {page, total,
 * total_pages}: "‹ Sebelumnya", a labelled page number to type (1 to total_pages) "dari 3 · 121 data", "Berikutnya ›";
 * hidden while everything fits on the first page. go(page) loads a page. Keyboard focus stays on the control used.
 */
export function pager(node, pagination, go) {
  node = typeof node === 'string' ? $(node) : node;
  const pages = Math.max(1, pagination.total_pages || 0);
  const page = Math.min(Math.max(1, pagination.page || 1), pages);
  const focused = node.contains(document.activeElement) ? document.activeElement.dataset.pager : null;
  node.hidden = pages <= 1;
  node.setAttribute('aria-label', t('pager.label'));
  const prev = el('button', { type: 'button', class: 'ghost pager-prev', 'data-pager': 'prev', disabled: page <= 1,
    onclick: () => go(page - 1) }, t('pager.prev'));
  const next = el('button', { type: 'button', class: 'ghost pager-next', 'data-pager': 'next', disabled: page >= pages,
    onclick: () => go(page + 1) }, t('pager.next'));
  const number = el('input', { type: 'number', class: 'pager-page', 'data-pager': 'page', min: '1', max: String(pages),
    step: '1', value: String(page), inputmode: 'numeric' });
  number.addEventListener('change', () => {
    const wanted = Math.min(Math.max(1, Math.floor(Number(number.value)) || 1), pages);
    if (wanted !== page) go(wanted);
    else number.value = String(page);
  });
  node.replaceChildren(prev, el('label', { class: 'inline pager-where' }, el('span', {}, t('pager.page')), ' ', number, ' ',
    el('span', {}, t('pager.of', { pages, total: pagination.total ?? 0 }))), next);
  if (focused) {
    const again = node.querySelector('[data-pager="' + focused + '"]:not([disabled])')
      || node.querySelector('[data-pager]:not([disabled])');
    if (again) again.focus();
  }
}
