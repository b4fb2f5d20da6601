/*
 * Kalender: a week view (Monday to Sunday, 07.00–21.00 academy time, Asia/Jakarta) of one room's or one instructor's
 * classes (GET /api/schedules?room_id|instructor_id&start_date&end_date, every page). The rooms, courses and
 * instructors to choose from are complete lists (every page of GET /api/rooms, /api/courses, /api/users/teachers). A free hour is a button: it opens the form
 * that creates a class there (POST /api/schedules) or a weekly series from that date (POST /api/schedules/series);
 * a class is a button too: move it (PUT /api/schedules/{id} {start_time}) or cancel it (DELETE). A refusal
 * 409 SCHEDULE_CONFLICT names the classes it collides with (details.conflicts[].schedule_id): shown with their course,
 * time, room or instructor.
 * Instructors see their own week by default and schedule themselves only (the API refuses anything else).
 */
import { t, dateTime, time, dayLabel, dateLabel, localDate, localMinutes, instant, addDays, monday, WEEKDAYS } from './staff-i18n.js';
import { $, el, say, problem, field, select, dialog, dialogError, latest, allPages } from './staff-ui.js';

const FIRST_HOUR = 7, LAST_HOUR = 21; // the rows shown: 07.00 to 21.00
let ctx = null;
let wired = false;
let week = null; // the Monday shown
let rooms = [], instructors = [], courses = [];
let shown = []; // the week's classes
let shownFor = null; // the user the week was first shown to

/** Every room, course and (admins) active instructor: all pages, so none is missing from the pickers. */
async function loadChoices() {
  const [r, c] = await Promise.all([allPages(ctx, '/api/rooms', 'rooms'), allPages(ctx, '/api/courses', 'courses')]);
  rooms = r.ok ? r.items : [];
  courses = c.ok ? c.items : [];
  if (ctx.role === 'admin') {
    const i = await allPages(ctx, '/api/users/teachers?status=active', 'teachers');
    instructors = i.ok ? i.items : [];
  } else {
    instructors = [ctx.user];
  }
}

function fillWhich() {
  const by = $('cal-by').value;
  const keep = $('cal-which').value;
  const options = by === 'room' ? rooms.map((r) => [r.id, r.name + ' (' + r.capacity + ')'])
    : instructors.map((i) => [i.id, i.full_name]);
  $('cal-which-label').textContent = t(by === 'room' ? 'cal.room' : 'cal.instructor');
  $('cal-which').replaceChildren(...options.map(([v, text]) => el('option', { value: v }, text)));
  if (options.some(([v]) => v === keep)) $('cal-which').value = keep;
}

const turn = latest();

async function load() {
  const mine = turn();
  const which = $('cal-which').value;
  const end = addDays(week, 6);
  $('cal-range').textContent = dateLabel(week) + ' – ' + dateLabel(end);
  if (!which) {
    shown = [];
    draw();
    return say('cal-result', (rooms.length || instructors.length) ? t('cal.pickFirst') : t('cal.nothing'));
  }
  say('cal-result', t('loading'));
  const filter = ($('cal-by').value === 'room' ? 'room_id=' : 'instructor_id=') + encodeURIComponent(which);
  const r = await allPages(ctx, '/api/schedules?' + filter + '&start_date=' + week + '&end_date=' + end, 'schedules');
  if (!mine()) return;
  if (!r.ok) return say('cal-result', problem(r), 'error');
  shown = r.items;
  say('cal-result', '');
  draw();
}

function place(node, day, fromMinutes, toMinutes) {
  const first = FIRST_HOUR * 60;
  const from = Math.max(fromMinutes, first), to = Math.min(Math.max(toMinutes, from + 30), LAST_HOUR * 60);
  node.style.gridColumn = String(day + 2);
  node.style.gridRow = (2 + Math.floor((from - first) / 30)) + ' / ' + (2 + Math.ceil((to - first) / 30));
}

