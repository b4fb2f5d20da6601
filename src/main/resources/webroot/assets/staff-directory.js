/*
 * The academy's lists: Kursus (GET/POST /api/courses, PUT /api/courses/{id} with updated_at for optimistic locking,
 * who teaches it: GET/POST/DELETE /api/courses/{id}/instructors), Ruangan (GET/POST /api/rooms, PUT /api/rooms/{id}),
 * Instruktur (GET /api/users/teachers, the invitation POST /api/users/instructors, role PATCH /api/users/{id}/role),
 * Siswa (GET /api/users/students; a student's registrations GET /api/enrollments?student_id= and attendance
 * GET /api/attendance/student/{id}, for admins its invoices GET /api/invoices?student_id=; account type and NIM
 * PATCH /api/users/{id}/role; the DIKE CSV import
 * POST /api/users/import) and the email log (GET /api/email/messages). The API has no operation that edits another
 * person's name or contact data, so none is offered here. Courses, instructors, students and the email log are paged
 * by the API (PAGE_SIZE a page, the paging bar under the table; the search or filter goes to the API and starts at
 * page 1); rooms (the API has no search) and the pickers (a course's owner, an instructor to assign) and a student's
 * registrations, attendance and invoices are complete: every page (allPages).
 */
import { t, dateTime, rupiah } from './staff-i18n.js';
import { $, el, say, problem, field, select, dialog, dialogError, debounce, latest, allPages, pager, PAGE_SIZE } from './staff-ui.js';
import { invoiceRows } from './staff-payments.js';

let ctx = null;
const wired = {};

function once(name, wire) {
  if (!wired[name]) {
    wired[name] = true;
    wire();
  }
}

/**
 * A paged list's page: GET path&limit=PAGE_SIZE&page=n → its items (data[key]) and pagination, the paging bar drawn;
 * a page past the last (the list shrank) loads the last. The state is {page}; load(n) is the screen's loader.
 * → the items, or null when the answer is stale (mine() false) or refused (the error shown in resultId).
 */
async function page(state, wanted, path, key, resultId, pagerId, mine, load) {
  if (typeof wanted === 'number') state.page = wanted;
  say(resultId, t('loading'));
  const r = await ctx.call('GET', path + (path.includes('?') ? '&' : '?') + 'limit=' + PAGE_SIZE + '&page=' + state.page);
  if (!mine()) return null;
  if (!r.ok) {
    say(resultId, problem(r), 'error');
    return null;
  }
  const list = r.body.data[key], pagination = r.body.data.pagination;
  if (!list.length && state.page > pagination.total_pages && pagination.total_pages >= 1) {
    load(pagination.total_pages);
    return null;
  }
  say(resultId, list.length ? '' : t('none'));
  pager(pagerId, pagination, load);
  return list;
}

function cell(...children) {
  return el('td', {}, ...children);
}

function button(text, cls, onclick, label) {
  return el('button', { type: 'button', class: cls, onclick, 'aria-label': label }, text);
}

// --- courses -------------------------------------------------------------------------------------------------
let teachers = null;

async function teacherList() {
  if (ctx.role !== 'admin') return [];
  if (!teachers) {
    const r = await allPages(ctx, '/api/users/teachers', 'teachers');
    teachers = r.ok ? r.items : [];
  }
  return teachers;
}

const coursesTurn = latest();

const coursesPage = { page: 1 };

async function loadCourses(wanted) {
  const q = $('courses-search').value.trim();
  const list = await page(coursesPage, wanted, '/api/courses' + (q ? '?search=' + encodeURIComponent(q) : ''), 'courses',
    'courses-result', 'courses-pager', coursesTurn(), loadCourses);
  if (!list) return;
  $('courses-list').replaceChildren(...list.map((c) => {
    const own = ctx.role === 'admin' || c.instructor_id === ctx.user.id;
    return el('tr', { 'data-id': c.id },
      cell(el('strong', {}, c.title), c.instrument ? el('span', { class: 'meta' }, ' · ' + c.instrument) : null),
      cell(t('level.' + c.level)), cell(rupiah(c.price_per_session)), cell(t(c.is_active ? 'yes' : 'no')),
      cell(el('span', { class: 'row' },
        own ? button(t('edit'), 'ghost edit', () => editCourse(c), t('edit') + ': ' + c.title) : null,
        own ? button(t('courses.instructors'), 'ghost instructors', () => courseInstructors(c), t('courses.instructors') + ': ' + c.title) : null)));
  }));
}

