/*
 * Pendaftaran: registrations, pending first (GET /api/enrollments?status=pending, then the rest), with the applicant's
 * preferences and guardian; approve into one of the course's upcoming classes (POST /api/enrollments/{id}/approve
 * {schedule_id}), reject with a reason (…/reject {reason}), cancel (…/cancel). Instructors see their courses'
 * registrations only, read-only (the decisions are admin operations). The WhatsApp button opens
 * https://wa.me/<number>?text=… with an Indonesian message naming the registration number (seed: "Admin akan
 * menghubungi Anda via WhatsApp").
 */
import { t, dateTime, localDate, rupiah } from './staff-i18n.js';
import { $, el, say, problem, field, select, dialog, dialogError, latest } from './staff-ui.js';

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

async function load() {
  const mine = turn();
  say('reg-result', t('loading'));
  const status = $('reg-status').value;
  let list = [];
  if (status) {
    const r = await ctx.call('GET', '/api/enrollments?limit=100&status=' + status);
    if (!r.ok) return say('reg-result', problem(r), 'error');
    list = r.body.data.enrollments;
  } else {
    const [pending, all] = await Promise.all([ctx.call('GET', '/api/enrollments?limit=100&status=pending'),
      ctx.call('GET', '/api/enrollments?limit=100')]);
    if (!pending.ok) return say('reg-result', problem(pending), 'error');
    if (!all.ok) return say('reg-result', problem(all), 'error');
    list = pending.body.data.enrollments.concat(all.body.data.enrollments.filter((e) => e.status !== 'pending'));
  }
  if (!mine()) return;
  say('reg-result', list.length ? (ctx.role === 'admin' ? '' : t('reg.readOnly')) : t('reg.empty'));
  $('reg-list').replaceChildren(...list.map(card));
}

/** The course's classes from today on, as [id, text] for the approval's class choice. */
async function classesOf(courseId) {
  const today = localDate(new Date());
  const r = await ctx.call('GET', '/api/schedules?limit=100&course_id=' + encodeURIComponent(courseId) + '&start_date=' + today);
  if (!r.ok) return [];
  return r.body.data.schedules.filter((s) => Date.parse(s.start_time) > Date.now()).map((s) => [s.id,
    dateTime(s.start_time) + ' · ' + (s.room ? s.room.name : t('cal.onlineShort'))
    + (s.instructor ? ' · ' + s.instructor.full_name : '')
    + ' · ' + t('cal.enrolled', { count: s.enrolled_count }) + (s.max_students ? '/' + s.max_students : '')]);
}

async function approve(en) {
  const options = await classesOf(en.course.id);
  const preferred = (en.preferences && en.preferences.preferred_schedule_ids) || [];
  const first = options.find(([id]) => preferred.includes(id));
  const choice = select({ id: 'approve-class', name: 'schedule_id' }, [['', t('reg.noClass')]].concat(options),
    first ? first[0] : (options[0] ? options[0][0] : ''));
  dialog({
    title: t('reg.approveTitle', { number: en.registration_number }),
    body: [el('p', {}, en.student.full_name + ' · ' + en.course.title), field('reg.class', choice)],
    ok: t('reg.approve'),
    onSubmit: async () => {
      const body = choice.value ? { schedule_id: choice.value } : {};
      const r = await ctx.call('POST', '/api/enrollments/' + en.id + '/approve', body);
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
      $('reg-status').addEventListener('change', load);
      $('reg-reload').addEventListener('click', load);
    }
    load();
  }
};