function draw() {
  const grid = $('cal-grid');
  grid.replaceChildren();
  const corner = el('div', { class: 'cal-head', 'aria-hidden': 'true' });
  place(corner, -1, FIRST_HOUR * 60, FIRST_HOUR * 60 + 30);
  corner.style.gridRow = '1';
  grid.appendChild(corner);
  const today = localDate(new Date());
  for (let d = 0; d < 7; d++) {
    const date = addDays(week, d);
    const head = el('div', { class: 'cal-head' + (date === today ? ' today' : '') }, dayLabel(date));
    head.style.gridColumn = String(d + 2);
    head.style.gridRow = '1';
    grid.appendChild(head);
  }
  for (let h = FIRST_HOUR; h < LAST_HOUR; h++) {
    const label = el('div', { class: 'cal-hour', 'aria-hidden': 'true' }, String(h).padStart(2, '0') + '.00');
    place(label, -1, h * 60, h * 60 + 60);
    grid.appendChild(label);
  }
  // the week's classes and free hours, appended day by day in time order (the keyboard's order too)
  const items = [];
  const busy = {};
  shown.forEach((s) => {
    const date = localDate(s.start_time);
    const day = Math.round((Date.parse(date) - Date.parse(week)) / 86400000);
    const from = localMinutes(s.start_time);
    const to = localDate(s.end_time) === date ? localMinutes(s.end_time) : 24 * 60;
    (busy[date] = busy[date] || []).push([from, to]);
    const label = (s.course ? s.course.title : '') + ', ' + dayLabel(date) + ' ' + time(s.start_time) + '–' + time(s.end_time);
    const block = el('button', { type: 'button', class: 'cal-class', 'data-id': s.id, 'aria-label': label,
      onclick: () => openClass(s) },
    el('strong', {}, s.course ? s.course.title : ''),
    el('span', {}, time(s.start_time) + '–' + time(s.end_time)),
    el('span', { class: 'meta' }, $('cal-by').value === 'room' ? (s.instructor ? s.instructor.full_name : '')
      : (s.room ? s.room.name : t('cal.onlineShort'))),
    el('span', { class: 'meta' }, t('cal.enrolled', { count: s.enrolled_count })));
    place(block, day, from, to);
    items.push([day, from, block]);
  });
  // a free hour that has not begun yet is a button
  const now = Date.now();
  for (let d = 0; d < 7; d++) {
    const date = addDays(week, d);
    for (let h = FIRST_HOUR; h < LAST_HOUR; h++) {
      const from = h * 60, to = from + 60;
      const taken = (busy[date] || []).some(([a, b]) => a < to && b > from);
      const hhmm = String(h).padStart(2, '0') + ':00';
      if (taken || Date.parse(instant(date, hhmm)) <= now) continue;
      const when = dayLabel(date) + ' ' + String(h).padStart(2, '0') + '.00';
      const slot = el('button', { type: 'button', class: 'cal-free', 'data-date': date, 'data-time': hhmm,
        'aria-label': t('cal.free', { when }), title: t('cal.free', { when }), onclick: () => create(date, hhmm) }, '+');
      place(slot, d, from, to);
      items.push([d, from, slot]);
    }
  }
  items.sort((a, b) => a[0] - b[0] || a[1] - b[1]).forEach(([, , node]) => grid.appendChild(node));
}

/** The collided classes of a SCHEDULE_CONFLICT, each as a line naming its course, time and room or instructor. */
async function conflictLines(details, message) {
  const conflicts = (details && details.conflicts) || [];
  const lines = await Promise.all(conflicts.map(async (c) => {
    // a clash found only by the database's exclusion constraint names the resource, not the class
    if (!c.schedule_id) return message;
    let other = shown.find((s) => s.id === c.schedule_id);
    if (!other && c.schedule_id) {
      const r = await ctx.call('GET', '/api/schedules/' + c.schedule_id);
      other = r.ok ? r.body.data : null;
    }
    const resource = c.resource === 'room' ? t('cal.conflictRoom') : t('cal.conflictInstructor');
    const name = other ? (c.resource === 'room' ? (other.room && other.room.name) : (other.instructor && other.instructor.full_name)) : '';
    return t('cal.conflictWith', { course: other && other.course ? other.course.title : c.schedule_id || '',
      when: dateTime(c.start_time || (other && other.start_time)) + (c.end_time ? '–' + time(c.end_time) : ''),
      resource, name: name || '' });
  }));
  return lines;
}

async function showRefusal(r) {
  if (r.status === 409 && r.body && r.body.code === 'SCHEDULE_CONFLICT') {
    const lines = [...new Set(await conflictLines(r.body.details, r.body.error))];
    const box = $('dialog-result');
    box.className = 'status error conflict';
    box.replaceChildren(el('span', {}, t('cal.conflict')), el('ul', { class: 'conflicts' }, lines.map((l) => el('li', {}, l))));
    return;
  }
  dialogError(problem(r));
}

