/*
 * Pembayaran (issue 18, admins): the transfer proofs waiting for review (GET /api/invoices?status=pending_review, each
 * invoice's GET /api/invoices/{id}/proofs; every page) with confirm (POST /api/invoices/{id}/confirm) and reject with a reason
 * (POST /api/invoices/{id}/reject {reason}); the invoices with a status filter (GET /api/invoices?status=…) and the
 * payments received with their totals (GET /api/payments), both paged by the API (PAGE_SIZE a page, a paging bar
 * under each table); the packages for sale (GET /api/packages, an admin sees the
 * inactive ones too) with create (POST) and edit (PUT /api/packages/{id}, every field), their courses chosen from every
 * course (all pages of GET /api/courses). An invoice's PDF (GET /api/invoices/{id}/pdf) needs the
 * bearer, so it is fetched and opened as a blob. Money "Rp 250.000", times in WIB.
 * invoiceRows() is the student record's invoice list too (staff-directory.js).
 */
import { t, dateTime, rupiah } from './staff-i18n.js';
import { $, el, say, problem, field, dialog, dialogError, latest, allPages, pager, PAGE_SIZE } from './staff-ui.js';

let ctx = null;
let wired = false;

/** Fetches the invoice's PDF with the bearer and opens it in a new tab (a blob: URL, revoked a minute later). */
export async function openPdf(context, invoice) {
  // the tab is opened in the click's turn, so no popup blocker refuses it; the PDF is put in it when it arrives
  const tab = window.open('', '_blank');
  const response = await context.fetchRaw('/api/invoices/' + invoice.id + '/pdf');
  if (!response.ok) {
    if (tab) tab.close();
    return false;
  }
  const url = URL.createObjectURL(await response.blob());
  if (tab) tab.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return true;
}

function pdfButton(context, invoice, statusId) {
  return el('button', { type: 'button', class: 'ghost pdf', 'aria-label': t('pay.pdfLabel', { number: invoice.number }),
    onclick: async () => {
      if (!(await openPdf(context, invoice))) say(statusId, t('error.http', { status: 'PDF' }), 'error');
    } }, t('pay.pdf'));
}

/** Table rows of invoices: number, student, course or package, amount, status, issue and due dates, paid, PDF. */
export function invoiceRows(context, invoices, statusId) {
  return invoices.map((inv) => el('tr', { 'data-id': inv.id, 'data-number': inv.number },
    el('td', {}, inv.number),
    el('td', {}, inv.student_name || ''),
    el('td', {}, (inv.package_name ? inv.package_name + ' · ' : '') + (inv.course_title || inv.description || '')),
    el('td', { class: 'money' }, rupiah(inv.amount)),
    el('td', { class: 'inv-status' }, t('inv.' + inv.status)),
    el('td', {}, dateTime(inv.issued_at)),
    el('td', {}, dateTime(inv.due_at)),
    el('td', {}, inv.paid_at ? dateTime(inv.paid_at) : '–'),
    el('td', {}, pdfButton(context, inv, statusId))));
}

const turn = latest();

async function loadProofs() {
  const r = await allPages(ctx, '/api/invoices?status=pending_review', 'invoices');
  if (!r.ok) return say('pay-result', problem(r), 'error');
  const invoices = r.items;
  const proofs = await Promise.all(invoices.map((inv) => ctx.call('GET', '/api/invoices/' + inv.id + '/proofs')));
  const items = [];
  invoices.forEach((inv, i) => {
    if (!proofs[i].ok) return;
    const proof = proofs[i].body.data.proofs.find((p) => p.status === 'pending');
    if (proof) items.push(proofCard(inv, proof));
  });
  $('pay-proofs').replaceChildren(...items);
  $('pay-proofs-empty').hidden = items.length > 0;
}

