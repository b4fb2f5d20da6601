/*
 * Calendar subscription (issue 20), on the calendar screen, for every signed-in user: POST /api/schedules/calendar/feed
 * answers the caller's secret feed URL ({url}, polled by calendar apps without a bearer); asking again makes a new URL
 * and the previous one stops working. Short instructions for Google Calendar, Outlook and Apple Calendar.
 */
import { t } from './staff-i18n.js';
import { $, say, problem } from './staff-ui.js';

/** Wires the panel's button once; context is the console's (call). */
export function wireFeed(context) {
  $('feed-get').addEventListener('click', async () => {
    $('feed-get').disabled = true;
    const r = await context.call('POST', '/api/schedules/calendar/feed');
    $('feed-get').disabled = false;
    if (!r.ok) return say('feed-result', problem(r), 'error');
    $('feed-url').value = r.body.data.url;
    $('feed-shown').hidden = false;
    // the next click rotates: say so on the button (data-i18n keeps it right after a language switch)
    $('feed-get').dataset.i18n = 'feed.rotate';
    $('feed-get').textContent = t('feed.rotate');
    say('feed-result', t('feed.made'), 'ok');
    $('feed-url').focus();
    $('feed-url').select();
  });
}