async function editCourse(c) {
  const isNew = !c;
  c = c || { title: '', description: '', level: 'beginner', instrument: '', price_per_session: 0, duration_minutes: 60, max_students: 5, is_active: true };
  const title = el('input', { id: 'course-title', required: true, maxlength: '200', value: c.title });
  const description = el('textarea', { id: 'course-description', maxlength: '5000', rows: '3' });
  description.value = c.description || '';
  const level = select({ id: 'course-level' }, ['beginner', 'intermediate', 'advanced'].map((l) => [l, t('level.' + l)]), c.level);
  const instrument = el('input', { id: 'course-instrument', maxlength: '100', value: c.instrument || '' });
  const price = el('input', { id: 'course-price', type: 'number', min: '0', step: '1000', required: true, value: String(c.price_per_session) });
  const duration = el('input', { id: 'course-duration', type: 'number', min: '1', max: '1440', required: true, value: String(c.duration_minutes) });
  const max = el('input', { id: 'course-max', type: 'number', min: '1', required: true, value: String(c.max_students) });
  const active = el('input', { id: 'course-active', type: 'checkbox' });
  active.checked = c.is_active;
  const body = [field('courses.name', title), field('courses.description', description), field('courses.level', level),
    field('courses.instrument', instrument), field('courses.price', price, 'Rp'), field('courses.duration', duration),
    field('courses.max', max), el('label', { class: 'check' }, active, el('span', {}, t('courses.active')))];
  let owner = null;
  if (ctx.role === 'admin') {
    owner = select({ id: 'course-owner' }, [['', t('courses.noOwner')]].concat((await teacherList()).map((i) => [i.id, i.full_name])), c.instructor_id);
    body.push(field('courses.owner', owner));
  }
  dialog({
    title: t(isNew ? 'courses.newTitle' : 'courses.editTitle'),
    body,
    ok: t('save'),
    onSubmit: async () => {
      const data = { title: title.value.trim(), description: description.value, level: level.value,
        instrument: instrument.value.trim() || null, price_per_session: Number(price.value),
        duration_minutes: Number(duration.value), max_students: Number(max.value), is_active: active.checked };
      if (owner) data.instructor_id = owner.value || null;
      if (!isNew) data.updated_at = c.updated_at;
      const r = isNew ? await ctx.call('POST', '/api/courses', data) : await ctx.call('PUT', '/api/courses/' + c.id, data);
      if (!r.ok) return dialogError(problem(r)), false;
      await loadCourses();
      say('courses-result', t('courses.saved', { title: r.body.data.title }), 'ok');
      return true;
    }
  });
}

async function courseInstructors(c) {
  const list = el('ul', { class: 'plain', id: 'course-instructors' });
  const admin = ctx.role === 'admin';
  const choice = admin ? select({ id: 'assign-instructor' }, (await teacherList()).map((i) => [i.id, i.full_name])) : null;
  const refresh = async () => {
    const r = await ctx.call('GET', '/api/courses/' + c.id + '/instructors');
    if (!r.ok) return dialogError(problem(r));
    const d = r.body.data;
    const rows = [];
    if (d.owner) rows.push(el('li', {}, d.owner.full_name + ' (' + t('courses.ownerTag') + ')'));
    d.instructors.filter((i) => !d.owner || i.id !== d.owner.id).forEach((i) => rows.push(el('li', { 'data-id': i.id }, i.full_name, ' ',
      admin ? button(t('courses.unassign'), 'ghost small', async () => {
        const u = await ctx.call('DELETE', '/api/courses/' + c.id + '/instructors/' + i.id);
        if (!u.ok) return dialogError(problem(u));
        refresh();
      }, t('courses.unassign') + ': ' + i.full_name) : null)));
    list.replaceChildren(...rows);
  };
  await refresh();
  dialog({
    title: t('courses.instructorsTitle', { title: c.title }),
    body: [list].concat(admin ? [field('courses.assignWho', choice)] : []),
    ok: admin ? t('courses.assign') : null,
    onSubmit: async () => {
      if (!choice.value) return false;
      const r = await ctx.call('POST', '/api/courses/' + c.id + '/instructors', { instructor_id: choice.value });
      if (!r.ok) return dialogError(problem(r)), false;
      await refresh();
      say('dialog-result', r.body.message || t('done'), 'ok');
      return false;
    }
  });
}