function proofCard(inv, proof) {
  return el('li', { class: 'course proof', 'data-invoice': inv.id, 'data-number': inv.number },
    el('h4', {}, inv.number + ' · ' + (inv.student_name || '') + ' · ' + rupiah(inv.amount)),
    el('p', { class: 'meta' }, (inv.course_title || inv.description || '')),
    el('p', {}, t('pay.proofLine', { payer: proof.payer_name, bank: proof.bank, amount: rupiah(proof.amount), when: dateTime(proof.paid_at) }),
      ' ', /^https?:\/\//.test(proof.proof_url)
        ? el('a', { href: proof.proof_url, target: '_blank', rel: 'noopener noreferrer' }, t('pay.proofLink')) : null),
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'confirm', onclick: () => confirmProof(inv) }, t('pay.confirm')),
      el('button', { type: 'button', class: 'reject ghost', onclick: () => rejectProof(inv) }, t('pay.reject')),
      pdfButton(ctx, inv, 'pay-result')));
}

async function confirmProof(inv) {
  const r = await ctx.call('POST', '/api/invoices/' + inv.id + '/confirm');
  if (!r.ok) return say('pay-result', problem(r), 'error');
  await load();
  say('pay-result', t('pay.confirmed', { number: inv.number }), 'ok');
}

function rejectProof(inv) {
  const reason = el('textarea', { id: 'proof-reason', maxlength: '1000', rows: '3', required: true });
  dialog({
    title: t('pay.rejectTitle', { number: inv.number }),
    body: [el('p', {}, (inv.student_name || '') + ' · ' + rupiah(inv.amount)), field('pay.reason', reason)],
    ok: t('pay.reject'),
    onSubmit: async () => {
      const r = await ctx.call('POST', '/api/invoices/' + inv.id + '/reject', { reason: reason.value.trim() });
      if (!r.ok) return dialogError(problem(r)), false;
      await load();
      say('pay-result', t('pay.rejected', { number: inv.number }), 'ok');
      return true;
    }
  });
}

const invoicesTurn = latest(), paymentsTurn = latest();
let invoicesPage = 1, paymentsPage = 1; // the pages shown (a new status filter starts at 1)

async function loadInvoices(wanted) {
  if (typeof wanted === 'number') invoicesPage = wanted;
  const mine = invoicesTurn();
  const status = $('pay-status').value;
  const r = await ctx.call('GET', '/api/invoices?limit=' + PAGE_SIZE + '&page=' + invoicesPage + (status ? '&status=' + status : ''));
  if (!mine()) return;
  if (!r.ok) return say('pay-result', problem(r), 'error');
  const { invoices, pagination } = r.body.data;
  if (!invoices.length && invoicesPage > pagination.total_pages && pagination.total_pages >= 1) return loadInvoices(pagination.total_pages);
  $('pay-invoices').replaceChildren(...invoiceRows(ctx, invoices, 'pay-result'));
  $('pay-invoices-empty').hidden = invoices.length > 0;
  pager('pay-invoices-pager', pagination, loadInvoices);
}

async function loadPayments(wanted) {
  if (typeof wanted === 'number') paymentsPage = wanted;
  const mine = paymentsTurn();
  const r = await ctx.call('GET', '/api/payments?limit=' + PAGE_SIZE + '&page=' + paymentsPage);
  if (!mine()) return;
  if (!r.ok) return say('pay-result', problem(r), 'error');
  const { payments, totals, pagination } = r.body.data;
  if (!payments.length && paymentsPage > pagination.total_pages && pagination.total_pages >= 1) return loadPayments(pagination.total_pages);
  pager('pay-payments-pager', pagination, loadPayments);
  $('pay-totals').textContent = t('pay.totals', { count: totals.count, amount: rupiah(totals.amount) });
  $('pay-payments').replaceChildren(...payments.map((p) => el('tr', { 'data-invoice': p.invoice_id },
    el('td', {}, dateTime(p.paid_at)),
    el('td', {}, p.invoice_number),
    el('td', {}, p.student ? p.student.full_name : ''),
    el('td', {}, t('method.' + p.method) + (p.refunded ? ' · ' + t('pay.refunded') : '')),
    el('td', { class: 'money' }, rupiah(p.amount)))));
  $('pay-payments-empty').hidden = payments.length > 0;
}

// --- packages -------------------------------------------------------------------------------------------

/** Every course of the academy (all pages of GET /api/courses: an admin sees inactive ones too): id → title. */
let courseTitles = new Map();

