/*
 * The staff console's chat: the live inbox and a conversation with claim, tags, resolve, close and replies, over the
 * event-bus bridge; and the admin's live dashboard (dashboard.js) on the same socket. The login, the token refresh
 * and the texts come from the console's modules (staff-app.js): StaffChat.start(ctx) with
 * ctx = {token(), fresh() → Promise<token>, t(key, params), user}. A bridge registration lives no longer than the
 * token that made it: when the server ends one (expired token), it is made again with the refreshed token.
 */
(function () {
  'use strict';
  var A = window.Academy;
  var $ = function (id) { return document.getElementById(id); };
  var state = { ctx: null, bus: null, sessions: {}, open: null, shown: {}, kept: {}, retries: 0 };
  var t = function (key, params) { return state.ctx.t(key, params); };

  function badge(id, text, cls) {
    $(id).textContent = text;
    $(id).className = 'badge' + (cls ? ' ' + cls : '');
  }

  /** Registers address with the current token; made again with a fresh one whenever the bridge ends it. */
  function keep(address, handler, onLive) {
    var kept = { handler: handler, onLive: onLive, live: false };
    kept.ready = function () {
      kept.live = true;
      state.retries = 0;
      if (onLive) onLive();
    };
    state.kept[address] = kept;
    state.bus.register(address, state.ctx.token(), handler, kept.ready);
  }

  /** Registers again, with a fresh token, what is not live (a token that expired on its way: a slow network). */
  function renew(bus) {
    state.ctx.fresh().then(function (token) {
      if (!token || state.bus !== bus) return;
      Object.keys(state.kept).forEach(function (address) {
        var kept = state.kept[address];
        if (!kept.live) bus.register(address, token, kept.handler, kept.ready);
      });
    });
  }

  function drop(address) {
    delete state.kept[address];
    state.bus.unregister(address);
  }

  function start(ctx) {
    stop();
    state.ctx = ctx;
    connect();
  }

  function stop() {
    var bus = state.bus;
    state.bus = null;
    state.open = null;
    state.sessions = {};
    state.kept = {};
    if (bus) bus.close();
    $('inbox').textContent = '';
    $('conversation').hidden = true;
  }

  function connect() {
    var bus = new AcademyBus('/api/chat/connect');
    state.bus = bus;
    bus.onopen = function () {
      if (state.ctx.user.role === 'admin') AcademyDashboard.start(keep, state.ctx);
      var reopen = state.open;
      state.open = null;
      keep('chat.inbox', onInbox, function () {
        badge('live', t('live'), 'live');
        loadInbox();
        if (reopen) openConversation(reopen);
        reopen = null;
      });
    };
    bus.onrefused = function (reason) {
      // a registration refused: its token may have expired on the way; try again a few times with a fresh one
      if (state.bus === bus && state.retries < 3) {
        state.retries += 1;
        Object.keys(state.kept).forEach(function (address) { bus.unregister(address); state.kept[address].live = false; });
        renew(bus);
        return;
      }
      badge('live', t('live.refused', { reason: reason }), 'error');
    };
    bus.onunregistered = function (address, info) {
      var kept = state.kept[address];
      if (!kept || state.bus !== bus) return;
      kept.live = false;
      if (info.reason === 'expired') {
        renew(bus);
      } else {
        badge('live', info.message || info.reason, 'error');
      }
    };
    bus.onclose = function () {
      if (state.bus !== bus) return;
      badge('live', t('reconnecting'));
      window.setTimeout(function () { if (state.bus === bus) connect(); }, 2000);
    };
  }

  function call(method, path, body) {
    return state.ctx.call(method, path, body);
  }

  function loadInbox() {
    call('GET', '/api/chat/sessions?limit=100').then(function (r) {
      if (!r.ok) {
        $('live').textContent = A.problem(r);
        return;
      }
      r.body.data.sessions.forEach(function (s) { upsertSession(s); });
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
        call('GET', '/api/chat/sessions/' + data.session_id + '?limit=1').then(function (r) {
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
    if (!item) item = A.el('li', { 'class': 'session', 'data-id': s.id, tabindex: '0', role: 'button' });
    item.textContent = '';
    item.className = 'session status-' + s.status + ((unread || wasUnread) && state.open !== s.id ? ' unread' : '');
    item.appendChild(A.el('strong', { 'class': 'name' }, s.user.full_name));
    item.appendChild(A.el('span', { 'class': 'meta' }, ' ' + t('status.' + s.status)
      + (s.assigned_to ? ' · ' + (s.assigned_to.full_name || t('chat.assigned')) : '')
      + (s.handoff ? ' · ' + t('chat.wantsHuman') : '')));
    item.appendChild(A.el('span', { 'class': 'last' }, s.metadata.last_message || s.metadata.topic || t('chat.noMessages')));
    list.insertBefore(item, list.firstChild);
    item.onclick = function () { openConversation(s.id); };
    item.onkeydown = function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openConversation(s.id); } };
  }

  function openConversation(id) {
    if (state.open && state.open !== id) drop('chat.session.' + state.open);
    state.open = id;
    state.shown = {};
    $('conv-messages').textContent = '';
    $('conversation').hidden = false;
    var item = document.querySelector('#inbox [data-id="' + id + '"]');
    if (item) item.classList.remove('unread');
    // the history is read once the registration is live (also again after it was renewed), so nothing falls between
    keep('chat.session.' + id, onConversation, function () {
      call('GET', '/api/chat/sessions/' + id + '?limit=200').then(function (r) {
        if (state.open !== id) return;
        if (!r.ok) {
          $('conv-status').textContent = A.problem(r);
          return;
        }
        showMeta(r.body.data);
        r.body.data.messages.forEach(showMessage);
      });
    });
  }

  function onConversation(frame) {
    if (!frame || !frame.data || frame.data.session_id !== state.open) return;
    if (frame.type === 'typing' && frame.data.role === 'user') $('conv-typing').hidden = !frame.data.is_typing;
    if (frame.type === 'session_closed') $('conv-status').textContent = t('chat.closedBecause', { reason: frame.data.reason });
    if (frame.type === 'message_read' && frame.data.reader_role === 'user') $('conv-status').textContent = t('chat.seen');
  }

  function showMeta(s) {
    $('conv-title').textContent = s.user.full_name + ' <' + s.user.email + '>';
    $('conv-meta').textContent = t('chat.status', { status: t('status.' + s.status) })
      + ' · ' + (s.assigned_to ? t('chat.owner', { name: s.assigned_to.full_name || '' }) : t('chat.unclaimed'))
      + (s.metadata.topic ? ' · ' + t('chat.topic', { topic: s.metadata.topic }) : '')
      + (s.metadata.resolved ? ' · ' + t('chat.resolved') : '');
    $('tags').value = (s.metadata.tags || []).join(', ');
    var closed = s.status === 'closed';
    ['claim', 'close-session', 'reply-input', 'reply-send'].forEach(function (b) { $(b).disabled = closed; });
  }

  function showMessage(m) {
    if (state.shown[m.id]) return;
    state.shown[m.id] = true;
    $('conv-typing').hidden = true;
    var item = A.el('li', { 'class': 'message role-' + m.role + (m.bot ? ' bot' : ''), 'data-id': m.id });
    var who = m.role === 'user' ? t('chat.visitor') : m.role === 'system' ? t('chat.notice') : m.bot ? t('chat.bot')
      : (m.sender && m.sender.full_name) || t('chat.staff');
    item.appendChild(A.el('span', { 'class': 'who' }, who));
    item.appendChild(A.el('span', { 'class': 'text' }, m.content));
    item.appendChild(A.el('time', { datetime: m.created_at }, state.ctx.time(m.created_at)));
    var list = $('conv-messages');
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    if (m.role === 'user') state.bus.send('chat.session.' + m.session_id, state.ctx.token(), { type: 'message_read', data: { message_id: m.id } });
  }

  function action(method, path, body) {
    call(method, path, body).then(function (r) {
      $('conv-status').textContent = r.ok ? (r.body.message || t('done')) : A.problem(r);
      if (r.ok && r.body.data) {
        upsertSession(r.body.data);
        showMeta(r.body.data);
      }
    });
  }

  $('claim').addEventListener('click', function () {
    action('POST', '/api/chat/sessions/' + state.open + '/assign', {});
  });
  $('close-session').addEventListener('click', function () {
    // no reason: the server writes "Closed by staff" in the conversation's language (issue 20), not the console's
    action('POST', '/api/chat/sessions/' + state.open + '/close', {});
  });
  $('save-tags').addEventListener('click', function () {
    var tags = $('tags').value.split(',').map(function (x) { return x.trim(); }).filter(Boolean);
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
    var open = state.open;
    state.ctx.fresh().then(function (token) {
      state.bus.send('chat.session.' + open, token,
        { type: 'send_message', data: { content: content, client_message_id: AcademyBus.uuid() } },
        function (error) {
          if (error) {
            $('conv-status').textContent = error.error || t('chat.notSent');
            input.value = content;
          } else {
            $('conv-status').textContent = '';
          }
        });
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
    state.bus.send('chat.session.' + state.open, state.ctx.token(), { type: 'typing', data: { is_typing: true } });
  });

  window.StaffChat = { start: start, stop: stop };
})();
