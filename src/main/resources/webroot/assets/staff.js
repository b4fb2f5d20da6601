/* The staff console: a new account's set-password form, login, the admin's live dashboard (dashboard.js), the live inbox, a conversation with claim, tags, resolve, close and replies. */
(function () {
  'use strict';
  var A = window.Academy;
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: null, user: null, bus: null, sessions: {}, open: null, shown: {} };

  // The invitation email links to /staff/#token=…: the fragment never reaches a server. The token is kept in memory
  // and taken out of the address bar at once (history, bookmarks, a screen share).
  var setPasswordToken = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (setPasswordToken) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    $('login').hidden = true;
    $('set-password').hidden = false;
  }

  $('set-password-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('set-password-error').textContent = '';
    A.api('POST', '/api/auth/set-password', null, { token: setPasswordToken, password: $('new-password').value })
      .then(function (r) {
        if (!r.ok) {
          $('set-password-error').textContent = A.problem(r);
          return;
        }
        setPasswordToken = null;
        $('new-password').value = '';
        $('set-password').hidden = true;
        $('login').hidden = false;
        $('login-done').textContent = 'Your password is set. Log in with your email and the new password.';
      });
  });

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    $('login-done').textContent = '';
    A.api('POST', '/api/auth/login', null, { email: $('login-email').value.trim(), password: $('login-password').value })
      .then(function (r) {
        if (!r.ok) {
          $('login-error').textContent = A.problem(r);
          return;
        }
        var user = r.body.data.admin || r.body.data.user || {};
        if (user.role !== 'admin' && user.role !== 'instructor') {
          $('login-error').textContent = 'The chat console is for admins and instructors.';
          return;
        }
        state.token = r.body.data.tokens.access_token;
        state.user = user;
        $('who').textContent = (user.full_name || user.email) + ' · ' + user.role;
        $('login').hidden = true;
        $('console').hidden = false;
        connect();
      });
  });

  function connect() {
    var bus = new AcademyBus('/api/chat/connect');
    state.bus = bus;
    bus.onopen = function () {
      if (state.user.role === 'admin') AcademyDashboard.start(bus, state.token);
      bus.register('chat.inbox', state.token, onInbox, function () {
        $('live').textContent = 'live';
        $('live').className = 'badge live';
        loadInbox();
        if (state.open) openConversation(state.open);
      });
    };
    bus.onrefused = function (reason) {
      $('live').textContent = 'refused (' + reason + ') — log in again';
      $('live').className = 'badge error';
    };
    bus.onunregistered = function (address, info) {
      $('live').textContent = info.message || ('stopped (' + info.reason + ') — log in again');
      $('live').className = 'badge error';
    };
    bus.onclose = function () {
      $('live').textContent = 'reconnecting…';
      $('live').className = 'badge';
      if (state.bus === bus) window.setTimeout(connect, 2000);
    };
  }

  function loadInbox() {
    A.api('GET', '/api/chat/sessions?limit=100', state.token).then(function (r) {
      if (!r.ok) {
        $('live').textContent = A.problem(r);
        return;
      }
      r.body.data.sessions.forEach(upsertSession);
    });
  }

  function onInbox(frame) {
    if (!frame || !frame.data) return;
    var data = frame.data;
    if (frame.type === 'session_created' || frame.type === 'session_updated') {
      upsertSession(data);
      if (state.open === data.id) showMeta(data);
    } else if (frame.type === 'new_message') {
      var s = state.sessions[data.session_id];
      if (s) {
        s.metadata.last_message = data.content;
        s.metadata.message_count += 1;
        s.last_message_at = data.created_at;
        upsertSession(s, data.role === 'user' && state.open !== data.session_id);
      } else {
        A.api('GET', '/api/chat/sessions/' + data.session_id + '?limit=1', state.token).then(function (r) {
          if (r.ok) upsertSession(r.body.data, true);
        });
      }
      if (state.open === data.session_id) showMessage(data);
    } else if (frame.type === 'typing' && state.open === data.session_id) {
      $('conv-typing').hidden = !data.is_typing;
    }
  }

  function upsertSession(s, unread) {
    state.sessions[s.id] = s;
    var list = $('inbox');
    var item = list.querySelector('[data-id="' + s.id + '"]');
    var wasUnread = item && item.classList.contains('unread');
    if (!item) item = A.el('li', { 'class': 'session', 'data-id': s.id, tabindex: '0' });
    item.textContent = '';
    item.className = 'session status-' + s.status + ((unread || wasUnread) && state.open !== s.id ? ' unread' : '');
    item.appendChild(A.el('strong', { 'class': 'name' }, s.user.full_name));
    item.appendChild(A.el('span', { 'class': 'meta' }, ' ' + s.status + (s.assigned_to ? ' · ' + (s.assigned_to.full_name || 'assigned') : '')
      + (s.handoff ? ' · wants a human' : '')));
    item.appendChild(A.el('span', { 'class': 'last' }, s.metadata.last_message || s.metadata.topic || '(no messages yet)'));
    list.insertBefore(item, list.firstChild);
    item.onclick = function () { openConversation(s.id); };
    item.onkeydown = function (e) { if (e.key === 'Enter') openConversation(s.id); };
  }

  function openConversation(id) {
    if (state.open && state.open !== id) state.bus.unregister('chat.session.' + state.open);
    state.open = id;
    state.shown = {};
    $('conv-messages').textContent = '';
    $('conversation').hidden = false;
    var item = document.querySelector('#inbox [data-id="' + id + '"]');
    if (item) item.classList.remove('unread');
    state.bus.register('chat.session.' + id, state.token, onConversation);
    A.api('GET', '/api/chat/sessions/' + id + '?limit=200', state.token).then(function (r) {
      if (!r.ok) {
        $('conv-status').textContent = A.problem(r);
        return;
      }
      showMeta(r.body.data);
      r.body.data.messages.forEach(showMessage);
    });
  }

  function onConversation(frame) {
    if (!frame || !frame.data || frame.data.session_id !== state.open) return;
    if (frame.type === 'typing' && frame.data.role === 'user') $('conv-typing').hidden = !frame.data.is_typing;
    if (frame.type === 'session_closed') $('conv-status').textContent = 'Closed: ' + frame.data.reason;
    if (frame.type === 'message_read' && frame.data.reader_role === 'user') $('conv-status').textContent = 'Seen by the visitor';
  }

  function showMeta(s) {
    $('conv-title').textContent = s.user.full_name + ' <' + s.user.email + '>';
    $('conv-meta').textContent = 'Status: ' + s.status + (s.assigned_to ? ' · owner ' + (s.assigned_to.full_name || '') : ' · unclaimed')
      + (s.metadata.topic ? ' · topic: ' + s.metadata.topic : '') + (s.metadata.resolved ? ' · resolved' : '');
    $('tags').value = (s.metadata.tags || []).join(', ');
    var closed = s.status === 'closed';
    ['claim', 'close-session', 'reply-input', 'reply-send'].forEach(function (b) { $(b).disabled = closed; });
  }

  function showMessage(m) {
    if (state.shown[m.id]) return;
    state.shown[m.id] = true;
    $('conv-typing').hidden = true;
    var item = A.el('li', { 'class': 'message role-' + m.role + (m.bot ? ' bot' : ''), 'data-id': m.id });
    var who = m.role === 'user' ? 'Visitor' : m.role === 'system' ? 'Notice' : m.bot ? 'Assistant (bot)' : (m.sender && m.sender.full_name) || 'Staff';
    item.appendChild(A.el('span', { 'class': 'who' }, who));
    item.appendChild(A.el('span', { 'class': 'text' }, m.content));
    item.appendChild(A.el('time', { datetime: m.created_at }, A.time(m.created_at)));
    var list = $('conv-messages');
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    if (m.role === 'user') state.bus.send('chat.session.' + m.session_id, state.token, { type: 'message_read', data: { message_id: m.id } });
  }

  function action(method, path, body, done) {
    A.api(method, path, state.token, body).then(function (r) {
      $('conv-status').textContent = r.ok ? (r.body.message || 'Done') : A.problem(r);
      if (r.ok && r.body.data) {
        upsertSession(r.body.data);
        showMeta(r.body.data);
      }
      if (done) done(r);
    });
  }

  $('claim').addEventListener('click', function () {
    action('POST', '/api/chat/sessions/' + state.open + '/assign', {});
  });
  $('close-session').addEventListener('click', function () {
    action('POST', '/api/chat/sessions/' + state.open + '/close', { reason: 'Closed by staff' });
  });
  $('save-tags').addEventListener('click', function () {
    var tags = $('tags').value.split(',').map(function (t) { return t.trim(); }).filter(Boolean);
    action('PATCH', '/api/chat/sessions/' + state.open, { metadata: { tags: tags } });
  });
  $('resolve').addEventListener('click', function () {
    action('PATCH', '/api/chat/sessions/' + state.open, { metadata: { resolved: true } });
  });

  $('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('reply-input');
    var content = input.value.trim();
    if (!content || !state.open) return;
    input.value = '';
    state.bus.send('chat.session.' + state.open, state.token,
      { type: 'send_message', data: { content: content, client_message_id: AcademyBus.uuid() } },
      function (error) {
        if (error) {
          $('conv-status').textContent = error.error || 'Not sent';
          input.value = content;
        } else {
          $('conv-status').textContent = '';
        }
      });
  });

  $('reply-input').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('reply-send').click();
    }
  });

  var lastTyping = 0;
  $('reply-input').addEventListener('input', function () {
    var now = Date.now();
    if (!state.open || now - lastTyping < 2000) return;
    lastTyping = now;
    state.bus.send('chat.session.' + state.open, state.token, { type: 'typing', data: { is_typing: true } });
  });
})();
