/*
 * The admin dashboard panel of the staff console: the figures of GET /api/analytics/dashboard, loaded once,
 * then replaced by every update the analytics verticle publishes on live.dashboard (complete figures, never
 * deltas; no polling). Text is set with textContent; the charts are plain SVG built with createElementNS.
 */
(function (global) {
  'use strict';
  var A = global.Academy;
  var SVG = 'http://www.w3.org/2000/svg';
  var $ = function (id) { return document.getElementById(id); };
  var pushes = 0; // live updates shown so far: a load that started before one must not overwrite it

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function number(value) {
    return value === null || value === undefined ? '–' : String(value);
  }

  function percent(rate) {
    return rate === null || rate === undefined ? 'n/a' : (Math.round(rate * 1000) / 10) + ' %';
  }

  /** Horizontal bars: [{label, value, shown}] scaled to the largest value. */
  function bars(target, rows, colors) {
    target.textContent = '';
    var max = rows.reduce(function (m, r) { return Math.max(m, r.value || 0); }, 0) || 1;
    rows.forEach(function (row, i) {
      var y = 10 + i * 38;
      var width = Math.round(170 * (row.value || 0) / max);
      target.appendChild(svg('text', { x: 0, y: y + 15 }, row.label));
      target.appendChild(svg('rect', { x: 100, y: y, width: Math.max(width, 1), height: 22, rx: 3, fill: colors[i % colors.length] }));
      target.appendChild(svg('text', { x: 104 + width, y: y + 15 }, row.shown));
    });
  }

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** Columns, one per month ([{month: 'YYYY-MM', count}], oldest first), scaled to the busiest month. */
  function columns(target, months) {
    target.textContent = '';
    var max = months.reduce(function (m, r) { return Math.max(m, r.count || 0); }, 0) || 1;
    var step = 300 / Math.max(months.length, 1);
    months.forEach(function (row, i) {
      var x = i * step + 3;
      var height = Math.round(85 * (row.count || 0) / max);
      var name = MONTHS[Number(row.month.slice(5)) - 1] || row.month;
      var bar = svg('rect', { x: x, y: 105 - Math.max(height, 1), width: step - 6, height: Math.max(height, 1), rx: 2,
        fill: '#23395d', 'data-month': row.month, 'data-count': row.count });
      bar.appendChild(svg('title', {}, t('dash.monthTitle', { month: name + ' ' + row.month.slice(0, 4), count: row.count })));
      target.appendChild(bar);
      if (row.count) target.appendChild(svg('text', { x: x + (step - 6) / 2, y: 100 - height, 'text-anchor': 'middle' }, row.count));
      target.appendChild(svg('text', { x: x + (step - 6) / 2, y: 122, 'text-anchor': 'middle' }, name.charAt(0)));
    });
  }

  var t = function (key, params) { return ctx ? ctx.t(key, params) : key; };
  var ctx = null;

  var last = null; // the figures shown, redrawn in another language

  function show(figures) {
    if (!figures) return;
    last = figures;
    var e = figures.enrollments || {}, att = figures.attendance || {}, rev = figures.revenue || {}, st = figures.students || {};
    $('dash-students').textContent = number(st.total);
    $('dash-pending').textContent = number(e.pending);
    $('dash-approved').textContent = number(e.approved_this_month);
    $('dash-attendance').textContent = percent(att.overall_rate);
    $('dash-revenue').textContent = rev.total === undefined || rev.total === null ? '–' : A.rupiah(rev.total);
    $('dash-revenue-month').textContent = rev.this_month === undefined || rev.this_month === null ? '–' : A.rupiah(rev.this_month);
    bars($('chart-enrollments'), [
      { label: t('dash.barPending'), value: e.pending, shown: number(e.pending) },
      { label: t('dash.barApproved'), value: e.approved_this_month, shown: number(e.approved_this_month) },
      { label: t('dash.barAll'), value: e.total, shown: number(e.total) }
    ], ['#d97706', '#067647', '#23395d']);
    columns($('chart-trend'), figures.enrollment_trend || []);
    var rate = att.overall_rate;
    bars($('chart-attendance'), rate === null || rate === undefined
      ? [{ label: t('dash.barAttended'), value: 0, shown: 'n/a' }, { label: t('dash.barAbsent'), value: 0, shown: 'n/a' }]
      : [{ label: t('dash.barAttended'), value: rate, shown: percent(rate) }, { label: t('dash.barAbsent'), value: 1 - rate, shown: percent(1 - rate) }],
      ['#067647', '#b42318']);
  }

  function status(text, cls) {
    $('dash-live').textContent = text;
    $('dash-live').className = 'badge' + (cls ? ' ' + cls : '');
  }

  /**
   * Shows the panel, loads the figures, then listens on live.dashboard; call again after a reconnect.
   * register(address, handler, onLive) registers on the bridge (renewed with each refreshed token: onLive runs again);
   * context = {call(method, path), t(key, params), time(iso)} of the console.
   */
  function start(register, context) {
    ctx = context;
    $('dashboard').hidden = false;
    status(t('connecting'));
    register('live.dashboard', function (update) {
      if (!update || !update.figures) return;
      pushes += 1;
      show(update.figures);
      $('dash-updated').textContent = t('dash.updated', { time: ctx.time(update.updated_at), event: update.event_type || t('dash.aChange') });
    }, function () {
      status(t('live'), 'live');
      // loaded once the registration is live, so no update falls in between
      var seen = pushes;
      ctx.call('GET', '/api/analytics/dashboard').then(function (r) {
        if (pushes !== seen) return;
        if (!r.ok) {
          $('dash-updated').textContent = A.problem(r);
          return;
        }
        show(r.body.data);
      });
    });
  }

  /** Draws the last figures again (the language changed). */
  function redraw() {
    if (last) show(last);
    if ($('dash-live').classList.contains('live')) $('dash-live').textContent = t('live');
  }

  global.AcademyDashboard = { start: start, show: show, redraw: redraw };
})(window);
