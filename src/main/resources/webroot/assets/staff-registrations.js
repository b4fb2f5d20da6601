/*
 * Pendaftaran: registrations, pending first (GET /api/enrollments?status=pending, then the rest; paged, see load), with the applicant's
 * preferences and guardian; approve into a suggested class (GET /api/enrollments/{id}/suggestions: the course's open
 * classes ranked with free seats and reasons, candidate new slots when none fits; POST …/approve {schedule_id}),
 * reject with a reason (…/reject {reason}), cancel (…/cancel). Instructors see their courses' registrations only, read-only (the decisions are admin operations). The WhatsApp button opens
 * https://wa.me/<number>?text=… with an Indonesian message naming the registration number (seed: "Admin akan
 * menghubungi Anda via WhatsApp").
 */
import { t, dateTime, time, rupiah } from './staff-i18n.js';
import { $, el, say, problem, field, select, dialog, dialogError, latest, pager, PAGE_SIZE } from './staff-ui.js';

let ctx = null;
let wired = false;

/** The wa.me number of an Indonesian phone number: digits only, a leading 0 becomes 62. Null when none. */
export function waNumber(phone) {
  if (!phone) return null;
  let digits = String(phone).replace(/\D/g, '');
  if (digits.startsWith('0')) digits = '62' + digits.substring(1);
  return digits.length >= 8 ? digits : null;
}

/** The prefilled message, always in Indonesian (the applicant's language), naming the registration number. */
export function waMessage(en) {
  const course = en.course && en.course.title ? ' kursus ' + en.course.title : '';
  return 'Halo ' + en.student.full_name + ', terima kasih telah mendaftar' + course + ' di akademi kami. '
    + 'Kami menghubungi Anda terkait pendaftaran nomor ' + en.registration_number + '.';
}

function whatsapp(en) {
  const number = waNumber(en.student.wa_number);
  if (!number) return null;
  return el('a', { class: 'button whatsapp', href: 'https://wa.me/' + number + '?text=' + encodeURIComponent(waMessage(en)),
    target: '_blank', rel: 'noopener noreferrer', 'aria-label': t('reg.whatsappLabel', { name: en.student.full_name }) },
  t('reg.whatsapp'));
}

/** A preference or guardian value as text: days and levels in the page's language, a time range start–end. */
function value(v, key) {
  if (v === null || v === undefined) return '';
  if (key === 'preferred_schedule_ids') return Array.isArray(v) ? String(v.length) : '';
  if (Array.isArray(v)) return v.map((x) => (key === 'preferred_days' ? t('day.' + x) : String(x))).join(', ');
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (typeof v === 'object') {
    if ('start' in v || 'end' in v) return (v.start || '') + '–' + (v.end || '');
    return Object.values(v).filter((x) => x !== null && typeof x !== 'object').join(' · ');
  }
  if (key === 'experience_level') return t('level.' + v);
  return String(v);
}

function facts(object, prefix) {
  const list = el('dl', { class: 'facts' });
  Object.entries(object || {}).forEach(([key, v]) => {
    const text = value(v, key);
    if (!text) return;
    list.appendChild(el('div', {}, el('dt', {}, prefix && t(prefix + key) !== prefix + key ? t(prefix + key) : key),
      el('dd', {}, text)));
  });
  return list.childNodes.length ? list : null;
}

