/**
 * The web chat widget a restaurant pastes into its site as one script tag
 * (`<script src="https://chat.example/widget.js" async></script>`), served by the intake as
 * GET /widget.js with the site's settings put in front. Plain browser JavaScript (no build, no
 * framework), kept here as text so the bundle carries it.
 *
 * What it does: a small panel (bottom right) with a pre-chat form (name, phone; each shown,
 * optional or required as configured), the thread, a typing line, "Call me back" and, when no
 * operator is available, the offline form. It reports language, browser, OS, referrer and the
 * entry page. The visitor's token lives in a cookie (a year) so the thread resumes after a
 * reload or a day later. Messages are kept until the intake acknowledged them (stored) and sent
 * again after a reconnect (with back-off: 0.5 s doubling up to 10 s, with jitter); the intake
 * stores each once by its id. Every element has a data-ringdesk attribute (tests, site CSS).
 */

/** What a site may set (intake flags / config): the form's fields and the panel's words. */
export interface WidgetSettings {
  title: string;
  /** 'off' hides the field; 'optional' shows it; 'required' asks before the first message. */
  name: 'off' | 'optional' | 'required';
  phone: 'off' | 'optional' | 'required';
  greeting: string;
}

export const defaultWidgetSettings: WidgetSettings = {
  title: 'Chat with us', name: 'optional', phone: 'optional',
  greeting: 'Write to us: an operator answers here. You can also ask us to call you back.',
};

/** The script served at /widget.js: the settings, then the widget. */
export function widgetScript(settings: WidgetSettings): string {
  // </script> inside a JSON string could end an inline copy early: escape every "<"
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `/* ringdesk web chat widget */\n(function (CONFIG) {\n${WIDGET_BODY}\n})(${json});\n`;
}