export const courses = {
  show(context) {
    ctx = context;
    teachers = null;
    once('courses', () => {
      $('courses-search').addEventListener('input', debounce(() => loadCourses(1), 250));
      $('courses-new').addEventListener('click', () => editCourse(null));
    });
    loadCourses();
  }
};

// --- rooms ---------------------------------------------------------------------------------------------------
let roomList = [];

function drawRooms() {
  const q = $('rooms-search').value.trim().toLowerCase();
  const list = roomList.filter((r) => !q || (r.name + ' ' + r.description + ' ' + r.instruments.join(' ')).toLowerCase().includes(q));
  say('rooms-result', list.length ? '' : t('none'));
  $('rooms-list').replaceChildren(...list.map((r) => el('tr', { 'data-id': r.id },
    cell(el('strong', {}, r.name), r.description ? el('span', { class: 'meta' }, ' · ' + r.description) : null),
    cell(String(r.capacity)), cell(r.instruments.join(', ')),
    cell(button(t('edit'), 'ghost edit', () => editRoom(r), t('edit') + ': ' + r.name)))));
}

async function loadRooms() {
  say('rooms-result', t('loading'));
  const r = await allPages(ctx, '/api/rooms', 'rooms');
  if (!r.ok) return say('rooms-result', problem(r), 'error');
  roomList = r.items;
  drawRooms();
}

function editRoom(room) {
  const isNew = !room;
  room = room || { name: '', capacity: 1, description: '', instruments: [] };
  const name = el('input', { id: 'room-name', required: true, maxlength: '100', value: room.name });
  const capacity = el('input', { id: 'room-capacity', type: 'number', min: '1', required: true, value: String(room.capacity) });
  const description = el('input', { id: 'room-description', maxlength: '1000', value: room.description || '' });
  const instruments = el('input', { id: 'room-instruments', maxlength: '2000', value: room.instruments.join(', ') });
  dialog({
    title: t(isNew ? 'rooms.newTitle' : 'rooms.editTitle'),
    body: [field('rooms.name', name), field('rooms.capacity', capacity), field('rooms.description', description),
      field('rooms.instrumentsHelp', instruments)],
    ok: t('save'),
    onSubmit: async () => {
      const data = { name: name.value.trim(), capacity: Number(capacity.value), description: description.value.trim(),
        instruments: instruments.value.split(',').map((x) => x.trim()).filter(Boolean) };
      const r = isNew ? await ctx.call('POST', '/api/rooms', data) : await ctx.call('PUT', '/api/rooms/' + room.id, data);
      if (!r.ok) return dialogError(problem(r)), false;
      await loadRooms();
      say('rooms-result', t('rooms.saved', { name: r.body.data.name }), 'ok');
      return true;
    }
  });
}

export const rooms = {
  show(context) {
    ctx = context;
    once('rooms', () => {
      $('rooms-search').addEventListener('input', drawRooms);
      $('rooms-new').addEventListener('click', () => editRoom(null));
    });
    loadRooms();
  }
};

// --- instructors ---------------------------------------------------------------------------------------------
const insTurn = latest();

const insPage = { page: 1 };

async function loadInstructors(wanted) {
  const q = $('ins-search').value.trim();
  const list = await page(insPage, wanted, '/api/users/teachers' + (q ? '?search=' + encodeURIComponent(q) : ''), 'teachers',
    'ins-result', 'ins-pager', insTurn(), loadInstructors);
  if (!list) return;
  $('ins-list').replaceChildren(...list.map((u) => el('tr', { 'data-id': u.id },
    cell(el('strong', {}, u.full_name), u.has_password === false ? el('span', { class: 'meta' }, ' · ' + t('ins.noPassword')) : null),
    cell(u.email), cell(t('status.' + u.status)),
    cell(button(t('ins.role'), 'ghost role', () => changeRole(u, loadInstructors), t('ins.role') + ': ' + u.full_name)))));
}

function invite() {
  const email = el('input', { id: 'ins-email', type: 'email', required: true, maxlength: '254' });
  const name = el('input', { id: 'ins-name', required: true, maxlength: '200' });
  const wa = el('input', { id: 'ins-wa', type: 'tel', maxlength: '20', placeholder: '08…' });
  const bio = el('textarea', { id: 'ins-bio', maxlength: '5000', rows: '3' });
  dialog({
    title: t('ins.newTitle'),
    body: [field('login.email', email), field('ins.fullName', name), field('ins.phone', wa), field('ins.bio', bio)],
    ok: t('ins.new'),
    onSubmit: async () => {
      const data = { email: email.value.trim(), full_name: name.value.trim() };
      if (wa.value.trim()) data.wa_number = wa.value.trim();
      if (bio.value.trim()) data.instructor_profile = { bio: bio.value.trim() };
      const r = await ctx.call('POST', '/api/users/instructors', data);
      if (!r.ok) return dialogError(problem(r)), false;
      teachers = null;
      await loadInstructors();
      say('ins-result', t('ins.invited', { email: r.body.data.set_password.sent_to }), 'ok');
      return true;
    }
  });
}

