/* The public page: course list with search, the registration form, the status check, the chat widget (account links
   and the student area: account.js). */
(function () {
  'use strict';
  var A = window.Academy;
  var $ = function (id) { return document.getElementById(id); };

  // --- courses ------------------------------------------------------------------------------------
  function loadCourses(search) {
    var path = '/api/courses?limit=50' + (search ? '&search=' + encodeURIComponent(search) : '');
    $('course-status').textContent = A.t('common.loading');
    A.api('GET', path).then(function (result) {
      var list = $('course-list');
      list.textContent = '';
      if (!result.ok) {
        $('course-status').textContent = A.problem(result);
        return;
      }
      var courses = result.body.data.courses;
      $('course-status').textContent = courses.length ? '' : A.t('courses.none');
      courses.forEach(function (c) {
        var item = A.el('li', { 'class': 'course', 'data-id': c.id });
        item.appendChild(A.el('h3', {}, c.title));
        item.appendChild(A.el('p', { 'class': 'meta' }, [c.instrument, c.level && A.t('level.' + c.level), A.t('courses.minutes', { n: c.duration_minutes })].filter(Boolean).join(' · ')));
        item.appendChild(A.el('p', { 'class': 'price' }, A.t('courses.perSession', { price: A.rupiah(c.price_per_session) })));
        item.appendChild(A.el('p', {}, c.description));
        list.appendChild(item);
      });
      if (!search) fillCourseSelect(courses);
    });
  }

  function fillCourseSelect(courses) {
    var select = $('reg-course');
    select.textContent = '';
    var chosen = select.value;
    select.appendChild(A.el('option', { value: '' }, A.t('register.choose')));
    courses.forEach(function (c) { select.appendChild(A.el('option', { value: c.id }, c.title + ' — ' + A.rupiah(c.price_per_session))); });
    select.value = chosen;
  }

  $('course-search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    loadCourses($('course-search').value.trim());
  });

  // --- registration -------------------------------------------------------------------------------
  var idempotencyKey = AcademyBus.uuid();
  $('register-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var result = $('register-result');
    result.className = 'status';
    result.textContent = A.t('common.sending');
    var body = {
      full_name: $('reg-name').value.trim(),
      email: $('reg-email').value.trim(),
      wa_number: $('reg-wa').value.trim(),
      course_id: $('reg-course').value,
      experience_level: $('reg-level').value,
      time_preferences: $('reg-times').value.trim() || undefined,
      notes: $('reg-notes').value.trim() || undefined,
      consent: $('reg-consent').checked,
      captcha_token: A.captchaToken(),
      idempotency_key: idempotencyKey
    };
    A.api('POST', '/api/enrollments', null, body).then(function (r) {
      A.captchaReset(); // single use, whatever the answer
      if (r.ok && r.body && r.body.success) {
        var data = r.body.data || {};
        result.className = 'status ok';
        result.textContent = (r.body.message || A.t('register.received'))
          + (data.registration_number ? ' ' + A.t('register.number', { number: data.registration_number }) : '');
        idempotencyKey = AcademyBus.uuid();
        $('register-form').reset();
      } else if (r.status === 404 || r.status === 405) {
        result.className = 'status error';
        result.textContent = A.t('register.closed');
      } else {
        result.className = 'status error';
        result.textContent = A.problem(r);
      }
    });
  });

  // --- status check: by hand, or from the registration email's link ------------------------------
  // The link is <public_url>/#status?registration_number=…&email=…&access_code=… (a fragment: never sent to a server).

  function checkStatus() {
    var result = $('status-result');
    result.className = 'status';
    result.textContent = A.t('status.checking');
    var query = '?email=' + encodeURIComponent($('status-email').value.trim())
      + '&registration_number=' + encodeURIComponent($('status-number').value.trim())
      + '&access_code=' + encodeURIComponent($('status-code').value.trim());
    A.api('GET', '/api/users/check' + query).then(function (r) {
      if (r.ok && r.body && r.body.success) {
        var found = r.body.data.enrollments[0];
        result.className = 'status ok';
        result.textContent = A.t('status.result', { number: found.registration_number + (found.course_title ? ' (' + found.course_title + ')' : ''),
          status: A.t('status.word.' + found.status) });
      } else {
        result.className = 'status error';
        result.textContent = r.status === 404 ? A.t('status.none') : A.problem(r);
      }
    });
  }

  $('status-form').addEventListener('submit', function (e) {
    e.preventDefault();
    checkStatus();
  });

  function statusFromLink() {
    if (location.hash.indexOf('#status?') !== 0) return;
    var link = new URLSearchParams(location.hash.substring('#status?'.length));
    $('status-email').value = link.get('email') || '';
    $('status-number').value = link.get('registration_number') || '';
    $('status-code').value = link.get('access_code') || '';
    $('status').scrollIntoView();
    if ($('status-email').value && $('status-number').value && $('status-code').value) checkStatus();
  }
  window.addEventListener('hashchange', statusFromLink);
  statusFromLink();

  // --- chat widget --------------------------------------------------------------------------------
  var chat = { id: null, token: null, bus: null, shown: {}, closed: false, lastTyping: 0 };
  var stored = sessionStorage.getItem('academy.chat');

  $('chat-toggle').addEventListener('click', function () {
    var panel = $('chat-panel');
    panel.hidden = !panel.hidden;
    $('chat').classList.toggle('closed', panel.hidden);
    $('chat-toggle').setAttribute('aria-expanded', String(!panel.hidden));
  });

  $('chat-start-form').addEventListener('submit', function (e) {
    e.preventDefault();
    status(A.t('chat.starting'));
    A.api('POST', '/api/chat/sessions', null, {
      name: $('chat-name').value.trim(),
      email: $('chat-email').value.trim(),
      topic: $('chat-topic').value.trim() || undefined
    }).then(function (r) {
      if (!r.ok) {
        status(A.problem(r), true);
        return;
      }
      chat.id = r.body.data.session_id;
      chat.token = r.body.data.chat_token;
      sessionStorage.setItem('academy.chat', JSON.stringify({ id: chat.id, token: chat.token }));
      openRoom();
    });
  });

  function status(text, error) {
    var node = $('chat-status');
    node.textContent = text || '';
    node.className = 'status' + (error ? ' error' : '');
  }

  function openRoom() {
    $('chat-start-form').hidden = true;
    $('chat-room').hidden = false;
    connect();
  }

  function address() {
    return 'chat.session.' + chat.id;
  }

  function connect() {
    status(A.t('chat.connecting'));
    var bus = new AcademyBus('/api/chat/connect');
    chat.bus = bus;
    bus.onopen = function () {
      bus.register(address(), chat.token, onFrame, function () {
        loadHistory();
      });
    };
    bus.onrefused = function (reason) {
      status(A.t('chat.refused', { reason: reason }), true);
      sessionStorage.removeItem('academy.chat');
    };
    bus.onunregistered = function (addr, info) {
      setEnabled(false);
      status(info.reason === 'expired' ? A.t('chat.expired') : (info.message || A.t('chat.ended')), true);
      sessionStorage.removeItem('academy.chat');
    };
    bus.onclose = function () {
      setEnabled(false);
      if (!chat.closed && chat.bus === bus) {
        status(A.t('chat.lost'), true);
        window.setTimeout(connect, 2000);
      }
    };
  }

  function loadHistory() {
    A.api('GET', '/api/chat/sessions/' + chat.id + '/messages?limit=100', chat.token).then(function (r) {
      if (!r.ok) {
        status(A.problem(r), true);
        return;
      }
      r.body.data.messages.forEach(show);
      A.api('GET', '/api/chat/sessions/' + chat.id, chat.token).then(function (s) {
        if (s.ok && s.body.data.status === 'closed') {
          ended(s.body.data.close_reason);
          return;
        }
        setEnabled(true);
        status(A.t('chat.connected'));
      });
    });
  }

  function setEnabled(on) {
    ['chat-input', 'chat-send', 'chat-human', 'chat-end'].forEach(function (id) { $(id).disabled = !on; });
  }

  function onFrame(frame) {
    if (!frame || !frame.data) return;
    var data = frame.data;
    if (frame.type === 'new_message') {
      show(data);
      $('chat-typing').hidden = true;
      if (data.role !== 'user') chat.bus.send(address(), chat.token, { type: 'message_read', data: { message_id: data.id } });
    } else if (frame.type === 'typing' && data.role === 'assistant') {
      $('chat-typing').hidden = !data.is_typing;
    } else if (frame.type === 'message_read' && data.reader_role === 'assistant') {
      markRead(data.message_id);
    } else if (frame.type === 'session_closed') {
      ended(data.reason);
    }
  }

  function show(m) {
    if (chat.shown[m.id]) return;
    chat.shown[m.id] = true;
    var item = A.el('li', { 'class': 'message role-' + m.role + (m.bot ? ' bot' : ''), 'data-id': m.id, 'data-seq': String(m.seq) });
    var who = m.role === 'user' ? A.t('chat.you') : m.role === 'system' ? A.t('chat.notice') : m.bot ? A.t('chat.bot') : (m.sender && m.sender.full_name) || A.t('chat.staff');
    item.appendChild(A.el('span', { 'class': 'who' }, who));
    item.appendChild(A.el('span', { 'class': 'text' }, m.content));
    item.appendChild(A.el('time', { datetime: m.created_at }, A.time(m.created_at)));
    if (m.role === 'user') item.appendChild(A.el('span', { 'class': 'receipt' }, m.read_at ? A.t('chat.read') : A.t('chat.delivered')));
    var list = $('chat-messages');
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function markRead(messageId) {
    var target = document.querySelector('#chat-messages [data-id="' + messageId + '"]');
    var upTo = target ? Number(target.getAttribute('data-seq')) : Infinity;
    document.querySelectorAll('#chat-messages .role-user').forEach(function (item) {
      if (Number(item.getAttribute('data-seq')) <= upTo) item.querySelector('.receipt').textContent = A.t('chat.read');
    });
  }

  function ended(reason) {
    chat.closed = true;
    setEnabled(false);
    status(reason ? A.t('chat.endedWith', { reason: reason }) : A.t('chat.ended'));
    sessionStorage.removeItem('academy.chat');
  }

  $('chat-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('chat-input');
    var content = input.value.trim();
    if (!content) return;
    input.value = '';
    chat.bus.send(address(), chat.token, { type: 'send_message', data: { content: content, client_message_id: AcademyBus.uuid() } },
      function (error) {
        if (error) {
          status(error.error || A.t('chat.notSent'), true);
          input.value = content;
        } else {
          status('');
        }
      });
  });

  $('chat-input').addEventListener('input', function () {
    var now = Date.now();
    if (now - chat.lastTyping < 2000) return;
    chat.lastTyping = now;
    chat.bus.send(address(), chat.token, { type: 'typing', data: { is_typing: true } });
  });

  $('chat-input').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('chat-send').click();
    }
  });

  $('chat-human').addEventListener('click', function () {
    chat.bus.send(address(), chat.token, { type: 'handoff' }, function (error) {
      if (error) status(error.error, true);
    });
  });

  $('chat-end').addEventListener('click', function () {
    chat.bus.send(address(), chat.token, { type: 'close_session' }, function (error) {
      if (error) status(error.error, true);
    });
  });

  loadCourses('');
  // another language: the list again (prices and levels in its words)
  window.addEventListener('academy:lang', function () { loadCourses($('course-search').value.trim()); });
  if (stored) {
    try {
      var saved = JSON.parse(stored);
      chat.id = saved.id;
      chat.token = saved.token;
      $('chat-panel').hidden = false;
      $('chat').classList.remove('closed');
      openRoom();
    } catch (e) {
      sessionStorage.removeItem('academy.chat');
    }
  }
})();