const WIDGET_BODY = String.raw`
'use strict';
if (window.__ringdeskChat) return;
var script = document.currentScript;
var base = new URL(script ? script.src : location.href);
var WS_URL = (base.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + base.host + '/chat';
var COOKIE = 'ringdesk_chat';
var state = { ws: null, token: readCookie(), lastId: 0, pending: [], shown: {}, tries: 0, timer: null, available: true, open: false,
  name: '', phone: '', formDone: false, typingSent: 0, typingTimer: null, welcomed: false };
window.__ringdeskChat = state;

function readCookie() {
  var m = document.cookie.match(/(?:^|;\s*)ringdesk_chat=([A-Za-z0-9_-]{20,100})/);
  return m ? m[1] : null;
}
function writeCookie(token) {
  document.cookie = COOKIE + '=' + token + '; max-age=31536000; path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
}
function entryPage() {
  try {
    var e = sessionStorage.getItem('ringdesk_entry');
    if (!e) { e = location.href; sessionStorage.setItem('ringdesk_entry', e); }
    return e;
  } catch (x) { return location.href; }
}
function browserAndOs() {
  var ua = navigator.userAgent, b = 'unknown', os = 'unknown', m;
  if ((m = ua.match(/Edg\/(\d+)/))) b = 'Edge ' + m[1];
  else if ((m = ua.match(/OPR\/(\d+)/))) b = 'Opera ' + m[1];
  else if ((m = ua.match(/Firefox\/(\d+)/))) b = 'Firefox ' + m[1];
  else if ((m = ua.match(/(?:Chrome|Chromium|HeadlessChrome)\/(\d+)/))) b = 'Chrome ' + m[1];
  else if ((m = ua.match(/Version\/(\d+).*Safari/))) b = 'Safari ' + m[1];
  if (/Android/.test(ua)) os = 'Android'; else if (/iPhone|iPad|iPod/.test(ua)) os = 'iOS';
  else if (/Windows/.test(ua)) os = 'Windows'; else if (/Mac OS X/.test(ua)) os = 'macOS'; else if (/Linux|X11/.test(ua)) os = 'Linux';
  return { browser: b, os: os };
}
function randomId() {
  var a = new Uint8Array(12); crypto.getRandomValues(a);
  return Array.prototype.map.call(a, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
}

// ── the panel ──────────────────────────────────────────────────────────────────────────
function el(tag, attrs, text) {
  var e = document.createElement(tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text) e.textContent = text;
  return e;
}
var css = 'font:14px/1.35 system-ui,sans-serif;color:#222;';
var launcher = el('button', { 'data-ringdesk': 'launcher', type: 'button', style: css + 'position:fixed;right:16px;bottom:16px;z-index:2147483000;border:0;border-radius:24px;padding:10px 16px;background:#c0392b;color:#fff;cursor:pointer' }, CONFIG.title);
var panel = el('div', { 'data-ringdesk': 'panel', role: 'dialog', 'aria-label': CONFIG.title, style: css + 'position:fixed;right:16px;bottom:64px;z-index:2147483000;width:320px;max-width:calc(100vw - 32px);height:440px;max-height:calc(100vh - 96px);display:none;flex-direction:column;background:#fff;border:1px solid #ccc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2);overflow:hidden' });
var head = el('div', { style: 'padding:8px 12px;background:#c0392b;color:#fff;display:flex;justify-content:space-between;align-items:center' });
head.appendChild(el('span', {}, CONFIG.title));
var status = el('span', { 'data-ringdesk': 'status', style: 'font-size:12px;opacity:.85' }, 'connecting…');
head.appendChild(status);
var list = el('div', { 'data-ringdesk': 'messages', 'aria-live': 'polite', style: 'flex:1;overflow-y:auto;padding:8px 12px;background:#fafafa' });
list.appendChild(el('div', { 'data-ringdesk': 'greeting', style: 'color:#666;font-size:13px;margin-bottom:6px' }, CONFIG.greeting));
var typing = el('div', { 'data-ringdesk': 'typing', style: 'padding:0 12px;height:18px;font-size:12px;color:#888' }, '');
var form = el('form', { 'data-ringdesk': 'prechat', style: 'padding:8px 12px;display:none;flex-direction:column;gap:6px;border-top:1px solid #eee' });
var nameIn = el('input', { 'data-ringdesk': 'name', name: 'name', placeholder: 'Your name' + (CONFIG.name === 'required' ? '' : ' (optional)'), autocomplete: 'name', maxlength: '200' });
var phoneIn = el('input', { 'data-ringdesk': 'phone', name: 'phone', type: 'tel', placeholder: 'Phone' + (CONFIG.phone === 'required' ? '' : ' (optional)'), autocomplete: 'tel', maxlength: '40' });
if (CONFIG.name !== 'off') form.appendChild(nameIn);
if (CONFIG.phone !== 'off') form.appendChild(phoneIn);
form.appendChild(el('button', { 'data-ringdesk': 'start', type: 'submit' }, 'Start chat'));
var compose = el('form', { 'data-ringdesk': 'compose', style: 'display:flex;gap:6px;padding:8px 12px;border-top:1px solid #eee' });
var input = el('textarea', { 'data-ringdesk': 'input', rows: '2', placeholder: 'Write a message…', maxlength: '4096', style: 'flex:1;resize:none' });
compose.appendChild(input);
compose.appendChild(el('button', { 'data-ringdesk': 'send', type: 'submit' }, 'Send'));
var tools = el('div', { style: 'padding:0 12px 8px;display:flex;gap:8px' });
var callBtn = el('button', { 'data-ringdesk': 'callback', type: 'button' }, 'Call me back');
tools.appendChild(callBtn);
var callForm = el('form', { 'data-ringdesk': 'callback-form', style: 'display:none;padding:8px 12px;flex-direction:column;gap:6px;border-top:1px solid #eee' });
var callPhone = el('input', { 'data-ringdesk': 'callback-phone', type: 'tel', placeholder: 'Your phone', required: 'required', maxlength: '40' });
var callNote = el('input', { 'data-ringdesk': 'callback-note', placeholder: 'What about? (optional)', maxlength: '2000' });
callForm.appendChild(callPhone); callForm.appendChild(callNote);
callForm.appendChild(el('button', { 'data-ringdesk': 'callback-send', type: 'submit' }, 'Call me'));
var offline = el('form', { 'data-ringdesk': 'offline', style: 'display:none;padding:8px 12px;flex-direction:column;gap:6px;border-top:1px solid #eee' });
offline.appendChild(el('div', { style: 'font-size:13px;color:#666' }, 'Nobody is available right now. Leave a message and we will get back to you.'));
var offName = el('input', { 'data-ringdesk': 'offline-name', placeholder: 'Your name', maxlength: '200' });
var offPhone = el('input', { 'data-ringdesk': 'offline-phone', type: 'tel', placeholder: 'Phone or e-mail', maxlength: '200' });
var offText = el('textarea', { 'data-ringdesk': 'offline-text', rows: '3', placeholder: 'Your message', required: 'required', maxlength: '4096' });
offline.appendChild(offName); offline.appendChild(offPhone); offline.appendChild(offText);
offline.appendChild(el('button', { 'data-ringdesk': 'offline-send', type: 'submit' }, 'Leave a message'));
var notice = el('div', { 'data-ringdesk': 'notice', style: 'padding:0 12px;font-size:12px;color:#2c7a2c;min-height:16px' }, '');
[head, list, typing, form, compose, tools, callForm, offline, notice].forEach(function (x) { panel.appendChild(x); });

function mount() {
  document.body.appendChild(launcher);
  document.body.appendChild(panel);
}
if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);

function needsForm() {
  return !state.formDone && (CONFIG.name === 'required' || CONFIG.phone === 'required' || ((CONFIG.name !== 'off' || CONFIG.phone !== 'off') && state.lastId === 0));
}
function layout() {
  panel.style.display = state.open ? 'flex' : 'none';
  var form1 = needsForm();
  form.style.display = form1 && state.available ? 'flex' : 'none';
  compose.style.display = !form1 && state.available ? 'flex' : 'none';
  offline.style.display = state.available ? 'none' : 'flex';
}
launcher.addEventListener('click', function () { state.open = !state.open; layout(); if (state.open) input.focus(); });

function row(m) {
  var mine = m.direction === 'in';
  var r = el('div', { 'data-ringdesk': 'message', 'data-direction': m.direction, style: 'margin:4px 0;display:flex;flex-direction:column;align-items:' + (mine ? 'flex-end' : 'flex-start') });
  var bubble = el('div', { 'data-ringdesk': 'text', style: 'white-space:pre-wrap;word-wrap:break-word;max-width:85%;padding:6px 10px;border-radius:12px;background:' + (mine ? '#c0392b;color:#fff' : '#e8e8e8') }, m.text);
  r.appendChild(bubble);
  var meta = el('div', { 'data-ringdesk': 'meta', style: 'font-size:11px;color:#999' }, (m.author && !mine ? m.author + ' · ' : '') + new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  r.appendChild(meta);
  return r;
}
function show(m) {
  if (m.id && state.shown[m.id]) return;
  if (m.clientId && state.shown['c' + m.clientId]) {
    var had = state.shown['c' + m.clientId];
    had.setAttribute('data-id', String(m.id)); had.removeAttribute('data-pending');
    if (m.id) state.shown[m.id] = had;
    return;
  }
  var r = row(m);
  if (m.id) { r.setAttribute('data-id', String(m.id)); state.shown[m.id] = r; }
  else { r.setAttribute('data-pending', 'true'); state.shown['c' + m.clientId] = r; }
  list.appendChild(r);
  list.scrollTop = list.scrollHeight;
  if (m.id && m.id > state.lastId) state.lastId = m.id;
}

// ── the connection ─────────────────────────────────────────────────────────────────────
function send(frame) {
  if (state.ws && state.ws.readyState === 1) { state.ws.send(JSON.stringify(frame)); return true; }
  return false;
}
function visitor() {
  var bo = browserAndOs();
  return { name: state.name || undefined, phone: state.phone || undefined, language: navigator.language || undefined,
    browser: bo.browser, os: bo.os, referrer: document.referrer || undefined, entryPage: entryPage() };
}
function connect() {
  clearTimeout(state.timer);
  status.textContent = state.tries ? 'reconnecting…' : 'connecting…';
  var ws;
  try { ws = new WebSocket(WS_URL); } catch (x) { return retry(); }
  state.ws = ws;
  ws.onopen = function () { ws.send(JSON.stringify({ t: 'hello', token: state.token, after: state.lastId, visitor: visitor() })); };
  ws.onmessage = function (ev) {
    var f; try { f = JSON.parse(ev.data); } catch (x) { return; }
    if (f.t === 'welcome') {
      state.tries = 0; state.welcomed = true;
      if (f.token && f.token !== state.token) { state.token = f.token; writeCookie(f.token); }
      if (f.conversation) state.formDone = true;
      state.available = !!f.available;
      status.textContent = f.available ? 'online' : 'offline';
      (f.history || []).forEach(show);
      seen(f.history || []);
      // what was not acknowledged before the drop goes again; the intake stores each once
      state.pending.forEach(function (p) { send({ t: 'msg', id: p.id, text: p.text }); });
      layout();
    } else if (f.t === 'ack') {
      state.pending = state.pending.filter(function (p) { return p.id !== f.id; });
      show({ id: f.messageId, clientId: f.id, direction: 'in', text: '', at: Date.now() });
    } else if (f.t === 'msg') {
      show(f.m); seen([f.m]);
      if (f.m.direction === 'out') typing.textContent = '';
    } else if (f.t === 'typing') {
      typing.textContent = f.on ? (f.who ? f.who + ' is typing…' : 'typing…') : '';
      clearTimeout(state.typingTimer);
      if (f.on) state.typingTimer = setTimeout(function () { typing.textContent = ''; }, 6000);
    } else if (f.t === 'available') {
      state.available = !!f.available; status.textContent = f.available ? 'online' : 'offline'; layout();
    } else if (f.t === 'callback') {
      notice.textContent = f.ok ? 'Thank you: we will call you back.' : ('Sorry: ' + f.error);
      if (f.ok) callForm.style.display = 'none';
    } else if (f.t === 'offline') {
      notice.textContent = f.ok ? 'Thank you: your message was left for us.' : ('Sorry: ' + f.error);
      if (f.ok) offText.value = '';
    } else if (f.t === 'slow') {
      // over the intake's limit: nothing was stored; what waits goes again when the minute allows
      notice.textContent = f.error;
      clearTimeout(state.slowTimer);
      state.slowTimer = setTimeout(function () {
        notice.textContent = '';
        state.pending.forEach(function (p) { send({ t: 'msg', id: p.id, text: p.text }); });
      }, Math.min(60000, Math.max(1000, f.retryInMs || 5000)));
    } else if (f.t === 'error') {
      notice.textContent = f.error;
    }
  };
  ws.onclose = function (ev) {
    if (state.ws !== ws) return;
    state.ws = null;
    // 4003: this page's site may not use the chat (config widgetOrigins): trying again changes nothing
    if (ev && ev.code === 4003) { status.textContent = 'not available on this page'; notice.textContent = 'Sorry: the chat is not available on this page.'; return; }
    if (ev && ev.code === 4029) notice.textContent = 'Many visitors at once: please wait a moment, we reconnect by ourselves.';
    retry();
  };
  ws.onerror = function () { try { ws.close(); } catch (x) { /* closing anyway */ } };
}
function retry() {
  state.tries++;
  status.textContent = 'reconnecting…';
  var wait = Math.min(10000, 500 * Math.pow(2, state.tries - 1));
  state.timer = setTimeout(connect, wait / 2 + Math.random() * wait / 2);
}
function seen(ms) {
  var ids = ms.filter(function (m) { return m.direction === 'out' && m.delivery !== 'delivered' && m.delivery !== 'read'; }).map(function (m) { return m.id; });
  if (ids.length) send({ t: 'seen', ids: ids });
}

form.addEventListener('submit', function (e) {
  e.preventDefault();
  var n = nameIn.value.trim(), p = phoneIn.value.trim();
  if (CONFIG.name === 'required' && !n) { notice.textContent = 'Please give your name.'; return; }
  if (CONFIG.phone === 'required' && !p) { notice.textContent = 'Please give your phone.'; return; }
  state.name = n; state.phone = p; state.formDone = true; notice.textContent = '';
  send({ t: 'visitor', visitor: visitor() });
  layout(); input.focus();
});
compose.addEventListener('submit', function (e) {
  e.preventDefault();
  var text = input.value.trim();
  if (!text) return;
  var p = { id: randomId(), text: text };
  state.pending.push(p);
  show({ clientId: p.id, direction: 'in', text: text, at: Date.now() });
  send({ t: 'msg', id: p.id, text: text });
  input.value = '';
});
input.addEventListener('keydown', function (e) {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); compose.requestSubmit ? compose.requestSubmit() : compose.dispatchEvent(new Event('submit')); return; }
  var now = Date.now();
  if (now - state.typingSent > 2500) { state.typingSent = now; send({ t: 'typing' }); }
});
callBtn.addEventListener('click', function () { callForm.style.display = callForm.style.display === 'flex' ? 'none' : 'flex'; if (state.phone && !callPhone.value) callPhone.value = state.phone; });
callForm.addEventListener('submit', function (e) {
  e.preventDefault();
  if (!send({ t: 'callback', id: randomId(), phone: callPhone.value, name: state.name || nameIn.value || undefined, note: callNote.value || undefined })) notice.textContent = 'Not connected; try again in a moment.';
});
offline.addEventListener('submit', function (e) {
  e.preventDefault();
  if (!send({ t: 'offline', id: randomId(), name: offName.value || undefined, contact: offPhone.value || undefined, text: offText.value })) notice.textContent = 'Not connected; try again in a moment.';
});
document.addEventListener('visibilitychange', function () { if (!document.hidden && !state.ws) connect(); });
connect();
`;
