/*
 * Academy's event-bus bridge client: the SockJS bridge's JSON frames over a sockjs-client socket.
 * Tokens travel in frame headers (never in the URL). Plain script, no build step. The socket is opened with the page's
 * language (?lang=, Academy.lang()), so the bridge's texts follow it; a language switch applies from the next socket.
 *
 *   const bus = new AcademyBus('/api/chat/connect');
 *   bus.onopen = () => bus.register('chat.session.<id>', token, frame => …, () => live());
 *   bus.send('chat.session.<id>', token, {type: 'send_message', data: {content}}, (err, reply) => …);
 *   bus.onunregistered = (address, {reason, message}) => …;  // the token behind it was revoked or expired
 */
(function (global) {
  'use strict';

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function AcademyBus(url) {
    var self = this;
    this.handlers = {};
    this.replies = {};
    this.live = {};
    this.onopen = null;
    this.onclose = null;
    this.onrefused = null;
    this.onunregistered = null;
    // the socket's language (issue 20): the bridge's texts (err frames, unregistered reasons) follow ?lang=
    if (global.Academy && global.Academy.lang) url += (url.indexOf('?') < 0 ? '?' : '&') + 'lang=' + global.Academy.lang();
    this.socket = new global.SockJS(url, null, { transports: ['websocket', 'xhr-streaming', 'xhr-polling'] });
    this.socket.onopen = function () {
      self.pinger = global.setInterval(function () { self.write({ type: 'ping' }); }, 5000);
      if (self.onopen) self.onopen();
    };
    this.socket.onclose = function () {
      global.clearInterval(self.pinger);
      if (self.onclose) self.onclose();
    };
    this.socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      self.receive(frame);
    };
  }

  AcademyBus.prototype.receive = function (frame) {
    if (frame.type === 'registered') {
      var ready = this.live[frame.body];
      delete this.live[frame.body];
      if (ready) ready();
      return;
    }
    if (frame.type === 'unregistered') {
      // the server ended this registration (revoked or expired token): drop it here too
      delete this.handlers[frame.address];
      this.write({ type: 'unregister', address: frame.address });
      var info = frame.body || {};
      if (this.onunregistered) this.onunregistered(frame.address, info);
      else if (this.onrefused) this.onrefused(info.reason);
      return;
    }
    if (frame.type === 'err' && !frame.address) {
      if (this.onrefused) this.onrefused(frame.body);
      return;
    }
    var reply = this.replies[frame.address];
    if (reply) {
      delete this.replies[frame.address];
      if (frame.type === 'err') {
        var error;
        try { error = JSON.parse(frame.message); } catch (e) { error = { error: frame.message, code: frame.failureType }; }
        reply(error, null);
      } else {
        reply(null, frame.body);
      }
      return;
    }
    var handlers = this.handlers[frame.address] || [];
    handlers.forEach(function (handler) { handler(frame.body); });
  };

  AcademyBus.prototype.write = function (frame) {
    if (this.socket.readyState === 1) this.socket.send(JSON.stringify(frame));
  };

  function headers(token) {
    return token ? { authorization: 'Bearer ' + token } : {};
  }

  /** Listens on an address; onLive runs once the bridge confirms the registration. */
  AcademyBus.prototype.register = function (address, token, handler, onLive) {
    (this.handlers[address] = this.handlers[address] || []).push(handler);
    if (onLive) this.live[address] = onLive;
    this.write({ type: 'register', address: address, headers: headers(token) });
  };

  AcademyBus.prototype.unregister = function (address) {
    delete this.handlers[address];
    this.write({ type: 'unregister', address: address });
  };

  /** Sends with a reply: callback(error, body); error is the API's {code, error, details}. */
  AcademyBus.prototype.send = function (address, token, body, callback) {
    var replyAddress = uuid();
    if (callback) this.replies[replyAddress] = callback;
    this.write({ type: 'send', address: address, headers: headers(token), body: body, replyAddress: replyAddress });
  };

  AcademyBus.prototype.close = function () {
    this.socket.close();
  };

  AcademyBus.uuid = uuid;
  global.AcademyBus = AcademyBus;
})(window);