function create(date, hhmm) {
  const byRoom = $('cal-by').value === 'room';
  const which = $('cal-which').value;
  const course = select({ id: 'new-course', required: true }, courses.filter((c) => c.is_active).map((c) => [c.id, c.title]));
  const instructor = select({ id: 'new-instructor' }, instructors.map((i) => [i.id, i.full_name]), byRoom ? undefined : which);
  const roomChoice = select({ id: 'new-room' }, [['', t('cal.online')]].concat(rooms.map((r) => [r.id, r.name])), byRoom ? which : (rooms[0] && rooms[0].id));
  const meeting = el('input', { id: 'new-meeting-url', type: 'url', maxlength: '500', placeholder: 'https://' });
  const meetingField = field('cal.meetingUrl', meeting);
  const dateInput = el('input', { id: 'new-date', type: 'date', required: true, value: date });
  const start = el('input', { id: 'new-start', type: 'time', required: true, step: '300', value: hhmm });
  const duration = el('input', { id: 'new-duration', type: 'number', min: '15', max: '1440', step: '5', required: true });
  const topic = el('input', { id: 'new-topic', type: 'text', maxlength: '500' });
  const weekly = el('input', { id: 'new-weekly', type: 'checkbox' });
  const weeks = el('input', { id: 'new-weeks', type: 'number', min: '1', max: '52', value: '4' });
  const weeksField = field('cal.weeks', weeks);
  const syncDuration = () => {
    const c = courses.find((x) => x.id === course.value);
    if (c) duration.value = c.duration_minutes;
  };
  const syncRoom = () => { meetingField.hidden = roomChoice.value !== ''; };
  const syncWeekly = () => { weeksField.hidden = !weekly.checked; };
  course.addEventListener('change', syncDuration);
  roomChoice.addEventListener('change', syncRoom);
  weekly.addEventListener('change', syncWeekly);
  syncDuration();
  syncRoom();
  syncWeekly();
  const instructorField = field('cal.instructor', instructor);
  instructorField.hidden = ctx.role !== 'admin';
  dialog({
    title: t('cal.newTitle', { when: dayLabel(date) + ' ' + hhmm.replace(':', '.') }),
    body: [field('cal.course', course), instructorField, field('cal.room', roomChoice), meetingField,
      field('cal.date', dateInput), field('cal.start', start), field('cal.duration', duration), field('cal.topic', topic),
      el('label', { class: 'check' }, weekly, el('span', {}, t('cal.weekly'))), weeksField],
    ok: t('cal.create'),
    onSubmit: async () => {
      const base = { course_id: course.value, instructor_id: instructor.value || undefined };
      if (roomChoice.value) base.room_id = roomChoice.value;
      if (meeting.value.trim()) base.meeting_url = meeting.value.trim();
      let r;
      if (weekly.checked) {
        const day = WEEKDAYS[(new Date(dateInput.value + 'T12:00:00Z').getUTCDay() + 6) % 7];
        r = await ctx.call('POST', '/api/schedules/series', Object.assign(base, { weekdays: [day], start_time: start.value,
          duration_minutes: Number(duration.value), first_date: dateInput.value, weeks: Number(weeks.value) }));
      } else {
        const from = instant(dateInput.value, start.value);
        if (topic.value.trim()) base.description = topic.value.trim();
        r = await ctx.call('POST', '/api/schedules', Object.assign(base, { start_time: from,
          end_time: new Date(Date.parse(from) + Number(duration.value) * 60000).toISOString() }));
      }
      if (!r.ok) {
        await showRefusal(r);
        return false;
      }
      await load();
      say('cal-result', weekly.checked ? t('cal.seriesCreated', { count: r.body.data.schedules.length }) : t('cal.created'), 'ok');
      return true;
    }
  });
}

function openClass(s) {
  const dateInput = el('input', { id: 'move-date', type: 'date', required: true, value: localDate(s.start_time) });
  const start = el('input', { id: 'move-start', type: 'time', required: true, step: '300',
    value: String(Math.floor(localMinutes(s.start_time) / 60)).padStart(2, '0') + ':' + String(localMinutes(s.start_time) % 60).padStart(2, '0') });
  const cancel = el('button', { type: 'button', id: 'cancel-class', class: 'danger', onclick: async () => {
    const r = await ctx.call('DELETE', '/api/schedules/' + s.id);
    if (!r.ok) return dialogError(problem(r));
    $('dialog').close();
    await load();
    say('cal-result', t('cal.cancelled'), 'ok');
  } }, t('cal.cancelClass'));
  dialog({
    title: t('cal.classTitle', { course: s.course ? s.course.title : '', when: dateTime(s.start_time) }),
    body: [el('p', { class: 'meta' }, [s.room ? s.room.name : t('cal.onlineShort'), s.instructor && s.instructor.full_name,
      t('cal.enrolled', { count: s.enrolled_count }), s.description].filter(Boolean).join(' · ')),
    field('cal.date', dateInput), field('cal.start', start), el('p', {}, cancel)],
    ok: t('cal.move'),
    onSubmit: async () => {
      const r = await ctx.call('PUT', '/api/schedules/' + s.id, { start_time: instant(dateInput.value, start.value) });
      if (!r.ok) {
        await showRefusal(r);
        return false;
      }
      await load();
      say('cal-result', t('cal.moved'), 'ok');
      return true;
    }
  });
}

export default {
  async show(context) {
    const who = context.user.id;
    if (shownFor !== who) {
      // a new login: this week, and an instructor's own week first
      week = monday(localDate(new Date()));
      $('cal-by').value = context.role === 'admin' ? 'room' : 'instructor';
    }
    ctx = context;
    shownFor = who;
    if (!wired) {
      wired = true;
      $('cal-by').addEventListener('change', () => { fillWhich(); load(); });
      $('cal-which').addEventListener('change', load);
      $('cal-prev').addEventListener('click', () => { week = addDays(week, -7); load(); });
      $('cal-next').addEventListener('click', () => { week = addDays(week, 7); load(); });
      $('cal-today').addEventListener('click', () => { week = monday(localDate(new Date())); load(); });
    }
    await loadChoices();
    fillWhich();
    await load();
  }
};
