// profilekit demo: the agent's My profile page. Plain JavaScript, no build
// step, no inline script (the server's CSP forbids it). User text is only
// ever set with textContent or value, never parsed as HTML.

const $ = (id) => document.getElementById(id);
const LANGS = ['en', 'de', 'es', 'ar'];
// RTL are the page's languages written right to left.
const RTL = ['ar'];

const state = {
  session: null,
  profile: null,
  base: null,
  status: null,
  catalogue: null,
  prefs: null,
  languages: [],
  lang: 'en',
  dict: {},
  en: {},
  events: null,
  generalDirty: false,
  notifyDirty: false,
  photoFile: null,
  photoPreviewURL: '',
  // The page's own writes of the profile: how many are under way, the
  // versions they stored, and the profile events held until they end. An
  // event of a version the page wrote itself is no change from elsewhere.
  writes: 0,
  ownVersions: new Set(),
  heldEvents: [],
  // The same for the page's own password changes: changes under way,
  // "password" events held meanwhile, and own events still to come.
  passwordWrites: 0,
  passwordHeld: 0,
  passwordOwn: 0,
};

// ---------- translations ----------

async function loadDict(lang) {
  const r = await fetch(`/i18n/${lang}.json`, { credentials: 'same-origin' });
  if (!r.ok) return { ui: {}, errors: {} };
  return r.json();
}

function pickLang(tag) {
  const base = String(tag || '').toLowerCase().split(/[-_]/)[0];
  return LANGS.includes(base) ? base : 'en';
}

// pageLanguage asks the server which translation the page shows: the
// agent's chosen language when one serves it, else the browser's
// Accept-Language, matched as the SDK matches languages.
async function pageLanguage(chosen) {
  const q = chosen ? `?chosen=${encodeURIComponent(chosen)}` : '';
  const res = await api('GET', `/api/page-language${q}`);
  return res.ok ? res.data.language : (chosen || navigator.language);
}

// useLanguage shows the page in the translation that best serves the
// agent's chosen language, or the browser's.
async function useLanguage(chosen) {
  await setLanguage(await pageLanguage(chosen));
}

async function setLanguage(tag) {
  const lang = pickLang(tag);
  if (!state.en.ui) state.en = await loadDict('en');
  state.dict = lang === 'en' ? state.en : await loadDict(lang);
  state.lang = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.includes(lang) ? 'rtl' : 'ltr';
  applyI18n(document);
}

// t translates a UI key, filling {name} placeholders from vars.
function t(key, vars) {
  let s = (state.dict.ui && state.dict.ui[key]) ?? (state.en.ui && state.en.ui[key]) ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// errText is the message of an error code in the agent's language with
// the field error's params filled in ("mindestens {min} Zeichen" becomes
// "mindestens 15 Zeichen"), then the server's own (English) text, then the
// catalogue's English.
function errText(code, fallback, params) {
  // The server's English text is as precise as a filled-in template
  // ("must have at least 15 characters"): English agents get it as sent.
  if (state.lang === 'en' && fallback) return fallback;
  for (const dict of [state.dict, fallback ? null : state.en]) {
    const tmpl = dict && dict.errors && dict.errors[code];
    if (tmpl === undefined) continue;
    const text = fillParams(tmpl, params, code);
    // A placeholder the answer gave no value for would show as "{min}":
    // the server's English, which states the number, reads better.
    if (!/\{[a-z_]+\}/.test(text)) return text;
  }
  return fallback ?? code;
}

// SIZE_PARAMS are the params that are file sizes, per code: they read
// "5 MB" rather than a number of bytes.
const SIZE_PARAMS = { 'photo.too_large': ['max_bytes'] };

// fillParams puts each param into its {name} placeholder, numbers written
// the agent's way (5.242.880 in German), sizes in the unit that suits them.
function fillParams(tmpl, params, code) {
  let s = tmpl;
  const sizes = SIZE_PARAMS[code] || [];
  for (const [k, v] of Object.entries(params || {})) {
    let text = String(v);
    if (typeof v === 'number') text = sizes.includes(k) ? sizeText(v) : v.toLocaleString(state.lang);
    s = s.split(`{${k}}`).join(text);
  }
  return s;
}

// sizeText writes a number of bytes as a file size in the page's language,
// as the server's English does: 5242880 is "5 MB".
function sizeText(n) {
  if (n < 1024) return new Intl.NumberFormat(state.lang, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(n);
  const units = ['kilobyte', 'megabyte', 'gigabyte'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return new Intl.NumberFormat(state.lang, { style: 'unit', unit: units[i], maximumFractionDigits: 1 }).format(Math.floor(v * 10) / 10);
}

function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const fs of root.querySelectorAll('fieldset.kind')) syncKind(fs); // numbers the new language's way
  if (state.catalogue) renderPermission();
  if (state.profile) renderPasswordHint();
  if (state.session) renderStatus();
}

// ---------- API ----------

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, data: { code: 'server.unavailable', message: 'the server cannot be reached' } };
  }
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch { data = null; }
  }
  if (r.status === 401 && state.session && path !== '/api/session') {
    signedOut('ended');
  }
  return { ok: r.ok, status: r.status, data };
}

// writeProfile sends one of the page's own writes of the profile and
// remembers the version it stored, so that its event, which may arrive
// before the answer, is not taken for a change made elsewhere.
async function writeProfile(method, path, body) {
  state.writes++;
  try {
    const res = await api(method, path, body);
    if (res.ok && res.data && typeof res.data.version === 'number') state.ownVersions.add(res.data.version);
    return res;
  } finally {
    state.writes--;
    if (state.writes === 0) {
      const held = state.heldEvents;
      state.heldEvents = [];
      for (const d of held) profileEvent(d);
    }
  }
}

// rebase moves the version the General form is based on from before to
// after, when the page's own write changed no field of the form (Settings,
// the photo): unsaved edits stay, and their save is not refused as stale.
function rebase(before, after) {
  if (state.base && state.base.version === before) state.base = { ...state.base, version: after };
}

