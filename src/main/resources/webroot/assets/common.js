/* Small helpers shared by the public page and the staff console. Text is always set with textContent.
   Language (issue 20): Indonesian by default, English on request. The choice lives in localStorage 'academy.lang'
   ('id' | 'en'); every API call sends it as Accept-Language, so the API's texts follow it. Page texts come from
   window.AcademyTexts[lang][key] (assets/texts.js; other pages may add their own keys): elements marked
   data-t="key" get the text, data-t-placeholder / data-t-aria-label / data-t-title the attribute. Dates and times are
   shown in the academy's zone (Asia/Jakarta, WIB): "15 Mei 2025 pukul 01.00 WIB" / "15 May 2025, 01:00 WIB"; money
   "Rp 250.000" / "Rp 250,000". */
(function (global) {
  'use strict';

  var LANG_KEY = 'academy.lang';
  var ZONE = 'Asia/Jakarta', ZONE_NAME = 'WIB';
  var MONTHS = {
    id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
    en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  };

  /** The texts of these helpers, for pages that load no texts of their own. */
  var BASE = {
    id: {
      'common.unreachable': 'Server tidak dapat dihubungi. Silakan coba lagi.',
      'common.failed': 'Terjadi kesalahan (HTTP {status}). Silakan coba lagi.',
      'common.wrong': 'Terjadi kesalahan.',
      'common.retryAfter': '(coba lagi dalam {seconds} detik)'
    },
    en: {
      'common.unreachable': 'The server cannot be reached. Please try again.',
      'common.failed': 'Something went wrong (HTTP {status}). Please try again.',
      'common.wrong': 'Something went wrong.',
      'common.retryAfter': '(try again in {seconds} s)'
    }
  };

  /** 'id' (the default) or 'en'. */
  function lang() {
    var chosen = null;
    try { chosen = global.localStorage.getItem(LANG_KEY); } catch (e) { chosen = null; }
    return chosen === 'en' ? 'en' : 'id';
  }

  /** Stores the choice, translates the page and tells the page's scripts ('academy:lang' event) to redraw. */
  function setLang(language) {
    try { global.localStorage.setItem(LANG_KEY, language === 'en' ? 'en' : 'id'); } catch (e) { /* private mode */ }
    translate(document);
    global.dispatchEvent(new CustomEvent('academy:lang', { detail: lang() }));
  }

  /** The text of key in the current language (Indonesian when English lacks it); {name} placeholders from params. */
  function t(key, params) {
    var texts = global.AcademyTexts || {};
    var text = (texts[lang()] || {})[key];
    if (text === undefined) text = BASE[lang()][key];
    if (text === undefined) text = (texts.id || {})[key];
    if (text === undefined) return key;
    return params ? text.replace(/\{(\w+)\}/g, function (m, name) { return params[name] !== undefined ? String(params[name]) : m; }) : text;
  }

  /** Applies the current language to the marked elements under root, the page's lang and the switch's state. */
  function translate(root) {
    document.documentElement.lang = lang();
    root.querySelectorAll('[data-t]').forEach(function (node) { node.textContent = t(node.getAttribute('data-t')); });
    ['placeholder', 'aria-label', 'title'].forEach(function (attr) {
      root.querySelectorAll('[data-t-' + attr + ']').forEach(function (node) {
        node.setAttribute(attr, t(node.getAttribute('data-t-' + attr)));
      });
    });
    root.querySelectorAll('[data-lang]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === lang()));
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** Calls the API; resolves {ok, status, body} with the seed envelope as body. */
  function api(method, path, token, body) {
    var init = { method: method, headers: { 'Accept-Language': lang() } };
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
      return result.status === 0 ? t('common.unreachable') : t('common.failed', { status: result.status });
    }
    var text = body.error || t('common.wrong');
    var fields = body.details && body.details.fields;
    if (fields && fields.length) {
      text += ' ' + fields.map(function (f) { return f.field + ': ' + f.message; }).join('; ');
    }
    if (body.details && body.details.retry_after) text += ' ' + t('common.retryAfter', { seconds: body.details.retry_after });
    return text;
  }

  /** Rupiah without decimals: "Rp 250.000" (English "Rp 250,000"). */
  function rupiah(amount) {
    return 'Rp ' + String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, lang() === 'en' ? ',' : '.');
  }

  /** {year, month, day, hour, minute} of an instant in the academy's zone. */
  function local(iso) {
    var parts = {};
    new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).forEach(function (p) {
      parts[p.type] = p.value;
    });
    return parts;
  }

  /** The clock time in the academy's zone: "01.00" / "01:00". */
  function time(iso) {
    if (!iso) return '';
    var p = local(iso);
    return p.hour + (lang() === 'en' ? ':' : '.') + p.minute;
  }

  /** Date and time in the academy's zone: "15 Mei 2025 pukul 01.00 WIB" / "15 May 2025, 01:00 WIB". */
  function dateTime(iso) {
    if (!iso) return '';
    var p = local(iso);
    var date = Number(p.day) + ' ' + MONTHS[lang()][Number(p.month) - 1] + ' ' + p.year;
    return date + (lang() === 'en' ? ', ' : ' pukul ') + time(iso) + ' ' + ZONE_NAME;
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
    captchaToken: captchaToken, captchaReset: captchaReset, lang: lang, setLang: setLang, t: t, translate: translate };

  // the language switch of any page (buttons with data-lang), and the page's texts once it is read
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('button[data-lang]');
    if (button) setLang(button.getAttribute('data-lang'));
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { translate(document); });
  else translate(document);
})(window);