function changeRole(u, reload) {
  const role = select({ id: 'user-role' }, ['instructor', 'admin', 'student'].map((x) => [x, t('role.' + x)]), u.role);
  dialog({
    title: t('ins.roleTitle', { name: u.full_name }),
    body: [field('ins.role', role)],
    ok: t('save'),
    onSubmit: async () => {
      const r = await ctx.call('PATCH', '/api/users/' + u.id + '/role', { role: role.value });
      if (!r.ok) return dialogError(problem(r)), false;
      await reload();
      return true;
    }
  });
}

export const instructors = {
  show(context) {
    ctx = context;
    once('instructors', () => {
      $('ins-search').addEventListener('input', debounce(() => loadInstructors(1), 250));
      $('ins-new').addEventListener('click', invite);
    });
    loadInstructors();
  }
};

// --- students ------------------------------------------------------------------------------------------------
const stuTurn = latest();

const stuPage = { page: 1 };

async function loadStudents(wanted) {
  const q = $('stu-search').value.trim();
  const list = await page(stuPage, wanted, '/api/users/students' + (q ? '?search=' + encodeURIComponent(q) : ''), 'students',
    'stu-result', 'stu-pager', stuTurn(), loadStudents);
  if (!list) return;
  $('stu-list').replaceChildren(...list.map((u) => el('tr', { 'data-id': u.id },
    cell(el('strong', {}, u.full_name)), cell(u.email), cell((u.type || '') + (u.nim ? ' · ' + u.nim : '')),
    cell(t('status.' + u.status)),
    cell(el('span', { class: 'row' }, button(t('stu.open'), 'ghost open', () => openStudent(u), t('stu.open') + ': ' + u.full_name),
      ctx.role === 'admin' ? button(t('edit'), 'ghost edit', () => editStudent(u), t('edit') + ': ' + u.full_name) : null)))));
}

async function openStudent(u) {
  $('stu-detail').hidden = false;
  $('stu-detail-title').textContent = u.full_name + ' <' + u.email + '>';
  $('stu-detail-body').replaceChildren(el('p', {}, t('loading')));
  const [en, att] = await Promise.all([allPages(ctx, '/api/enrollments?student_id=' + u.id, 'enrollments'),
    allPages(ctx, '/api/attendance/student/' + u.id, 'attendance_records')]);
  const parts = [el('h4', {}, t('stu.enrollments'))];
  if (!en.ok) parts.push(el('p', { class: 'status error' }, problem(en)));
  else if (!en.items.length) parts.push(el('p', { class: 'meta' }, t('stu.noEnrollments')));
  else parts.push(el('ul', { class: 'plain', id: 'stu-enrollments' }, en.items.map((e) => el('li', { 'data-id': e.id },
    e.registration_number + ' · ' + (e.course ? e.course.title : '') + ' · ' + t('status.' + e.status)))));
  parts.push(el('h4', {}, t('stu.attendance')));
  if (!att.ok) parts.push(el('p', { class: 'status error' }, problem(att)));
  else {
    const s = att.data.summary;
    if (!s.total_classes) parts.push(el('p', { class: 'meta' }, t('stu.noAttendance')));
    else {
      parts.push(el('p', {}, t('stu.rate', { rate: Math.round(s.attendance_rate * 100) + ' %', attended: s.attended, total: s.total_classes })));
      parts.push(el('ul', { class: 'plain' }, att.items.map((a) => el('li', {},
        dateTime(a.schedule.start_time) + ' · ' + (a.schedule.course_title || '') + ' · ' + t(a.attended ? 'att.present' : 'att.absent')))));
    }
  }
  // invoices (billing: admins only; an instructor's record has none)
  if (ctx.role === 'admin') {
    parts.push(el('h4', {}, t('stu.invoices')));
    const inv = await allPages(ctx, '/api/invoices?student_id=' + u.id, 'invoices');
    if (!inv.ok) parts.push(el('p', { class: 'status error' }, problem(inv)));
    else if (!inv.items.length) parts.push(el('p', { class: 'meta' }, t('stu.noInvoices')));
    else {
      parts.push(el('p', { id: 'stu-invoices-result', class: 'status', role: 'status' }));
      parts.push(el('div', { class: 'table-wrap' }, el('table', { class: 'list' },
        el('thead', {}, el('tr', {}, ['pay.number', 'pay.student', 'pay.course', 'pay.amount', 'pay.status', 'pay.issued',
          'pay.due', 'pay.paidAt', 'pay.pdf'].map((key) => el('th', {}, t(key))))),
        el('tbody', { id: 'stu-invoices' }, invoiceRows(ctx, inv.items, 'stu-invoices-result')))));
    }
  }
  $('stu-detail-body').replaceChildren(...parts);
  $('stu-detail').focus();
}

