/* The public page's set-password form (issue 16). A student's invitation email links to
   <public_url>/#set-password?token=… — a fragment, never sent to a server; the token is kept in memory and taken out of
   the address bar at once (history, bookmarks, a screen share). */
(function () {
  'use strict';
  var A = window.Academy;
  var $ = function (id) { return document.getElementById(id); };
  var token = null;

  function fromLink() {
    if (location.hash.indexOf('#set-password?') !== 0) return;
    token = new URLSearchParams(location.hash.substring('#set-password?'.length)).get('token');
    history.replaceState(null, '', location.pathname + location.search);
    if (!token) return;
    $('set-password').hidden = false;
    $('set-password-form').hidden = false;
    $('set-password-result').textContent = '';
    $('new-password').focus();
  }

  $('set-password-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var result = $('set-password-result');
    result.className = 'status';
    result.textContent = '';
    A.api('POST', '/api/auth/set-password', null, { token: token, password: $('new-password').value }).then(function (r) {
      if (!r.ok) {
        result.className = 'status error';
        result.textContent = A.problem(r);
        return;
      }
      token = null;
      $('new-password').value = '';
      $('set-password-form').hidden = true;
      result.className = 'status ok';
      result.textContent = 'Your password is set: sign in to the Academy with your email address and this password to see your courses and classes.';
    });
  });

  fromLink();
  window.addEventListener('hashchange', fromLink);
})();