function setStatus(el, text, bad) {
  el.textContent = text;
  el.classList.toggle('bad', !!bad);
}

function problemText(res) {
  const d = res.data || {};
  return errText(d.code, d.message);
}

// showFieldErrors puts each field error beside its field in scope; errors
// without a place go to statusEl. It returns whether any were shown.
function showFieldErrors(scope, fields, statusEl) {
  clearFieldErrors(scope);
  const loose = [];
  for (const f of fields || []) {
    const el = scope.querySelector(`.error[data-field="${CSS.escape(f.field)}"]`);
    const text = errText(f.code, f.message, f.params);
    if (!el) { loose.push(text); continue; }
    el.textContent = el.textContent ? `${el.textContent} ${text}` : text;
    const input = scope.querySelector(`[aria-describedby~="${el.id}"]`);
    if (input) input.setAttribute('aria-invalid', 'true');
  }
  if (loose.length && statusEl) setStatus(statusEl, loose.join(' '), true);
  const first = scope.querySelector('[aria-invalid=true]');
  if (first) first.focus();
}

function clearFieldErrors(scope) {
  for (const el of scope.querySelectorAll('.error[data-field]')) el.textContent = '';
  for (const el of scope.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// ---------- start, sign in, sign out ----------

async function start() {
  bindStatic();
  watchPermission();
  const res = await api('GET', '/api/session');
  if (res.ok) {
    state.session = res.data;
    await enter();
  } else {
    await useLanguage();
    showSignIn();
  }
  $('loading').hidden = true;
}

// skipTo points the skip link at the main region shown.
function skipTo(id) {
  document.querySelector('.skip').setAttribute('href', `#${id}`);
}

function showSignIn() {
  skipTo('signin');
  $('app').hidden = true;
  $('signin').hidden = false;
  $('signin-username').focus();
}

async function signIn(ev) {
  ev.preventDefault();
  const res = await api('POST', '/api/session', {
    username: $('signin-username').value,
    password: $('signin-password').value,
  });
  $('signin-password').value = '';
  if (!res.ok) {
    $('signin-error').textContent = problemText(res);
    return;
  }
  $('signin-error').textContent = '';
  $('signin-notice').textContent = '';
  state.session = res.data;
  await enter();
  // The form is gone: focus goes to the content, not back to the start.
  if (state.session) $('main').focus();
}

async function enter() {
  const [p, s] = await Promise.all([api('GET', '/api/profile'), api('GET', '/api/status')]);
  if (!p.ok) { signedOut(); return; }
  state.profile = p.data;
  state.status = s.ok ? s.data : null;
  await useLanguage(state.profile.language);
  $('signin').hidden = true;
  skipTo('main');
  $('app').hidden = false;
  $('menu-admin').hidden = !state.session.admin;
  renderProfile(true);
  renderStatus();
  await Promise.all([loadLanguages(), loadNotifications()]);
  openStream();
  showView(location.hash);
  compose();
}

async function signOut() {
  closeMenu();
  await api('DELETE', '/api/session');
  signedOut();
}

// signedOut shows the sign-in form and forgets everything the page held
// of the agent: a revoked session leaves nothing of its profile behind,
// not even in hidden fields. reason (a session.Reason) says why, when the
// session ended elsewhere.
function signedOut(reason) {
  state.session = null;
  state.profile = null;
  state.base = null;
  state.status = null;
  state.prefs = null;
  state.catalogue = null;
  state.generalDirty = false;
  state.notifyDirty = false;
  state.ownVersions.clear();
  state.heldEvents = [];
  if (state.events) { state.events.close(); state.events = null; }
  document.documentElement.dataset.live = 'closed';
  closeMenu(false);
  clearPage();
  $('signin-error').textContent = '';
  $('signin-notice').textContent = reason ? t(`signedout.${reason}`) : '';
  showSignIn();
}

// clearPage empties every form, list and text of the signed-in page.
function clearPage() {
  const app = $('app');
  for (const form of app.querySelectorAll('form')) form.reset();
  for (const el of app.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea')) el.value = '';
  for (const el of app.querySelectorAll('input[type=checkbox]')) el.checked = false;
  clearFieldErrors(app);
  for (const id of ['header-name', 'ro-username', 'ro-role', 'ro-business_unit', 'compose-sender', 'compose-out',
    'intl-landline', 'intl-mobile', 'general-status', 'password-status', 'notify-status', 'settings-status',
    'demo-status', 'admin-status', 'admin-row-status', 'live-message', 'pw-hint', 'pw-match', 'busy-state']) $(id).textContent = '';
  $('busy-badge').title = '';
  $('f-busy-for').value = '0';
  for (const id of ['header-photo', 'general-photo']) $(id).removeAttribute('src');
  for (const id of ['f-landline', 'f-mobile', 'menu-button']) $(id).removeAttribute('title');
  for (const id of ['general-conflict', 'settings-conflict', 'notify-conflict', 'live-message', 'busy-badge']) $(id).hidden = true;
  $('f-language').replaceChildren();
  $('notify-kinds').replaceChildren();
  $('admin-table').querySelector('tbody').replaceChildren();
  $('a-role').value = 'agent';
  if (state.photoPreviewURL) URL.revokeObjectURL(state.photoPreviewURL);
  state.photoPreviewURL = '';
  state.photoFile = null;
  $('photo-preview').removeAttribute('src');
  $('photo-preview-box').hidden = true;
  $('photo-upload').disabled = true;
}

// ---------- header, menu, views ----------

function photoSrc(size) {
  const u = new URL(state.profile.photo_url, location.origin);
  u.searchParams.set('size', String(size));
  return u.pathname + u.search;
}

function renderHeader() {
  const p = state.profile;
  $('header-name').textContent = p.name;
  $('menu-button').title = t('header.public', { name: p.public_name });
  $('header-photo').src = photoSrc(64);
  $('general-photo').src = photoSrc(192);
  $('general-photo').alt = t('photo.current');
}

function renderStatus() {
  const st = state.status;
  const busy = st && st.status === 'busy';
  $('busy-badge').hidden = !busy;
  $('menu-busy').setAttribute('aria-checked', busy ? 'true' : 'false');
  const text = busy ? busyText(st) : t('busy.off');
  $('busy-badge').title = busy ? text : '';
  $('busy-state').textContent = st ? text : '';
}

// busyText says how long the agent is busy and why, in the page's
// language: "Busy until 14:30: In a meeting".
function busyText(st) {
  let text = t('busy.on');
  if (st.busy_until) {
    const until = new Date(st.busy_until);
    const sameDay = until.toDateString() === new Date().toDateString();
    const when = sameDay
      ? until.toLocaleTimeString(state.lang, { hour: '2-digit', minute: '2-digit' })
      : until.toLocaleString(state.lang, { dateStyle: 'medium', timeStyle: 'short' });
    text = t('busy.until', { time: when });
  }
  return st.busy_reason ? t('busy.with_reason', { state: text, reason: st.busy_reason }) : text;
}

// setBusy sets Busy with the reason and the duration chosen in Settings,
// or clears it.
async function setBusy(on) {
  const group = $('busy-group');
  clearFieldErrors(group);
  const body = on ? { busy: true, reason: $('f-busy-reason').value, for_seconds: Number($('f-busy-for').value) } : { busy: false };
  const res = await api('PUT', '/api/status/busy', body);
  if (res.ok) {
    state.status = res.data;
    renderStatus();
    if (!on) $('f-busy-reason').value = '';
    return;
  }
  if (res.status === 422) { showFieldErrors(group, res.data.fields, $('busy-state')); return; }
  setStatus($('busy-state'), problemText(res), true);
}

function menuItems() {
  return [...$('user-menu').querySelectorAll('button')].filter((b) => !b.hidden);
}

function openMenu() {
  $('user-menu').hidden = false;
  $('menu-button').setAttribute('aria-expanded', 'true');
  menuItems()[0].focus();
}

function closeMenu(focusButton) {
  if ($('user-menu').hidden) return;
  $('user-menu').hidden = true;
  $('menu-button').setAttribute('aria-expanded', 'false');
  if (focusButton) $('menu-button').focus();
}

function menuKeys(ev) {
  const items = menuItems();
  const i = items.indexOf(document.activeElement);
  if (ev.key === 'Escape') { closeMenu(true); ev.preventDefault(); }
  else if (ev.key === 'ArrowDown') { items[(i + 1) % items.length].focus(); ev.preventDefault(); }
  else if (ev.key === 'ArrowUp') { items[(i - 1 + items.length) % items.length].focus(); ev.preventDefault(); }
  else if (ev.key === 'Home') { items[0].focus(); ev.preventDefault(); }
  else if (ev.key === 'End') { items[items.length - 1].focus(); ev.preventDefault(); }
  else if (ev.key === 'Tab') closeMenu(false);
}

async function toggleBusy() {
  const res = await api('POST', '/api/status/busy/toggle');
  if (res.ok) { state.status = res.data; renderStatus(); }
  else showLive(problemText(res));
}

const TABS = ['general', 'password', 'notifications', 'settings'];

function showView(hash) {
  const name = String(hash || '').replace('#', '');
  const admin = name === 'admin' && state.session && state.session.admin;
  $('profile-view').hidden = admin;
  $('admin-view').hidden = !admin;
  if (admin) { loadAgents(); return; }
  selectTab(TABS.includes(name) ? name : 'general', false);
}

function selectTab(name, focus) {
  for (const tab of TABS) {
    const on = tab === name;
    const b = $(`tab-${tab}`);
    b.setAttribute('aria-selected', on ? 'true' : 'false');
    b.tabIndex = on ? 0 : -1;
    $(`panel-${tab}`).hidden = !on;
    if (on && focus) b.focus();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

function tabKeys(ev) {
  const i = TABS.findIndex((n) => $(`tab-${n}`) === document.activeElement);
  if (i < 0) return;
  let j = -1;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  if (ev.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) j = (i + 1) % TABS.length;
  else if (ev.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) j = (i - 1 + TABS.length) % TABS.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = TABS.length - 1;
  if (j >= 0) { selectTab(TABS[j], true); ev.preventDefault(); }
}

let liveTimer = 0;
function showLive(text) {
  const el = $('live-message');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => { el.hidden = true; }, 8000);
}

// ---------- General ----------

function renderProfile(force) {
  const p = state.profile;
  renderHeader();
  $('ro-username').textContent = p.username;
  $('ro-role').textContent = p.role;
  $('ro-business_unit').textContent = p.business_unit || '—';
  $('pw-username').value = p.username;
  $('compose-sender').textContent = p.public_name;
  $('f-capitalize').checked = !!p.settings.capitalize_first_letter;
  if (!force && state.generalDirty) {
    // Edits in progress stay. A change elsewhere to none of the form's
    // fields (Settings, the photo, the role) is no conflict: the form now
    // builds on it.
    if (state.base && sameFields(generalFields(state.base), generalFields(p))) state.base = { ...state.base, version: p.version };
    else $('general-conflict').hidden = false;
    return;
  }
  state.base = p; // the version the form shows, which a save is based on
  $('f-name').value = p.name;
  $('f-public_name').value = p.public_name;
  for (const kind of ['landline', 'mobile']) {
    const ph = p[kind];
    const input = $(`f-${kind}`);
    input.value = ph ? ph.national : '';
    input.title = ph ? ph.international : '';
    $(`intl-${kind}`).textContent = ph ? t('phone.international', { number: ph.international }) : '';
  }
  renderLanguages();
  state.generalDirty = false;
  $('general-conflict').hidden = true;
}

async function loadLanguages() {
  // Named and sorted in the page's language, which may differ from the
  // agent's (a language the page has no translation for).
  const res = await api('GET', `/api/languages?ui=${encodeURIComponent(state.lang)}`);
  state.languages = res.ok ? res.data : [];
  renderLanguages();
}

function fold(s) {
  return String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function renderLanguages() {
  const sel = $('f-language');
  const current = state.generalDirty ? sel.value : (state.profile ? state.profile.language : '');
  const q = fold($('f-language-search').value.trim());
  sel.replaceChildren();
  const none = new Option(t('language.none'), '');
  sel.add(none);
  let found = false;
  for (const l of state.languages) {
    const label = l.name === l.self_name ? l.name : `${l.name} — ${l.self_name}`;
    const match = !q || fold(label).includes(q) || fold(l.tag).includes(q);
    const isCurrent = sameTag(l.tag, current);
    if (!match && !isCurrent) continue;
    const o = new Option(label, l.tag);
    o.lang = l.tag;
    if (isCurrent) { o.selected = true; found = true; }
    sel.add(o);
  }
  if (current && !found) {
    // A tag the list does not offer as such (en-GB where it offers en):
    // the browser names it in the agent's language.
    let label = current;
    try { label = new Intl.DisplayNames([state.lang], { type: 'language' }).of(current) || current; } catch { /* not a tag Intl knows */ }
    const o = new Option(label, current);
    o.selected = true;
    sel.add(o);
  }
  if (!current) none.selected = true;
}

// generalFields are the values of p the General form edits, as it shows
// them.
function generalFields(p) {
  return {
    name: p.name, public_name: p.public_name, language: p.language,
    landline: p.landline ? p.landline.national : '', mobile: p.mobile ? p.mobile.national : '',
  };
}

function sameFields(a, b) {
  return Object.keys(a).every((k) => a[k] === b[k]);
}

function sameTag(a, b) {
  return String(a).toLowerCase() === String(b).toLowerCase();
}

async function saveGeneral(ev) {
  ev.preventDefault();
  const form = $('general-form');
  const p = state.base || state.profile;
  const patch = { version: p.version };
  const now = {
    name: $('f-name').value,
    public_name: $('f-public_name').value,
    language: $('f-language').value,
    landline: $('f-landline').value.trim(),
    mobile: $('f-mobile').value.trim(),
  };
  const was = generalFields(p);
  let changed = false;
  for (const k of Object.keys(now)) {
    if (now[k] !== was[k]) { patch[k] = now[k]; changed = true; }
  }
  clearFieldErrors(form);
  setStatus($('general-status'), '');
  if (!changed) { setStatus($('general-status'), t('saved.nothing')); return; }
  const res = await writeProfile('PATCH', '/api/profile', patch);
  if (res.ok) {
    const langChanged = !sameTag(res.data.language, p.language);
    state.profile = res.data;
    state.generalDirty = false;
    if (langChanged) { await useLanguage(res.data.language); await loadLanguages(); }
    renderProfile(true);
    setStatus($('general-status'), t('saved.general'));
    return;
  }
  if (res.status === 409) { $('general-conflict').hidden = false; return; }
  if (res.status === 422) { showFieldErrors(form, res.data.fields, $('general-status')); return; }
  setStatus($('general-status'), problemText(res), true);
}

async function reloadProfile() {
  const res = await api('GET', '/api/profile');
  if (!res.ok) return;
  const langChanged = !state.profile || !sameTag(res.data.language, state.profile.language);
  state.profile = res.data;
  state.generalDirty = false;
  if (langChanged) { await useLanguage(res.data.language); await loadLanguages(); }
  clearFieldErrors($('general-form'));
  renderProfile(true);
  $('settings-conflict').hidden = true;
  compose();
}

// ---------- photo ----------

function choosePhoto() {
  const f = $('photo-file').files[0];
  if (state.photoPreviewURL) URL.revokeObjectURL(state.photoPreviewURL);
  state.photoPreviewURL = '';
  state.photoFile = f || null;
  $('err-photo').textContent = '';
  $('photo-upload').disabled = !f;
  $('photo-preview-box').hidden = !f;
  if (f) {
    state.photoPreviewURL = URL.createObjectURL(f);
    $('photo-preview').src = state.photoPreviewURL;
    $('photo-preview').alt = t('photo.preview_alt');
  }
}

async function uploadPhoto() {
  if (!state.photoFile) return;
  const fd = new FormData();
  fd.append('version', String(state.profile.version)); // before the file: the server streams it
  fd.append('photo', state.photoFile);
  $('photo-upload').disabled = true;
  const before = state.profile.version;
  const res = await writeProfile('POST', '/api/profile/photo', fd);
  photoResult(res, t('photo.saved'), before);
}

async function removePhoto() {
  const before = state.profile.version;
  const res = await writeProfile('DELETE', `/api/profile/photo?version=${before}`);
  photoResult(res, t('photo.removed'), before);
}

function photoResult(res, okText, before) {
  const err = $('err-photo');
  if (res.ok) {
    state.profile = res.data;
    rebase(before, res.data.version);
    renderProfile(false);
    $('photo-file').value = '';
    choosePhoto();
    setStatus($('general-status'), okText);
    return;
  }
  $('photo-upload').disabled = !state.photoFile;
  if (res.status === 409) { $('general-conflict').hidden = false; return; }
  if (res.status === 422 && res.data.fields) {
    err.textContent = res.data.fields.map((f) => errText(f.code, f.message, f.params)).join(' ');
    return;
  }
  err.textContent = problemText(res);
}

// ---------- Change password ----------

const PW_MIN = 15;
const PW_MAX = 128;

// renderPasswordHint counts characters in the browser; nothing is sent
// until the form is submitted.
function renderPasswordHint() {
  const n = [...$('f-new_password').value].length;
  const r = [...$('f-repeat_password').value];
  let hint;
  if (n === 0) hint = t('password.hint_empty', { min: PW_MIN, max: PW_MAX });
  else if (n < PW_MIN) hint = t('password.hint_short', { n, more: PW_MIN - n });
  else if (n > PW_MAX) hint = t('password.hint_long', { n, max: PW_MAX });
  else hint = t('password.hint_ok', { n });
  $('pw-hint').textContent = hint;
  $('pw-match').textContent = r.length === 0 ? '' : ($('f-repeat_password').value === $('f-new_password').value ? t('password.match') : t('password.nomatch'));
}

async function changePassword(ev) {
  ev.preventDefault();
  const form = $('password-form');
  clearFieldErrors(form);
  setStatus($('password-status'), '');
  state.passwordWrites++;
  const res = await api('POST', '/api/password', {
    current_password: $('f-current_password').value,
    new_password: $('f-new_password').value,
    repeat_password: $('f-repeat_password').value,
  });
  state.passwordWrites--;
  if (state.passwordWrites === 0) {
    // The change's own event, before or after the answer, is no news:
    // the form says it.
    let held = state.passwordHeld;
    state.passwordHeld = 0;
    if (res.ok) { if (held > 0) held--; else state.passwordOwn++; }
    if (held > 0) showLive(t('live.password'));
  }
  if (res.ok) {
    for (const id of ['f-current_password', 'f-new_password', 'f-repeat_password']) $(id).value = '';
    renderPasswordHint();
    setStatus($('password-status'), t('saved.password'));
    return;
  }
  // Every field's problems come at once: a wrong or empty current password
  // beside those of the new one.
  if (res.status === 422) { showFieldErrors(form, res.data.fields, $('password-status')); return; }
  let text = problemText(res);
  if (res.data && res.data.retry_after_seconds) text += ` ${t('retry_after', { s: res.data.retry_after_seconds })}`;
  setStatus($('password-status'), text, true);
}

// ---------- Notifications ----------

async function loadNotifications() {
  const [c, p] = await Promise.all([api('GET', '/api/notifications/catalogue'), api('GET', '/api/notifications/preferences')]);
  if (!c.ok || !p.ok) {
    $('tab-notifications').hidden = true;
    return;
  }
  state.catalogue = c.data;
  state.prefs = p.data;
  buildKinds();
  renderPrefs();
  renderPermission();
}

function buildKinds() {
  const box = $('notify-kinds');
  box.replaceChildren();
  for (const k of state.catalogue.kinds) {
    const frag = $('kind-template').content.cloneNode(true);
    const fs = frag.querySelector('fieldset');
    fs.dataset.kind = k.kind;
    fs.querySelector('legend').dataset.i18n = `kind.${k.kind}`;
    for (const el of fs.querySelectorAll('[data-k]')) {
      const id = `n-${k.kind}-${el.dataset.k}`;
      el.id = id;
      const label = el.parentElement.querySelector('label');
      if (label && !el.matches('button, output, p')) label.htmlFor = id;
    }
    const sel = fs.querySelector('[data-k=sound]');
    for (const s of state.catalogue.sounds) {
      const o = new Option(s, s);
      o.dataset.i18n = `sound.${s}`;
      sel.add(o);
    }
    fs.querySelector('[data-k=volume-out]').htmlFor = `n-${k.kind}-volume`;
    fs.querySelector('[data-k=preview]').setAttribute('aria-describedby', `n-${k.kind}-sound`);
    fs.querySelector('[data-k=browser]').setAttribute('aria-describedby', `n-${k.kind}-perm-hint`);
    box.append(fs);
  }
  applyI18n(box);
  for (const fs of box.querySelectorAll('fieldset')) {
    const k = state.catalogue.kinds.find((x) => x.kind === fs.dataset.kind);
    if (fs.querySelector('legend').textContent === `kind.${k.kind}`) fs.querySelector('legend').textContent = k.label;
  }
}

function renderPrefs() {
  const box = $('notify-kinds');
  for (const fs of box.querySelectorAll('fieldset')) {
    const a = state.prefs.alerts[fs.dataset.kind];
    if (!a) continue;
    fs.querySelector('[data-k=sound_on]').checked = a.sound_on;
    fs.querySelector('[data-k=sound]').value = a.sound;
    fs.querySelector('[data-k=volume]').value = String(a.volume);
    fs.querySelector('[data-k=volume-out]').textContent = percent(a.volume);
    fs.querySelector('[data-k=browser]').checked = a.browser;
    fs.querySelector('[data-k=only_when_unfocused]').checked = a.only_when_unfocused;
    syncKind(fs);
  }
  $('f-quiet').checked = state.prefs.quiet_while_busy;
  if (state.catalogue) renderPermission();
  state.notifyDirty = false;
  $('notify-conflict').hidden = true;
}

// syncKind disables the controls that have no effect.
function syncKind(fs) {
  const on = fs.querySelector('[data-k=sound_on]').checked;
  for (const k of ['sound', 'volume', 'preview']) fs.querySelector(`[data-k=${k}]`).disabled = !on;
  fs.querySelector('[data-k=only_when_unfocused]').disabled = !fs.querySelector('[data-k=browser]').checked;
  fs.querySelector('[data-k=volume-out]').textContent = percent(fs.querySelector('[data-k=volume]').value);
}

// percent writes a volume the agent's way: 70% in English, 70 % in Spanish.
function percent(v) {
  return new Intl.NumberFormat(state.lang, { style: 'percent' }).format(Number(v) / 100);
}

function permissionState() {
  if (!('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

function renderPermission() {
  const st = permissionState();
  $('perm-state').textContent = t(`perm.${st}`);
  $('perm-request').hidden = st !== 'default';
  // Beside each kind whose browser notification is on: why none will
  // appear, unless the browser allows them.
  for (const fs of $('notify-kinds').querySelectorAll('fieldset')) {
    const hint = fs.querySelector('[data-k=perm-hint]');
    const on = fs.querySelector('[data-k=browser]').checked;
    hint.hidden = !on || st === 'granted';
    hint.textContent = hint.hidden ? '' : t(`perm.hint_${st}`);
  }
}

// browserToggled asks for the browser's permission when a browser
// notification is switched on and the browser has not been asked yet.
function browserToggled(e) {
  if (!e.target.matches('[data-k=browser]')) return;
  if (e.target.checked && permissionState() === 'default') requestPermission();
  else renderPermission();
}

// watchPermission follows the permission as the agent changes it in the
// browser's site settings while the page is open.
function watchPermission() {
  if (!('Notification' in window) || !navigator.permissions) return;
  navigator.permissions.query({ name: 'notifications' })
    .then((st) => st.addEventListener('change', renderPermission), () => { /* not a permission this browser reports */ });
}

async function requestPermission() {
  if (!('Notification' in window)) return;
  try { await Notification.requestPermission(); } catch { /* older API shapes */ }
  renderPermission();
}

async function savePrefs(ev) {
  ev.preventDefault();
  const alerts = {};
  for (const fs of $('notify-kinds').querySelectorAll('fieldset')) {
    alerts[fs.dataset.kind] = {
      sound_on: fs.querySelector('[data-k=sound_on]').checked,
      sound: fs.querySelector('[data-k=sound]').value,
      volume: Number(fs.querySelector('[data-k=volume]').value),
      browser: fs.querySelector('[data-k=browser]').checked,
      only_when_unfocused: fs.querySelector('[data-k=only_when_unfocused]').checked,
    };
  }
  setStatus($('notify-status'), '');
  const res = await api('PUT', '/api/notifications/preferences', {
    version: state.prefs.version, alerts, quiet_while_busy: $('f-quiet').checked,
  });
  if (res.ok) {
    state.prefs = res.data;
    renderPrefs();
    setStatus($('notify-status'), t('saved.notifications'));
    return;
  }
  if (res.status === 409) { $('notify-conflict').hidden = false; return; }
  const fields = (res.data && res.data.fields) || [];
  setStatus($('notify-status'), fields.length ? fields.map((f) => `${f.field}: ${errText(f.code, f.message, f.params)}`).join(' ') : problemText(res), true);
}

async function reloadPrefs() {
  const res = await api('GET', '/api/notifications/preferences');
  if (res.ok) { state.prefs = res.data; renderPrefs(); }
}

async function demo(kind) {
  setStatus($('demo-status'), '');
  unlockAudio();
  const res = await api('POST', '/api/demo/notifications', {
    kind, sender: t('demo.sender'), text: t(kind === 'incoming_chat' ? 'demo.chat_text' : 'demo.message_text'),
  });
  if (!res.ok) { setStatus($('demo-status'), problemText(res), true); return; }
  setStatus($('demo-status'), res.data.sent ? t('demo.sent') : t('demo.not_sent'), !res.data.sent);
}

// ---------- sound (synthesised with Web Audio; no audio files) ----------

let audio = null;

function audioContext() {
  if (!audio) {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    audio = new AC();
  }
  return audio;
}

function unlockAudio() {
  const ac = audioContext();
  if (ac && ac.state !== 'running') ac.resume().then(() => { $('sound-hint').hidden = true; }, () => {});
}

// tone schedules one note: frequency f (Hz) from t0 for dur seconds.
function tone(ac, out, type, f, t0, dur, peak, fEnd) {
  const o = ac.createOscillator();
  const g = ac.createGain();
  o.type = type;
  o.frequency.setValueAtTime(f, t0);
  if (fEnd) o.frequency.exponentialRampToValueAtTime(fEnd, t0 + dur);
  g.gain.setValueAtTime(0.0001, t0);
  g.gain.exponentialRampToValueAtTime(peak, t0 + 0.01);
  g.gain.exponentialRampToValueAtTime(0.0001, t0 + dur);
  o.connect(g).connect(out);
  o.start(t0);
  o.stop(t0 + dur + 0.02);
}

const SOUNDS = {
  chime: (ac, out, t0) => { tone(ac, out, 'sine', 880, t0, 0.5, 0.6); tone(ac, out, 'sine', 1318.5, t0 + 0.15, 0.7, 0.5); },
  ding: (ac, out, t0) => { tone(ac, out, 'sine', 1046.5, t0, 0.8, 0.8); },
  bell: (ac, out, t0) => { tone(ac, out, 'sine', 659.3, t0, 1.4, 0.6); tone(ac, out, 'sine', 1318.5, t0, 1.0, 0.25); tone(ac, out, 'sine', 1977, t0, 0.6, 0.1); },
  pop: (ac, out, t0) => { tone(ac, out, 'sine', 400, t0, 0.09, 0.9, 1200); },
  ring: (ac, out, t0) => {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 8; j++) tone(ac, out, 'triangle', j % 2 ? 480 : 440, t0 + i * 0.6 + j * 0.05, 0.06, 0.5);
    }
  },
  knock: (ac, out, t0) => { tone(ac, out, 'square', 140, t0, 0.08, 0.5, 80); tone(ac, out, 'square', 140, t0 + 0.18, 0.08, 0.5, 80); },
};

// SOUND_LATE_MS is how late a sound may still start while the browser
// wakes the audio up.
const SOUND_LATE_MS = 2000;

// play plays a sound when it is due or not at all: one the browser holds
// back until the agent clicks would play late, together with every other
// held back. A page never clicked cannot play (autoplay rules): it asks for
// a click instead.
function play(name, volume) {
  const ac = audioContext();
  if (!ac) return;
  const go = () => {
    const out = ac.createGain();
    out.gain.value = Math.max(0, Math.min(100, Number(volume))) / 100;
    out.connect(ac.destination);
    (SOUNDS[name] || SOUNDS.ding)(ac, out, ac.currentTime + 0.02);
  };
  if (ac.state === 'running') { go(); return; }
  const hint = () => { if (ac.state !== 'running') $('sound-hint').hidden = false; };
  if (navigator.userActivation && !navigator.userActivation.hasBeenActive) { hint(); return; }
  const asked = performance.now();
  ac.resume().then(() => {
    if (ac.state !== 'running') return;
    $('sound-hint').hidden = true;
    if (performance.now() - asked < SOUND_LATE_MS) go();
  }, () => {});
  setTimeout(hint, 300);
}

function previewSound(fs) {
  play(fs.querySelector('[data-k=sound]').value, fs.querySelector('[data-k=volume]').value);
}

// ---------- Settings ----------

async function saveSettings() {
  setStatus($('settings-status'), '');
  const want = $('f-capitalize').checked;
  const before = state.profile.version;
  const res = await writeProfile('PUT', '/api/settings', { version: before, capitalize_first_letter: want });
  if (res.ok) {
    state.profile.settings = res.data;
    state.profile.version = res.data.version;
    rebase(before, res.data.version);
    setStatus($('settings-status'), t('saved.settings'));
    compose();
    return;
  }
  $('f-capitalize').checked = !want;
  if (res.status === 409) { $('settings-conflict').hidden = false; return; }
  setStatus($('settings-status'), problemText(res), true);
}

let composeSeq = 0;
let composeTimer = 0;

// compose shows the message as the customer receives it, by the server's
// rule (profile.Capitalize through POST /api/compose).
function compose() {
  clearTimeout(composeTimer);
  composeTimer = setTimeout(async () => {
    const text = $('compose-text').value;
    const seq = ++composeSeq;
    if (!text) { $('compose-out').textContent = ''; return; }
    const res = await api('POST', '/api/compose', { text });
    if (seq !== composeSeq) return;
    $('compose-out').textContent = res.ok ? res.data.text : problemText(res);
  }, 120);
}

// ---------- live events ----------

function openStream() {
  if (state.events) state.events.close();
  const es = new EventSource('/api/events');
  state.events = es;
  // Whether live updates arrive, for styles and tests: open or closed.
  es.onopen = () => { if (state.events === es) document.documentElement.dataset.live = 'open'; };
  es.addEventListener('status', (e) => { state.status = JSON.parse(e.data); renderStatus(); });
  es.addEventListener('profile', (e) => profileEvent(JSON.parse(e.data)));
  es.addEventListener('preferences', (e) => {
    const d = JSON.parse(e.data);
    if (state.notifyDirty && (!state.prefs || d.version !== state.prefs.version)) { $('notify-conflict').hidden = false; return; }
    state.prefs = d;
    renderPrefs();
  });
  es.addEventListener('notification', (e) => notified(JSON.parse(e.data)));
  es.addEventListener('password', () => {
    if (state.passwordWrites > 0) { state.passwordHeld++; return; }
    if (state.passwordOwn > 0) { state.passwordOwn--; return; }
    showLive(t('live.password'));
  });
  // This session was revoked (signed out in another tab, a password change
  // on any instance): clear the page at once.
  es.addEventListener('signed_out', (e) => {
    es.close();
    if (state.events === es) signedOut(JSON.parse(e.data).reason);
  });
  es.addEventListener('reset', () => { refreshProfile(); reloadPrefs(); api('GET', '/api/status').then((r) => { if (r.ok) { state.status = r.data; renderStatus(); } }); });
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED && state.session) {
      api('GET', '/api/session').then((r) => { if (r.ok && state.events === es) setTimeout(openStream, 2000); });
    }
  };
}

// profileEvent follows a "profile" event: one of the page's own writes is
// skipped (held until the writes under way have answered), a newer
// version from elsewhere is loaded.
function profileEvent(d) {
  if (!state.profile) return;
  if (state.writes > 0) { state.heldEvents.push(d); return; }
  if (state.ownVersions.delete(d.version)) return;
  if (d.version > state.profile.version) refreshProfile();
}

// refreshProfile follows a change made elsewhere; edits in progress are
// kept, with an offer to reload.
async function refreshProfile() {
  const res = await api('GET', '/api/profile');
  if (!res.ok) return;
  const langChanged = !sameTag(res.data.language, state.profile.language);
  const keepVersion = state.generalDirty;
  state.profile = res.data;
  if (langChanged && !keepVersion) { await useLanguage(res.data.language); await loadLanguages(); }
  renderProfile(false);
  compose();
}

function notified(n) {
  const text = n.body ? `${n.title || ''}: ${n.body}` : (n.title || t(`kind.${n.kind}`));
  showLive(`${t(`kind.${n.kind}`)} — ${text}`);
  if (n.sound) play(n.sound, n.volume ?? 70);
  if (n.browser && permissionState() === 'granted' && (!n.only_when_unfocused || !document.hasFocus())) {
    try {
      new Notification(n.title || t(`kind.${n.kind}`), { body: n.body || '', tag: `${n.kind}-${n.chat_id || ''}`, lang: state.lang });
    } catch { /* some browsers allow notifications only from a service worker */ }
  }
}

// ---------- Administration ----------

async function loadAgents() {
  const res = await api('GET', '/api/admin/agents');
  const body = $('admin-table').querySelector('tbody');
  body.replaceChildren();
  if (!res.ok) { setStatus($('admin-row-status'), problemText(res), true); return; }
  for (const a of res.data) {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.dir = 'auto';
    name.textContent = a.name;
    tr.append(name);
    const inputs = {};
    for (const k of ['username', 'role', 'business_unit']) {
      const td = document.createElement('td');
      const input = document.createElement('input');
      input.value = a[k];
      input.dir = 'auto';
      input.setAttribute('aria-label', `${t(`field.${k}`)}: ${a.name}`);
      td.append(input);
      tr.append(td);
      inputs[k] = input;
    }
    const td = document.createElement('td');
    const save = document.createElement('button');
    save.type = 'button';
    save.textContent = t('save.short');
    save.setAttribute('aria-label', `${t('save.short')}: ${a.name}`);
    save.addEventListener('click', () => saveAgent(a, inputs));
    td.append(save);
    tr.append(td);
    body.append(tr);
  }
}

async function saveAgent(a, inputs) {
  const patch = { version: a.version };
  for (const [k, input] of Object.entries(inputs)) if (input.value !== a[k]) patch[k] = input.value;
  const st = $('admin-row-status');
  setStatus(st, '');
  if (Object.keys(patch).length === 1) { setStatus(st, t('saved.nothing')); return; }
  const res = await api('PATCH', `/api/admin/agents/${encodeURIComponent(a.id)}`, patch);
  if (res.ok) {
    setStatus(st, t('saved.agent', { name: res.data.username }));
    loadAgents();
    return;
  }
  if (res.status === 409) { setStatus(st, t('conflict.agent'), true); loadAgents(); return; }
  const fields = (res.data && res.data.fields) || [];
  setStatus(st, fields.length ? fields.map((f) => `${t(`field.${f.field}`)}: ${errText(f.code, f.message, f.params)}`).join(' ') : problemText(res), true);
}

async function createAgent(ev) {
  ev.preventDefault();
  const form = $('admin-create');
  const body = {};
  for (const el of form.querySelectorAll('input[name]')) body[el.name] = el.value;
  clearFieldErrors(form);
  setStatus($('admin-status'), '');
  const res = await api('POST', '/api/admin/agents', body);
  if (res.ok) {
    setStatus($('admin-status'), t('saved.created', { name: res.data.username }));
    for (const el of form.querySelectorAll('input[name]')) el.value = el.name === 'role' ? 'agent' : '';
    loadAgents();
    return;
  }
  if (res.status === 422) { showFieldErrors(form, res.data.fields, $('admin-status')); return; }
  setStatus($('admin-status'), problemText(res), true);
}

// ---------- wiring ----------

function bindStatic() {
  $('signin-form').addEventListener('submit', signIn);
  $('menu-button').addEventListener('click', () => ($('user-menu').hidden ? openMenu() : closeMenu(true)));
  $('menu-button').addEventListener('keydown', (e) => { if (e.key === 'ArrowDown') { openMenu(); e.preventDefault(); } });
  $('user-menu').addEventListener('keydown', menuKeys);
  document.addEventListener('click', (e) => { if (!e.target.closest('.who')) closeMenu(false); });
  $('menu-profile').addEventListener('click', () => { closeMenu(false); location.hash = 'general'; $('tab-general').focus(); });
  $('menu-busy').addEventListener('click', toggleBusy);
  $('menu-admin').addEventListener('click', () => { closeMenu(false); location.hash = 'admin'; $('main').focus(); });
  $('menu-signout').addEventListener('click', signOut);
  // Only a view's name changes the view: the skip link's #main does not.
  window.addEventListener('hashchange', () => {
    const name = location.hash.slice(1);
    if (state.session && (TABS.includes(name) || name === 'admin')) showView(location.hash);
  });

  for (const name of TABS) $(`tab-${name}`).addEventListener('click', () => selectTab(name, true));
  document.querySelector('[role=tablist]').addEventListener('keydown', tabKeys);

  const general = $('general-form');
  general.addEventListener('submit', saveGeneral);
  general.addEventListener('input', (e) => {
    if (e.target.id !== 'f-language-search') state.generalDirty = true;
    const err = e.target.getAttribute('aria-describedby');
    if (e.target.getAttribute('aria-invalid') && err) {
      e.target.removeAttribute('aria-invalid');
      for (const id of err.split(' ')) if ($(id) && $(id).classList.contains('error')) $(id).textContent = '';
    }
  });
  $('f-language').addEventListener('change', () => { state.generalDirty = true; });
  $('f-language-search').addEventListener('input', renderLanguages);
  $('f-language-search').addEventListener('keydown', (e) => { if (e.key === 'ArrowDown') { $('f-language').focus(); e.preventDefault(); } });
  $('general-reload').addEventListener('click', reloadProfile);
  $('settings-reload').addEventListener('click', reloadProfile);
  $('photo-file').addEventListener('change', choosePhoto);
  $('photo-upload').addEventListener('click', uploadPhoto);
  $('photo-remove').addEventListener('click', removePhoto);

  $('password-form').addEventListener('submit', changePassword);
  $('f-new_password').addEventListener('input', renderPasswordHint);
  $('f-repeat_password').addEventListener('input', renderPasswordHint);

  const nf = $('notify-form');
  nf.addEventListener('submit', savePrefs);
  nf.addEventListener('input', (e) => { state.notifyDirty = true; const fs = e.target.closest('fieldset.kind'); if (fs) syncKind(fs); });
  nf.addEventListener('change', (e) => { state.notifyDirty = true; browserToggled(e); });
  nf.addEventListener('click', (e) => {
    const b = e.target.closest('[data-k=preview]');
    if (b) previewSound(b.closest('fieldset'));
  });
  $('notify-reload').addEventListener('click', reloadPrefs);
  $('perm-request').addEventListener('click', requestPermission);
  $('demo-message').addEventListener('click', () => demo('new_message'));
  $('demo-chat').addEventListener('click', () => demo('incoming_chat'));
  $('sound-enable').addEventListener('click', unlockAudio);
  document.addEventListener('pointerdown', () => { if (audio && audio.state !== 'running') unlockAudio(); });

  $('f-capitalize').addEventListener('change', saveSettings);
  $('busy-set').addEventListener('click', () => setBusy(true));
  $('busy-clear').addEventListener('click', () => setBusy(false));
  $('compose-text').addEventListener('input', compose);
  $('admin-create').addEventListener('submit', createAgent);
}

start();