function editStudent(u) {
  const type = select({ id: 'student-type' }, [['UMUM', 'UMUM'], ['DIKE', 'DIKE']], u.type || 'UMUM');
  const nim = el('input', { id: 'student-nim', maxlength: '40', value: u.nim || '', placeholder: '24/000000/PA/00000' });
  const nimField = field('stu.nim', nim);
  const sync = () => { nimField.hidden = type.value !== 'DIKE'; };
  type.addEventListener('change', sync);
  sync();
  dialog({
    title: t('stu.editTitle', { name: u.full_name }),
    body: [field('stu.type', type), nimField],
    ok: t('save'),
    onSubmit: async () => {
      const data = { type: type.value };
      if (type.value === 'DIKE') data.nim = nim.value.trim();
      const r = await ctx.call('PATCH', '/api/users/' + u.id + '/role', data);
      if (!r.ok) return dialogError(problem(r)), false;
      await loadStudents();
      say('stu-result', t('stu.saved'), 'ok');
      return true;
    }
  });
}

async function importStudents(e) {
  e.preventDefault();
  const file = $('stu-import-file').files[0];
  if (!file) return;
  say('stu-result', t('saving'));
  const form = new FormData();
  form.append('file', file);
  const response = await ctx.fetchRaw('/api/users/import', { method: 'POST', body: form });
  let body = null;
  try { body = await response.json(); } catch (x) { body = null; }
  const r = { ok: response.ok, status: response.status, body };
  if (!r.ok) return say('stu-result', problem(r), 'error');
  const d = body.data;
  say('stu-result', t('stu.imported', { total: d.total_processed, imported: d.imported, skipped: d.skipped, errors: d.errors.length })
    + d.errors.slice(0, 20).map((x) => ' ' + t('stu.importError', x)).join(''), d.errors.length ? 'error' : 'ok');
  $('stu-import').reset();
  const message = $('stu-result').textContent;
  await loadStudents();
  say('stu-result', message, d.errors.length ? 'error' : 'ok');
}

export const students = {
  show(context) {
    ctx = context;
    once('students', () => {
      $('stu-search').addEventListener('input', debounce(() => loadStudents(1), 250));
      $('stu-import').addEventListener('submit', importStudents);
    });
    $('stu-detail').hidden = true;
    loadStudents();
  }
};

// --- email log -----------------------------------------------------------------------------------------------
const mailTurn = latest();

const mailPage = { page: 1 };

/** A page of the log (wanted: a page number; the filter form's submit event starts again at page 1). */
async function loadEmails(wanted) {
  if (wanted && wanted.preventDefault) {
    wanted.preventDefault();
    wanted = 1;
  }
  const to = $('mail-to').value.trim(), status = $('mail-status').value;
  const filters = [to ? 'to=' + encodeURIComponent(to) : '', status ? 'status=' + status : ''].filter(Boolean).join('&');
  const list = await page(mailPage, wanted, '/api/email/messages' + (filters ? '?' + filters : ''), 'messages',
    'mail-result', 'mail-pager', mailTurn(), loadEmails);
  if (!list) return;
  if (!list.length) say('mail-result', t('mail.empty'));
  $('mail-list').replaceChildren(...list.map((m) => el('tr', { 'data-id': m.message_id },
    cell(dateTime(m.created_at)), cell(m.to), cell(m.subject), cell(m.template),
    el('td', { class: 'mail-status', 'data-status': m.status }, t('mail.st.' + m.status)))));
}

export const emails = {
  show(context) {
    ctx = context;
    once('emails', () => $('mail-filter').addEventListener('submit', loadEmails));
    loadEmails();
  }
};