function card(en) {
  const admin = ctx.role === 'admin';
  const item = el('li', { class: 'course reg status-' + en.status, 'data-id': en.id, 'data-number': en.registration_number });
  item.appendChild(el('h3', {}, en.student.full_name, ' ', el('span', { class: 'badge reg-status' }, t('status.' + en.status))));
  item.appendChild(el('p', { class: 'meta' }, t('reg.number', { number: en.registration_number }), ' · ',
    t('reg.registered', { when: dateTime(en.registration_date) }),
    en.status === 'pending' && en.expires_at ? ' · ' + t('reg.expires', { when: dateTime(en.expires_at) }) : ''));
  item.appendChild(el('p', {}, el('strong', {}, (en.course && en.course.title) || ''),
    en.course && en.course.price_per_session !== undefined ? ' · ' + rupiah(en.course.price_per_session) : ''));
  item.appendChild(el('p', { class: 'meta' }, [en.student.email, en.student.wa_number].filter(Boolean).join(' · ')));
  const prefs = facts(en.preferences, 'pref.');
  if (prefs) item.appendChild(el('div', {}, el('h4', {}, t('reg.preferences')), prefs));
  if (en.guardian) item.appendChild(el('p', { class: 'meta' }, t('reg.guardian') + ': ' + value(en.guardian, 'guardian')));
  if (en.notes) item.appendChild(el('p', { class: 'meta' }, t('reg.notes') + ': ' + en.notes));
  if (en.referral_source) item.appendChild(el('p', { class: 'meta' }, t('reg.referral') + ': ' + en.referral_source));
  if (en.rejection_reason) item.appendChild(el('p', { class: 'meta' }, t('reg.reason') + ': ' + en.rejection_reason));
  const actions = el('div', { class: 'row' });
  if (admin && en.status === 'pending') {
    actions.appendChild(el('button', { type: 'button', class: 'approve', onclick: () => approve(en) }, t('reg.approve')));
    actions.appendChild(el('button', { type: 'button', class: 'reject ghost', onclick: () => reject(en) }, t('reg.reject')));
  }
  if (admin && (en.status === 'pending' || en.status === 'approved')) {
    actions.appendChild(el('button', { type: 'button', class: 'cancel ghost', onclick: () => cancel(en) }, t('reg.cancel')));
  }
  const wa = whatsapp(en);
  if (wa) actions.appendChild(wa);
  item.appendChild(actions);
  return item;
}

const turn = latest();
let page = 1; // the page shown (kept through a reload, a decision and a language switch; a new filter starts at 1)

/** The statuses in the order "all" shows them (the contract's EnrollmentStatus), pending first. */
const STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'];

/**
 * Loads a page (PAGE_SIZE a page; a number: that page, else the page shown). One status: that status's pages of
 * GET /api/enrollments?status= (newest first). All: the statuses one after another, pending first, each from a fresh
 * page — the totals of each (limit=1), then the page of the status the wanted page falls in — so every registration
 * is on exactly one page.
 */
async function load(wanted) {
  if (typeof wanted === 'number') page = wanted;
  const mine = turn();
  say('reg-result', t('loading'));
  const status = $('reg-status').value;
  const base = '/api/enrollments?limit=' + PAGE_SIZE;
  let list, pagination;
  if (status) {
    const r = await ctx.call('GET', base + '&status=' + status + '&page=' + page);
    if (!mine()) return;
    if (!r.ok) return say('reg-result', problem(r), 'error');
    list = r.body.data.enrollments;
    pagination = r.body.data.pagination;
  } else {
    const counts = await Promise.all(STATUSES.map((s) => ctx.call('GET', '/api/enrollments?limit=1&status=' + s)));
    if (!mine()) return;
    const failed = counts.find((r) => !r.ok);
    if (failed) return say('reg-result', problem(failed), 'error');
    const totals = counts.map((r) => r.body.data.pagination.total);
    const pages = totals.map((n) => Math.ceil(n / PAGE_SIZE));
    list = [];
    let at = 0, before = 0; // the status the page falls in, and the pages of the statuses before it
    while (at < pages.length && page > before + pages[at]) before += pages[at++];
    if (at < pages.length) {
      const r = await ctx.call('GET', base + '&status=' + STATUSES[at] + '&page=' + (page - before));
      if (!mine()) return;
      if (!r.ok) return say('reg-result', problem(r), 'error');
      list = r.body.data.enrollments;
    }
    pagination = { page, total: totals.reduce((a, b) => a + b, 0), total_pages: pages.reduce((a, b) => a + b, 0) };
  }
  if (!list.length && page > 1 && pagination.total_pages >= 1 && page > pagination.total_pages) {
    return load(pagination.total_pages); // fewer pages than before (decided elsewhere): the last one
  }
  say('reg-result', list.length ? (ctx.role === 'admin' ? '' : t('reg.readOnly')) : t('reg.empty'));
  $('reg-list').replaceChildren(...list.map(card));
  pager('reg-pager', pagination, load);
}

/** A suggested class as option text: time, room (or online), instructor, free seats, score. */
function classText(c) {
  return dateTime(c.start_time) + ' · ' + (c.online ? t('cal.onlineShort') : (c.room_name || ''))
    + (c.instructor_name ? ' · ' + c.instructor_name : '') + ' · ' + t('reg.freeSeats', { count: c.free_seats })
    + (c.fits ? ' · ' + t('reg.fits') : '');
}

/**
 * The approval's facts from GET /api/enrollments/{id}/suggestions: the course's open classes ranked against the
 * applicant's preferences (fitting first), and, when none fits, candidate new slots (information only: the admin may
 * open one on the calendar, then approve into it).
 */
