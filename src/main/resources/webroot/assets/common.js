/* Small helpers shared by the public page and the staff console. Text is always set with textContent. */
(function (global) {
  'use strict';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** Calls the API; resolves {ok, status, body} with the seed envelope as body. */
  function api(method, path, token, body) {
    var init = { method: method, headers: {} };
    if (token) init.headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { ok: response.ok, status: response.status, body: json };
      });
    }, function () {
      return { ok: false, status: 0, body: null };
    });
  }

  /** A readable sentence from an error envelope (field problems included). */
  function problem(result) {
    var body = result.body;
    if (!body || body.success !== false) {
      return result.status === 0 ? 'The server cannot be reached. Please try again.'
        : 'Something went wrong (HTTP ' + result.status + '). Please try again.';
    }
    var text = body.error || 'Something went wrong.';
    var fields = body.details && body.details.fields;
    if (fields && fields.length) {
      text += ' ' + fields.map(function (f) { return f.field + ': ' + f.message; }).join('; ');
    }
    if (body.details && body.details.retry_after) text += ' (try again in ' + body.details.retry_after + ' s)';
    return text;
  }

  function rupiah(amount) {
    return 'Rp ' + String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function time(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** Date and time in the browser's locale and time zone, e.g. "Sat, 6 Jun 2026, 10:00". */
  function dateTime(iso) {
    if (!iso) return '';
    return new Date(iso).toLocaleString([], { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric',
      hour: '2-digit', minute: '2-digit' });
  }

  /**
   * The captcha widget's token for a public form's {@code captcha_token}: read through the provider's own script API
   * (Cloudflare Turnstile's window.turnstile, Google reCAPTCHA's window.grecaptcha) when the page has a widget;
   * undefined without one (a dev server with captcha.provider none needs none). Tokens are single use: reset after use.
   */
  function captchaToken() {
    var widget = global.turnstile || global.grecaptcha;
    var token = widget && widget.getResponse();
    return token || undefined;
  }

  function captchaReset() {
    var widget = global.turnstile || global.grecaptcha;
    if (widget && widget.reset) widget.reset();
  }

  global.Academy = { el: el, api: api, problem: problem, rupiah: rupiah, time: time, dateTime: dateTime,
    captchaToken: captchaToken, captchaReset: captchaReset };
})(window);
