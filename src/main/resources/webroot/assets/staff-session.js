/*
 * The staff member's login session: the token pair of POST /api/auth/login, kept in sessionStorage (this tab only).
 * The access token is refreshed with the refresh token (POST /api/auth/refresh; refresh tokens rotate, a used one
 * ends the session, so one refresh runs at a time) a minute before it expires — a quarter of its lifetime before,
 * when that is shorter — and once more when the API refuses it anyway (a laptop woken from sleep). Staff no longer
 * log in again every hour. Logout revokes both tokens (POST /api/auth/logout).
 * A duplicated tab (the browser copies sessionStorage into it) would share the refresh token, and the first refresh
 * of either would end the other's login (reuse detection): each tab holds a Web Lock named after its login, so a copy
 * finds the lock taken and asks for its own login instead.
 * document.body.dataset.refreshes counts the refreshes (the browser test waits on it).
 */
import { t } from './staff-i18n.js';

const STORE = 'academy.staff';
const A = window.Academy;
let session = null; // {key (this login), access_token, refresh_token, expires_in, issued_at (ms), user}
let releaseLock = null;
let timer = null;
let refreshing = null;
const listeners = { token: [], end: [] };

export function on(event, listener) {
  listeners[event].push(listener);
}

function emit(event, value) {
  listeners[event].forEach((l) => l(value));
}

export function user() {
  return session && session.user;
}

export function token() {
  return session && session.access_token;
}

export function role() {
  return session && session.user && session.user.role;
}

/**
 * Holds the Web Lock of a login for as long as this page lives (or until logout): resolves false when another tab
 * holds it. Without Web Locks (plain http off localhost) every tab may use the session.
 */
function hold(key) {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((granted) => {
    navigator.locks.request('academy.staff.' + key, { ifAvailable: true }, (lock) => {
      granted(lock !== null);
      if (lock === null) return null;
      return new Promise((release) => { releaseLock = release; });
    });
  });
}

function keep(tokens, who) {
  session = { key: session ? session.key : null, access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_in: tokens.expires_in,
    issued_at: Date.now(), user: who || (session && session.user) };
  sessionStorage.setItem(STORE, JSON.stringify(session));
  schedule();
}

function expiresAt() {
  return session.issued_at + session.expires_in * 1000;
}

/** Whether the access token expires soon: within 10 seconds (a quarter of its lifetime, when that is shorter). */
function expiring() {
  return expiresAt() - Date.now() < Math.min(10000, session.expires_in * 250);
}

function schedule() {
  clearTimeout(timer);
  const lifetime = session.expires_in * 1000;
  const lead = Math.min(60000, lifetime / 4);
  timer = setTimeout(() => { refresh(); }, Math.max(0, expiresAt() - lead - Date.now()));
}

/** Resolves the new access token, or null when the session has ended (the login form is back). */
export function refresh() {
  if (!session) return Promise.resolve(null);
  if (refreshing) return refreshing;
  const used = session;
  refreshing = A.api('POST', '/api/auth/refresh', null, { refresh_token: used.refresh_token }).then((r) => {
    refreshing = null;
    if (session !== used) return token();
    if (!r.ok) {
      // a network failure keeps the session: try again shortly, the access token may still work
      if (r.status === 0) {
        timer = setTimeout(() => { refresh(); }, 5000);
        return token();
      }
      end(t('login.ended'));
      return null;
    }
    keep(r.body.data);
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
    emit('token', session.access_token);
    return session.access_token;
  });
  return refreshing;
}

/** A fresh access token: refreshed first when it expires soon. */
export function fresh() {
  if (!session) return Promise.resolve(null);
  if (expiring()) return refresh();
  return Promise.resolve(session.access_token);
}

/**
 * An API call as the staff member: {ok, status, body} as Academy.api answers; a 401 refreshes the token once and
 * repeats the call.
 */
export async function call(method, path, body) {
  const first = await fresh();
  if (!first) return { ok: false, status: 401, body: null };
  const r = await A.api(method, path, first, body);
  if (r.status !== 401 || !session) return r;
  const again = first === token() ? await refresh() : token();
  if (!again) return r;
  return A.api(method, path, again, body);
}

/** A raw fetch with the bearer (multipart uploads, CSV downloads); same refresh rule as call. */
export async function fetchRaw(path, init) {
  const send = (bearer) => {
    const headers = new Headers((init && init.headers) || {});
    headers.set('Authorization', 'Bearer ' + bearer);
    headers.set('Accept-Language', localStorage.getItem('academy.lang') === 'en' ? 'en' : 'id');
    return fetch(path, Object.assign({}, init, { headers }));
  };
  const first = await fresh();
  let response = await send(first);
  if (response.status === 401 && session) {
    const again = await refresh();
    if (again) response = await send(again);
  }
  return response;
}

/** Logs in: resolves {ok, error}. Only admins and instructors may use the console. */
export async function login(email, password) {
  const r = await A.api('POST', '/api/auth/login', null, { email, password });
  if (!r.ok) return { ok: false, error: A.problem(r) };
  const who = r.body.data.admin || r.body.data.user || {};
  if (who.role !== 'admin' && who.role !== 'instructor') {
    // not a console user: end the session just made
    A.api('POST', '/api/auth/logout', r.body.data.tokens.access_token, { refresh_token: r.body.data.tokens.refresh_token });
    return { ok: false, error: t('login.staffOnly') };
  }
  session = null;
  keep(r.body.data.tokens, who);
  session.key = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  sessionStorage.setItem(STORE, JSON.stringify(session));
  await hold(session.key);
  return { ok: true };
}

/** Logs out: both tokens are revoked by the server, then forgotten here. */
export async function logout() {
  if (!session) return;
  const ending = session;
  await A.api('POST', '/api/auth/logout', ending.access_token, { refresh_token: ending.refresh_token });
  end('');
}

function end(message) {
  clearTimeout(timer);
  session = null;
  if (releaseLock) releaseLock();
  releaseLock = null;
  sessionStorage.removeItem(STORE);
  emit('end', message);
}

/**
 * The session of this tab, after a reload: resolves true when it still works. It is checked (GET /api/auth/me, the
 * access token refreshed when refused): a session ended elsewhere (logout, password or role change) shows the login,
 * and the account's current role decides the menu.
 */
export async function resume() {
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(STORE) || 'null');
  } catch (e) {
    kept = null;
  }
  if (!kept || !kept.refresh_token || !kept.user || !kept.key) return false;
  if (!(await hold(kept.key))) {
    // a copy of another tab's login: forget it here (the other tab keeps it) and ask for a login of this tab's own
    sessionStorage.removeItem(STORE);
    emit('end', t('login.otherTab'));
    return false;
  }
  session = kept;
  schedule();
  const me = await call('GET', '/api/auth/me');
  if (!session) return false;
  if (me.ok) {
    const who = me.body.data;
    if (who.role !== 'admin' && who.role !== 'instructor') {
      await logout();
      return false;
    }
    session.user = { id: who.id, email: who.email, full_name: who.full_name, role: who.role };
    sessionStorage.setItem(STORE, JSON.stringify(session));
  }
  return true;
}

// a tab put to sleep misses its timer: check when it comes back
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && session && expiresAt() - Date.now() < 60000) refresh();
});