async function suggestions(en) {
  const r = await ctx.call('GET', '/api/enrollments/' + en.id + '/suggestions');
  if (!r.ok) return { classes: [], slots: [], error: problem(r) };
  return { classes: r.body.data.classes, slots: r.body.data.candidate_slots || [], error: null };
}

function reasonsOf(classes) {
  const list = el('ol', { id: 'approve-suggestions', class: 'plain suggestions' });
  classes.forEach((c) => list.appendChild(el('li', { 'data-schedule': c.schedule_id, class: c.fits ? 'fits' : '' },
    el('strong', {}, classText(c)), c.reasons && c.reasons.length ? el('small', { class: 'meta' }, ' — ' + c.reasons.join('; ')) : null)));
  return list;
}

function slotsOf(slots) {
  return el('div', { id: 'approve-slots' }, el('h4', {}, t('reg.slotsTitle')), el('p', { class: 'meta' }, t('reg.slotsHelp')),
    el('ul', { class: 'plain' }, slots.map((s) => el('li', {}, dateTime(s.start_time) + '–' + time(s.end_time)
      + (s.instructor && s.instructor.full_name ? ' · ' + s.instructor.full_name : '')
      + (s.rooms && s.rooms.length ? ' · ' + s.rooms.map((room) => room.name).join(', ') : '')
      + (s.reasons && s.reasons.length ? ' — ' + s.reasons.join('; ') : '')))));
}

async function approve(en) {
  const found = await suggestions(en);
  const options = found.classes.map((c) => [c.schedule_id, classText(c)]);
  // the best suggestion first; with none, the applicant's own choice from the public form
  const preferred = (en.preferences && en.preferences.preferred_schedule_ids) || [];
  const first = found.classes.length && found.classes[0].fits ? found.classes[0].schedule_id
    : ((options.find(([id]) => preferred.includes(id)) || options[0] || [''])[0]);
  const choice = select({ id: 'approve-class', name: 'schedule_id' }, [['', t('reg.noClass')]].concat(options), first);
  const body = [el('p', {}, en.student.full_name + ' · ' + en.course.title), field('reg.class', choice)];
  if (found.error) body.push(el('p', { class: 'status error' }, found.error));
  else if (found.classes.length) body.push(el('h4', {}, t('reg.suggested')), reasonsOf(found.classes));
  else body.push(el('p', { class: 'meta' }, t('reg.noSuggestion')));
  if (found.slots.length) body.push(slotsOf(found.slots));
  dialog({
    title: t('reg.approveTitle', { number: en.registration_number }),
    body,
    ok: t('reg.approve'),
    onSubmit: async () => {
      const payload = choice.value ? { schedule_id: choice.value } : {};
      const r = await ctx.call('POST', '/api/enrollments/' + en.id + '/approve', payload);
      if (!r.ok) return dialogError(problem(r)), false;
      await load();
      say('reg-result', t('reg.approved', { number: en.registration_number }), 'ok');
      return true;
    }
  });
}

function reject(en) {
  const reason = el('textarea', { id: 'reject-reason', maxlength: '1000', rows: '3' });
  dialog({
    title: t('reg.rejectTitle', { number: en.registration_number }),
    body: [el('p', {}, en.student.full_name + ' · ' + en.course.title), field('reg.reason', reason)],
    ok: t('reg.reject'),
    onSubmit: async () => {
      const text = reason.value.trim();
      const r = await ctx.call('POST', '/api/enrollments/' + en.id + '/reject', text ? { reason: text } : {});
      if (!r.ok) return dialogError(problem(r)), false;
      await load();
      say('reg-result', t('reg.rejected', { number: en.registration_number }), 'ok');
      return true;
    }
  });
}

function cancel(en) {
  dialog({
    title: t('reg.cancelTitle', { number: en.registration_number }),
    body: [el('p', {}, t('reg.cancelConfirm'))],
    ok: t('reg.cancel'),
    onSubmit: async () => {
      const r = await ctx.call('POST', '/api/enrollments/' + en.id + '/cancel');
      if (!r.ok) return dialogError(problem(r)), false;
      await load();
      say('reg-result', t('reg.cancelled', { number: en.registration_number }), 'ok');
      return true;
    }
  });
}

export default {
  show(context) {
    ctx = context;
    if (!wired) {
      wired = true;
      $('reg-status').addEventListener('change', () => load(1));
      $('reg-reload').addEventListener('click', () => load());
    }
    load();
  }
};
