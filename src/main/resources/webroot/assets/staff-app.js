/*
 * The staff console (issue 20): a new account's set-password form, login, and the screens of the day's work behind a
 * menu — Beranda (the admin's live dashboard and the chat inbox), Pendaftaran, Kalender, Presensi, Kursus, Ruangan,
 * Instruktur, Siswa, Pembayaran (invoices, transfer proofs, payments), Log email; the calendar
 * screen holds the user's calendar subscription URL. Plain ES modules, no build step; every call is the
 * documented API (openapi.yaml) of this origin. Role-aware: a screen shows for the roles its operations allow
 * (data-roles in the menu), and within a screen only the actions the role may take.
 * The screen is in the address (#calendar …), so the browser's back button and bookmarks work.
 */
import { t, apply, lang, setLang, time } from './staff-i18n.js';
import * as session from './staff-session.js';
import { $, say } from './staff-ui.js';
import registrations from './staff-registrations.js';
import calendar from './staff-calendar.js';
import attendance from './staff-attendance.js';
import { courses, rooms, instructors, students, emails } from './staff-directory.js';
import payments from './staff-payments.js';
import { wireFeed } from './staff-feed.js';

const SCREENS = { registrations, calendar, attendance, courses, rooms, instructors, students, payments, emails };
let current = null;

const context = {
  call: session.call, fetchRaw: session.fetchRaw, token: session.token, fresh: session.fresh, t, time,
  get user() { return session.user(); },
  get role() { return session.role(); }
};

wireFeed(context);

// --- language ------------------------------------------------------------------------------------------
$('lang').value = lang();
apply(document);
$('lang').addEventListener('change', () => setLang($('lang').value));
window.addEventListener('academy-lang', () => {
  showWho();
  window.AcademyDashboard.redraw();
  if (current && SCREENS[current] && session.user()) SCREENS[current].show(context);
});
// another tab (e.g. the public page) switched the language
window.addEventListener('storage', (e) => {
  if (e.key === 'academy.lang') {
    $('lang').value = lang();
    setLang(lang());
  }
});

// --- set password (the invitation email links to /staff/#token=…) -----------------------------------------
// The fragment never reaches a server; the token is kept in memory and leaves the address bar at once.
let setPasswordToken = new URLSearchParams(window.location.hash.slice(1)).get('token');
if (setPasswordToken) {
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  $('login').hidden = true;
  $('set-password').hidden = false;
}

$('set-password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('set-password-error', '', 'error');
  const r = await window.Academy.api('POST', '/api/auth/set-password', null, { token: setPasswordToken, password: $('new-password').value });
  if (!r.ok) {
    say('set-password-error', window.Academy.problem(r), 'error');
    return;
  }
  setPasswordToken = null;
  $('new-password').value = '';
  $('set-password').hidden = true;
  $('login').hidden = false;
  say('login-done', t('setpw.done'), 'ok');
  $('login-email').focus();
});

// --- login and logout ----------------------------------------------------------------------------------
$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('login-error', '', 'error');
  say('login-done', '', 'ok');
  $('login-submit').disabled = true;
  const r = await session.login($('login-email').value.trim(), $('login-password').value);
  $('login-submit').disabled = false;
  if (!r.ok) {
    say('login-error', r.error, 'error');
    return;
  }
  $('login-password').value = '';
  signedIn();
});

$('logout').addEventListener('click', async () => {
  $('logout').disabled = true;
  await session.logout();
  $('logout').disabled = false;
});

session.on('end', (message) => {
  window.StaffChat.stop();
  $('dashboard').hidden = true;
  document.querySelectorAll('.screen').forEach((s) => { s.hidden = true; });
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  say('login-error', message || '', 'error');
  current = null;
  $('login-email').focus();
});

function showWho() {
  const user = session.user();
  $('who').textContent = user ? (user.full_name || user.email) + ' · ' + t('role.' + user.role) : '';
}

function signedIn() {
  const role = session.role();
  $('login').hidden = true;
  $('set-password').hidden = true;
  $('logout').hidden = false;
  $('nav').hidden = false;
  document.body.dataset.role = role;
  document.querySelectorAll('#nav a').forEach((a) => { a.hidden = !a.dataset.roles.split(' ').includes(role); });
  document.querySelectorAll('.admin-only').forEach((n) => { n.hidden = role !== 'admin'; });
  showWho();
  window.StaffChat.start(context);
  route();
}

// --- screens ---------------------------------------------------------------------------------------------
function route() {
  if (!session.user()) return;
  let name = window.location.hash.slice(1) || 'home';
  const link = document.querySelector('#nav a[data-screen="' + name + '"]');
  if (!link || link.hidden) name = 'home';
  document.querySelectorAll('.screen').forEach((s) => { s.hidden = s.id !== 'screen-' + name; });
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.screen === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const changed = current !== name;
  current = name;
  if (SCREENS[name]) SCREENS[name].show(context);
  if (changed && name !== 'home') $('screen-' + name).querySelector('h2').focus?.();
}

window.addEventListener('hashchange', route);
document.querySelectorAll('.screen h2').forEach((h) => h.setAttribute('tabindex', '-1'));
document.querySelectorAll('.screen').forEach((s) => { s.hidden = true; });

if (!setPasswordToken) session.resume().then((resumed) => { if (resumed) signedIn(); });

// --- the dashboard's CSV export (GET /api/analytics/dashboard?format=csv) ---------------------------------------
$('dash-csv').addEventListener('click', async () => {
  const response = await session.fetchRaw('/api/analytics/dashboard?format=csv', { headers: { Accept: 'text/csv' } });
  if (!response.ok) {
    $('dash-updated').textContent = t('error.http', { status: response.status });
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = 'dashboard-' + new Date().toISOString().substring(0, 10) + '.csv';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
});
