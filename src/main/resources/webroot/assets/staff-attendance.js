/*
 * Presensi: today's classes (academy day, GET /api/schedules?instructor_id&start_date=today&end_date=today) of the
 * signed-in instructor — an admin picks the instructor (every active one: all pages) or sees everyone's (all pages) —
 * each with its roster (GET /api/attendance/schedule/{id}) and one tap per student: Hadir / Tidak hadir (POST /api/attendance, or
 * PUT /api/attendance/{scheduleId}/{studentId} to change a mark). A class that has not started yet is refused by the
 * API (409 ATTENDANCE_INVALID_TIME), and that message is shown.
 */
import { t, time, localDate } from './staff-i18n.js';
import { $, el, say, problem, allPages } from './staff-ui.js';

let ctx = null;
let wired = false;

async function fillInstructors() {
  const select = $('att-instructor');
  if (ctx.role !== 'admin') {
    select.replaceChildren(el('option', { value: ctx.user.id }, ctx.user.full_name || ctx.user.email));
    select.disabled = true;
    return;
  }
  const keep = select.value;
  const r = await allPages(ctx, '/api/users/teachers?status=active', 'teachers');
  const teachers = r.ok ? r.items : [];
  select.disabled = false;
  select.replaceChildren(el('option', { value: '' }, t('att.all')), ...teachers.map((i) => el('option', { value: i.id }, i.full_name)));
  if (teachers.some((i) => i.id === keep)) select.value = keep;
}

async function load() {
  say('att-result', t('loading'));
  const today = localDate(new Date());
  const who = $('att-instructor').value;
  const r = await allPages(ctx, '/api/schedules?start_date=' + today + '&end_date=' + today
    + (who ? '&instructor_id=' + encodeURIComponent(who) : ''), 'schedules');
  if (!r.ok) return say('att-result', problem(r), 'error');
  const classes = r.items;
  say('att-result', classes.length ? '' : t('att.none'));
  const boxes = await Promise.all(classes.map(roster));
  $('att-classes').replaceChildren(...boxes);
}

async function roster(s) {
  const box = el('section', { class: 'box wide att-class', 'data-id': s.id, 'aria-label': (s.course ? s.course.title : '') + ' ' + time(s.start_time) });
  box.appendChild(el('h3', {}, (s.course ? s.course.title : ''), ' · ', time(s.start_time) + '–' + time(s.end_time)));
  box.appendChild(el('p', { class: 'meta' }, [s.room ? s.room.name : t('cal.onlineShort'), s.instructor && s.instructor.full_name]
    .filter(Boolean).join(' · ')));
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const r = await ctx.call('GET', '/api/attendance/schedule/' + s.id);
  if (!r.ok) {
    say(status, problem(r), 'error');
    box.appendChild(status);
    return box;
  }
  const data = r.body.data;
  const summary = el('p', { class: 'att-summary' }, t('att.summary', { attended: data.total_attended, enrolled: data.total_enrolled }));
  box.appendChild(summary);
  const list = el('ul', { class: 'roster' });
  if (!data.attendees.length) box.appendChild(el('p', { class: 'meta' }, t('att.noStudents')));
  data.attendees.forEach((a) => list.appendChild(student(s, a, status, summary, data)));
  box.appendChild(list);
  box.appendChild(status);
  return box;
}

function student(s, a, status, summary, data) {
  const name = a.student.full_name || a.student.email;
  const item = el('li', { 'data-student': a.student.id });
  const state = el('span', { class: 'att-state' });
  const present = el('button', { type: 'button', class: 'present' }, t('att.present'));
  const absent = el('button', { type: 'button', class: 'absent ghost' }, t('att.absent'));
  present.setAttribute('aria-label', t('att.markFor', { state: t('att.present'), name }));
  absent.setAttribute('aria-label', t('att.markFor', { state: t('att.absent'), name }));
  const showMark = () => {
    present.setAttribute('aria-pressed', String(a.attended === true));
    absent.setAttribute('aria-pressed', String(a.attended === false));
    state.textContent = a.attended === null ? t('att.unmarked') : t(a.attended ? 'att.present' : 'att.absent');
    item.dataset.attended = a.attended === null ? '' : String(a.attended);
  };
  const mark = async (attended) => {
    present.disabled = absent.disabled = true;
    const r = a.attended === null
      ? await ctx.call('POST', '/api/attendance', { class_schedule_id: s.id, student_id: a.student.id, attended })
      : await ctx.call('PUT', '/api/attendance/' + s.id + '/' + a.student.id, { attended });
    present.disabled = absent.disabled = false;
    if (!r.ok) return say(status, problem(r), 'error');
    const before = a.attended;
    a.attended = attended;
    data.total_attended += (attended ? 1 : 0) - (before ? 1 : 0);
    summary.textContent = t('att.summary', { attended: data.total_attended, enrolled: data.total_enrolled });
    say(status, '');
    showMark();
  };
  present.addEventListener('click', () => mark(true));
  absent.addEventListener('click', () => mark(false));
  showMark();
  item.append(el('span', { class: 'name' }, name), ' ', state, ' ', el('span', { class: 'row' }, present, absent));
  return item;
}

export default {
  async show(context) {
    ctx = context;
    if (!wired) {
      wired = true;
      $('att-instructor').addEventListener('change', load);
      $('att-reload').addEventListener('click', load);
    }
    await fillInstructors();
    await load();
  }
};