async function loadPackages() {
  const [r, c] = await Promise.all([ctx.call('GET', '/api/packages'), allPages(ctx, '/api/courses', 'courses')]);
  if (!r.ok) return say('pay-result', problem(r), 'error');
  if (c.ok) courseTitles = new Map(c.items.map((course) => [course.id, course.title]));
  else say('pay-result', problem(c), 'error');
  $('pkg-list').replaceChildren(...r.body.data.map((p) => el('tr', { 'data-id': p.id },
    el('td', {}, p.name),
    el('td', {}, p.course_ids.map((id) => courseTitles.get(id) || id).join(', ')),
    el('td', {}, p.sessions === null ? '–' : String(p.sessions)),
    el('td', { class: 'money' }, rupiah(p.price)),
    el('td', {}, t(p.is_active ? 'yes' : 'no')),
    el('td', {}, el('button', { type: 'button', class: 'ghost edit', onclick: () => editPackage(p) }, t('edit'))))));
  $('pkg-empty').hidden = r.body.data.length > 0;
}

/** The package dialog: new (p null) or edit (PUT replaces every field). */
function editPackage(p) {
  const input = (id, attrs, value) => el('input', Object.assign({ id }, attrs, value === null || value === undefined ? {} : { value: String(value) }));
  const name = input('pkg-name', { maxlength: '200', required: true }, p && p.name);
  const description = el('textarea', { id: 'pkg-description', maxlength: '5000', rows: '2' }, (p && p.description) || '');
  const price = input('pkg-price', { type: 'number', min: '0', step: '1', required: true }, p && p.price);
  const sessions = input('pkg-sessions', { type: 'number', min: '1', step: '1' }, p && p.sessions);
  const validDays = input('pkg-valid-days', { type: 'number', min: '1', max: '3650', step: '1' }, p && p.valid_days);
  const active = el('input', { id: 'pkg-active', type: 'checkbox' });
  active.checked = p ? p.is_active : true;
  const chosen = new Set(p ? p.course_ids : []);
  // the package's courses are offered even when the list lacks them (it failed to load): saving never drops one unseen
  const offered = new Map(courseTitles);
  chosen.forEach((id) => { if (!offered.has(id)) offered.set(id, id); });
  const courses = el('fieldset', { id: 'pkg-courses' }, el('legend', {}, t('pkg.course')),
    [...offered.entries()].map(([id, title]) => {
      const box = el('input', { type: 'checkbox', value: id });
      box.checked = chosen.has(id);
      return el('label', { class: 'inline' }, box, ' ', title);
    }));
  dialog({
    title: t(p ? 'pkg.editTitle' : 'pkg.newTitle'),
    body: [field('pkg.name', name), field('pkg.description', description), field('pkg.price', price),
      field('pkg.sessions', sessions), field('pkg.validDays', validDays), courses, field('pkg.active', active)],
    ok: t('save'),
    onSubmit: async () => {
      const body = { name: name.value.trim(), description: description.value, price: Number(price.value),
        course_ids: [...courses.querySelectorAll('input:checked')].map((box) => box.value), is_active: active.checked };
      if (sessions.value) body.sessions = Number(sessions.value);
      if (validDays.value) body.valid_days = Number(validDays.value);
      const r = await ctx.call(p ? 'PUT' : 'POST', '/api/packages' + (p ? '/' + p.id : ''), body);
      if (!r.ok) return dialogError(problem(r)), false;
      await loadPackages();
      say('pay-result', t('pkg.saved', { name: body.name }), 'ok');
      return true;
    }
  });
}

async function load() {
  const mine = turn();
  say('pay-result', t('loading'));
  await Promise.all([loadProofs(), loadInvoices(), loadPayments(), loadPackages()]);
  if (mine() && $('pay-result').textContent === t('loading')) say('pay-result', '');
}

export default {
  show(context) {
    ctx = context;
    if (!wired) {
      wired = true;
      $('pay-status').addEventListener('change', () => loadInvoices(1));
      $('pay-reload').addEventListener('click', load);
      $('pkg-new').addEventListener('click', () => editPackage(null));
    }
    load();
  }
};
