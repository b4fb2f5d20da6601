/* The public page's accounts (issue 16): the links emails carry, and the student area.
   Links: <public_url>/#set-password?token=… (account-invitation, auth/Invitations.java), #reset=… (password-reset) and
   #verify=… (email-verification, auth/Accounts.java). The token rides in the fragment (never sent to a server), is
   handled on load and on every hashchange, and leaves the address bar at once (history, bookmarks, a screen share).
   One new-password form serves the invitation (POST /api/auth/set-password) and the reset (POST
   /api/auth/reset-password); both take {token, password}.
   Student area: sign in (POST /api/auth/student/login), sign out, forgot password, self-registration, then "My
   registrations" (GET /api/enrollments/me) and "My classes" (the upcoming classes of the approved registrations).
   The session lives in sessionStorage (this tab only); the access token is refreshed once when it is refused. */
(function () {
  'use strict';
  var A = window.Academy;
  var $ = function (id) { return document.getElementById(id); };
  var STORE = 'academy.student';

  function say(id, text, kind) {
    $(id).className = 'status' + (kind ? ' ' + kind : '');
    $(id).textContent = text || '';
  }

  // --- links from emails ----------------------------------------------------------------------------
  var link = null; // {path, token} of the new-password form while it is open

  var INTROS = { '/api/auth/set-password': 'account.introSet', '/api/auth/reset-password': 'account.introReset' };

  /** {kind, token} of an account link in the fragment, or null. */
  function parseLink(hash) {
    if (hash.indexOf('#set-password?') === 0) {
      return { kind: 'set-password', token: new URLSearchParams(hash.substring('#set-password?'.length)).get('token') };
    }
    var params = new URLSearchParams(hash.slice(1));
    if (params.get('reset')) return { kind: 'reset', token: params.get('reset') };
    if (params.get('verify')) return { kind: 'verify', token: params.get('verify') };
    return null;
  }

  function fromLink() {
    var found = parseLink(location.hash);
    if (!found) return;
    history.replaceState(null, '', location.pathname + location.search);
    if (!found.token) return;
    $('account').hidden = false;
    say('account-result', '');
    if (found.kind === 'verify') {
      link = null;
      $('set-password-form').hidden = true;
      $('account-intro').textContent = '';
      $('account').scrollIntoView();
      say('account-result', A.t('account.confirming'));
      A.api('POST', '/api/auth/verify-email', null, { token: found.token }).then(function (r) {
        if (r.ok) say('account-result', A.t('account.confirmed'), 'ok');
        else say('account-result', A.problem(r), 'error');
      });
      return;
    }
    link = { path: found.kind === 'reset' ? '/api/auth/reset-password' : '/api/auth/set-password', token: found.token };
    $('account-intro').textContent = A.t(INTROS[link.path]);
    $('new-password').value = '';
    $('set-password-form').hidden = false;
    $('account').scrollIntoView();
    $('new-password').focus();
  }

  $('set-password-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!link) return;
    say('account-result', A.t('common.saving'));
    A.api('POST', link.path, null, { token: link.token, password: $('new-password').value }).then(function (r) {
      if (!r.ok) {
        say('account-result', A.problem(r), 'error');
        return;
      }
      link = null;
      $('new-password').value = '';
      $('set-password-form').hidden = true;
      $('account-intro').textContent = '';
      say('account-result', A.t('account.passwordSet'), 'ok');
      if (!session) $('student-email').focus();
    });
  });

  // --- the student's session ------------------------------------------------------------------------
  var session = null; // {access_token, refresh_token, user}

  function keep(tokens, user) {
    session = { access_token: tokens.access_token, refresh_token: tokens.refresh_token, user: user || session.user };
    sessionStorage.setItem(STORE, JSON.stringify(session));
  }

  function forget() {
    session = null;
    sessionStorage.removeItem(STORE);
  }

  /** An API call as the student; a refused access token is refreshed once (refresh tokens rotate). */
  function asStudent(method, path) {
    var used = session;
    return A.api(method, path, used.access_token).then(function (r) {
      if (r.status !== 401 || session !== used) return r;
      return A.api('POST', '/api/auth/refresh', null, { refresh_token: used.refresh_token }).then(function (fresh) {
        if (!fresh.ok) {
          signedOut(A.t('student.sessionEnded'));
          return r;
        }
        keep(fresh.body.data);
        return A.api(method, path, session.access_token);
      });
    });
  }

  function signedIn() {
    $('student-signed-out').hidden = true;
    $('student-signed-in').hidden = false;
    var user = session.user || {};
    $('student-who').textContent = (user.name || user.full_name || '') + (user.email ? ' (' + user.email + ')' : '');
    loadMine();
  }

  function signedOut(message) {
    forget();
    $('student-signed-in').hidden = true;
    $('student-signed-out').hidden = false;
    $('my-registrations').textContent = '';
    $('my-classes').textContent = '';
    say('student-login-result', message || '', message ? 'error' : '');
  }

  $('student-login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    say('student-login-result', A.t('student.signingIn'));
    A.api('POST', '/api/auth/student/login', null, {
      email: $('student-email').value.trim(), password: $('student-password').value
    }).then(function (r) {
      if (!r.ok) {
        say('student-login-result', A.problem(r), 'error');
        return;
      }
      $('student-password').value = '';
      say('student-login-result', '');
      keep(r.body.data.tokens, r.body.data.user);
      signedIn();
      $('student-who').focus();
    });
  });

  // The form comes back once the server has ended the session (whatever it answers: the tokens leave this tab anyway).
  $('student-logout').addEventListener('click', function () {
    var ending = session;
    if (!ending) return;
    $('student-logout').disabled = true;
    A.api('POST', '/api/auth/logout', ending.access_token, { refresh_token: ending.refresh_token }).then(function () {
      $('student-logout').disabled = false;
      signedOut();
      $('student-email').focus();
    });
  });

  $('forgot-form').addEventListener('submit', function (e) {
    e.preventDefault();
    say('forgot-result', A.t('common.sending'));
    A.api('POST', '/api/auth/forgot-password', null, { email: $('forgot-email').value.trim() }).then(function (r) {
      if (r.ok) say('forgot-result', (r.body && r.body.message) || A.t('forgot.sent'), 'ok');
      else say('forgot-result', A.problem(r), 'error');
    });
  });

  // --- self-registration ----------------------------------------------------------------------------
  function showNim() {
    var dike = $('signup-type').value === 'DIKE';
    $('signup-nim-label').hidden = !dike;
    $('signup-nim').required = dike;
  }
  $('signup-type').addEventListener('change', showNim);
  showNim();

  $('signup-form').addEventListener('submit', function (e) {
    e.preventDefault();
    say('signup-result', A.t('signup.creating'));
    var type = $('signup-type').value;
    A.api('POST', '/api/auth/register', null, {
      name: $('signup-name').value.trim(),
      email: $('signup-email').value.trim(),
      password: $('signup-password').value,
      type: type,
      nim: type === 'DIKE' ? $('signup-nim').value.trim() : undefined,
      captcha_token: A.captchaToken()
    }).then(function (r) {
      A.captchaReset(); // single use, whatever the answer
      if (!r.ok) {
        say('signup-result', A.problem(r), 'error');
        return;
      }
      $('signup-form').reset();
      showNim();
      say('signup-result', A.t('signup.created'), 'ok');
      keep(r.body.data.tokens, r.body.data.user);
      signedIn();
    });
  });

  // --- my registrations and my classes --------------------------------------------------------------

  function loadMine() {
    say('my-registrations-status', A.t('common.loading'));
    say('my-classes-status', A.t('common.loading'));
    asStudent('GET', '/api/enrollments/me?limit=100').then(function (r) {
      if (!session) return;
      if (!r.ok) {
        say('my-registrations-status', A.problem(r), 'error');
        say('my-classes-status', '');
        return;
      }
      var enrollments = r.body.data.enrollments;
      var list = $('my-registrations');
      list.textContent = '';
      say('my-registrations-status', enrollments.length ? '' : A.t('mine.noRegistrations'));
      enrollments.forEach(function (en) {
        var item = A.el('li', { 'class': 'course', 'data-id': en.id });
        item.appendChild(A.el('h4', {}, (en.course && en.course.title) || A.t('mine.course')));
        item.appendChild(A.el('p', { 'class': 'meta' }, A.t('mine.registration', { number: en.registration_number })));
        item.appendChild(A.el('p', { 'class': 'enrollment-status', 'data-status': en.status }, A.t('status.word.' + en.status)));
        list.appendChild(item);
      });
      loadClasses(enrollments.filter(function (en) { return en.status === 'approved' && en.schedule_id; }));
    });
  }

  /**
   * The upcoming classes the student is placed on: an approved registration names its class (schedule_id); a class
   * of a recurring series places the student on every occurrence of it.
   */
  function loadClasses(placed) {
    var now = Date.now();
    var today = new Date().toISOString().substring(0, 10);
    Promise.all(placed.map(function (en) {
      return asStudent('GET', '/api/schedules/' + encodeURIComponent(en.schedule_id)).then(function (r) {
        if (!r.ok) return [];
        var schedule = r.body.data;
        if (!schedule.series_id) return [schedule];
        return asStudent('GET', '/api/schedules?limit=100&series_id=' + encodeURIComponent(schedule.series_id)
          + '&start_date=' + today).then(function (s) { return s.ok ? s.body.data.schedules : [schedule]; });
      });
    })).then(function (lists) {
      if (!session) return;
      var seen = {};
      var classes = [].concat.apply([], lists).filter(function (c) {
        if (seen[c.id] || c.status === 'cancelled' || Date.parse(c.end_time) < now) return false;
        seen[c.id] = true;
        return true;
      }).sort(function (a, b) { return Date.parse(a.start_time) - Date.parse(b.start_time); });
      var list = $('my-classes');
      list.textContent = '';
      say('my-classes-status', classes.length ? '' : A.t('mine.noClasses'));
      classes.forEach(function (c) {
        var item = A.el('li', { 'class': 'course', 'data-id': c.id });
        item.appendChild(A.el('h4', {}, (c.course && c.course.title) || A.t('mine.class')));
        var when = A.el('p', {});
        when.appendChild(A.el('time', { datetime: c.start_time }, A.dateTime(c.start_time)));
        when.appendChild(document.createTextNode(' – '));
        when.appendChild(A.el('time', { datetime: c.end_time }, A.time(c.end_time)));
        item.appendChild(when);
        item.appendChild(A.el('p', { 'class': 'meta' }, [c.room ? A.t('mine.room', { name: c.room.name }) : A.t('mine.online'),
          c.description && A.t('mine.topic', { topic: c.description }),
          c.instructor && A.t('mine.instructor', { name: c.instructor.full_name })].filter(Boolean).join(' · ')));
        // an online (or hybrid) class: its link, which the API checked is https
        if (c.meeting_url && c.meeting_url.indexOf('https://') === 0) {
          var join = A.el('p', {});
          join.appendChild(A.el('a', { href: c.meeting_url, target: '_blank', rel: 'noopener noreferrer' }, A.t('mine.join')));
          item.appendChild(join);
        }
        list.appendChild(item);
      });
    });
  }

  // --- start ----------------------------------------------------------------------------------------
  try {
    session = JSON.parse(sessionStorage.getItem(STORE) || 'null');
  } catch (e) {
    session = null;
  }
  if (session && session.access_token) signedIn();
  else forget();
  fromLink();
  window.addEventListener('hashchange', fromLink);
  // another language: the student's lists again, in its words and date format
  window.addEventListener('academy:lang', function () { if (session) loadMine(); });
})();
