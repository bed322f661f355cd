/*! qualify chat widget. Embed: <script src="https://YOUR-SERVER/widget.js" data-key="YOUR-KEY" async></script>
 * Plain JavaScript, no framework, no build step. Docs: agent/web/README.md. Contract: docs/api.md.
 * Every message (visitor, agent, human) is rendered with textContent; http(s) links become <a>
 * elements built one by one. Nothing from the server or the visitor ever goes through innerHTML.
 */
(() => {
  'use strict';
  if (window.$qualify && window.$qualify.version) return; // loaded twice: the first copy wins

  const VERSION = '1';
  const script = document.currentScript || document.querySelector('script[data-key][src*="widget"]');
  const KEY = (script && script.dataset.key) || '';
  const API = (() => {
    try {
      if (script && script.dataset.api) return new URL(script.dataset.api, location.href).href.replace(/\/+$/, '');
      if (script && script.src) return new URL(script.src, location.href).origin;
    } catch (_) { /* fall through to the page's own origin */ }
    return location.origin;
  })();
  const NS = `qualify:${KEY}`;
  const IDLE_MS = 30 * 60 * 1000; // a new visit after 30 minutes without a page view or message
  const POLL_MS = 3000;
  const RETRY_409_MS = 1500;
  const NARROW = '(max-width: 479.98px)';
  const DEFAULT_DISCLOSURE = "You're chatting with an AI assistant; a human can join during business hours.";
  const SLOT_RE = /^(today|tomorrow|mon|tue|wed|thu|fri|sat|sun)\b.*\b\d{1,2}:\d{2}\s*(am|pm)?\b/i;
  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  // ---------------------------------------------------------------- small helpers
  const area = (name) => ({
    get(k) { try { return JSON.parse(window[name].getItem(`${NS}:${k}`)); } catch (_) { return null; } },
    set(k, v) { try { window[name].setItem(`${NS}:${k}`, JSON.stringify(v)); } catch (_) { /* storage off */ } },
    del(k) { try { window[name].removeItem(`${NS}:${k}`); } catch (_) { /* storage off */ } },
  });
  const local = area('localStorage');
  const session = area('sessionStorage');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const emit = (name, detail) => window.dispatchEvent(new CustomEvent(`qualify:${name}`, { detail }));
  const str = (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const first = (...vs) => vs.find((v) => v !== undefined && v !== null && v !== '');
  const narrow = () => window.matchMedia(NARROW).matches;
  const uuid = () => {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const x = [...b].map((n) => n.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  };

  /** Build an element. `text` sets textContent; `on*` adds listeners; children are nodes or strings (text). */
  function h(tag, props = {}, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids) if (kid !== undefined && kid !== null) e.append(kid);
    return e;
  }
  const svg = (d) => {
    const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    s.setAttribute('viewBox', '0 0 24 24'); s.setAttribute('aria-hidden', 'true');
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', d); s.append(p);
    return s;
  };
  const ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
  const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
  const ICON_SEND = 'M3 11l18-8-8 18-2-8-8-2z';

  /** Text as nodes: plain text nodes, and <a> only for well-formed http(s) URLs. Never parses HTML. */
  function richText(text) {
    const s = String(text ?? '');
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of s.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?)\]}]+$/, '');
      let ok = false;
      try { ok = /^https?:$/.test(new URL(url).protocol); } catch (_) { ok = false; }
      frag.append(s.slice(last, m.index));
      frag.append(ok ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: url }) : url);
      last = m.index + url.length;
    }
    frag.append(s.slice(last));
    return frag;
  }

  // ---------------------------------------------------------------- state
  const S = {
    config: null, mounted: false, open: false, pendingOpen: null,
    conv: null, ready: false, starting: null, // {conversation_id, token}; restored or created
    known: new Map(), lastId: 0, lastAgentRow: null,
    user: {}, attributes: {},
    handoffOpen: false, hadTurn: false, busy: false, polling: false, pollTimer: null,
    chain: Promise.resolve(), stream: null, visitCount: 1,
  };
  const ui = {};

  // ---------------------------------------------------------------- HTTP
  function call(path, { method = 'GET', body, auth = true, accept = 'application/json' } = {}) {
    const headers = { Accept: accept, 'X-Widget-Key': KEY };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && S.conv) headers.Authorization = `Bearer ${S.conv.token}`;
    return fetch(API + path, {
      method, headers, credentials: 'omit', mode: 'cors',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const readJson = async (res) => { try { return await res.json(); } catch (_) { return null; } };
  const convPath = (suffix = '') => `/api/v1/conversations/${encodeURIComponent(S.conv.conversation_id)}${suffix}`;
  const GONE = [401, 403, 404, 410];

  // ---------------------------------------------------------------- visits and page context
  function countVisit() {
    const now = Date.now();
    const v = local.get('visit') || {};
    let count = Number.isInteger(v.visit_count) && v.visit_count > 0 ? v.visit_count : 0;
    if (!count || !(now - (v.last_seen || 0) <= IDLE_MS)) count += 1;
    local.set('visit', { visit_count: count, last_seen: now });
    return count;
  }
  const touchVisit = () => local.set('visit', { visit_count: S.visitCount, last_seen: Date.now() });

  function utm() {
    const found = {};
    for (const [k, v] of new URLSearchParams(location.search)) {
      const m = /^utm_([a-z0-9_]+)$/i.exec(k);
      if (m && v && Object.keys(found).length < 10) found[m[1].toLowerCase()] = v.slice(0, 200);
    }
    // The campaign that brought the visitor in, kept for the session so page two still knows it.
    if (Object.keys(found).length) session.set('utm', found);
    return Object.keys(found).length ? found : session.get('utm') || {};
  }
  const landingUtm = utm();

  function pageContext() {
    let timezone;
    try { timezone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (_) { timezone = undefined; }
    return {
      page_url: location.href,
      page_title: document.title || undefined,
      referrer: document.referrer || undefined,
      utm: landingUtm,
      visit_count: S.visitCount,
      timezone,
    };
  }

  // ---------------------------------------------------------------- config
  function normalizeConfig(c) {
    // docs/api.md: {company, product, disclosure, status: {online, banner}, proactive}. Optional extras:
    // title, subtitle, color, placeholder, human_label.
    const company = first(str(c.company), c.company && str(c.company.name), 'Chat');
    const product = first(str(c.product), c.company && str(c.company.product));
    const color = str(c.color);
    return {
      company, product,
      title: first(str(c.title), company),
      subtitle: first(str(c.subtitle), product ? `Questions about ${product}? Ask here.` : undefined),
      disclosure: first(str(c.disclosure), DEFAULT_DISCLOSURE),
      ...readStatus(c.status),
      proactive: (c.proactive && typeof c.proactive === 'object') ? c.proactive : {},
      humanLabel: first(str(c.human_label), `${company} team`),
      color: color && window.CSS && CSS.supports('color', color) ? color : undefined,
      placeholder: first(str(c.placeholder), 'Type your message...'),
    };
  }

  /** Business-hours status `{online, banner}` (config, create and get all carry it). */
  function readStatus(st) {
    const o = st && typeof st === 'object' ? st : {};
    const banner = str(o.banner);
    return { online: typeof o.online === 'boolean' ? o.online : !banner, banner };
  }

  async function loadConfig() {
    try {
      const res = await call(`/api/v1/widget/config?page_url=${encodeURIComponent(location.href)}`, { auth: false });
      if (res.ok) return normalizeConfig((await readJson(res)) || {});
      console.warn(`[qualify] widget config failed: HTTP ${res.status}; the chat stays hidden`);
    } catch (err) {
      console.warn('[qualify] widget config failed; the chat stays hidden', err);
    }
    return null;
  }

  // ---------------------------------------------------------------- UI
  const CSS_TEXT = `
:host{all:initial}
*{box-sizing:border-box}
.root{--accent:#4338ca;--ink:#1b1f29;--muted:#5b6270;--line:#e4e6eb;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);-webkit-font-smoothing:antialiased}
button{font:inherit;cursor:pointer}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.launcher{position:fixed;right:20px;bottom:20px;width:58px;height:58px;border-radius:50%;border:0;background:var(--accent);color:#fff;display:grid;place-items:center;box-shadow:0 6px 24px rgba(17,24,39,.28);z-index:2147483000;transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.launcher:focus-visible,.panel button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.launcher svg{width:26px;height:26px}
.dot{position:absolute;top:3px;right:3px;width:14px;height:14px;border-radius:50%;background:#e5484d;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:90px;width:384px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 120px));height:min(640px,calc(100dvh - 120px));background:#fff;border-radius:16px;box-shadow:0 16px 56px rgba(17,24,39,.26);display:flex;flex-direction:column;overflow:hidden;z-index:2147483001}
[hidden]{display:none!important}
.hdr{display:flex;align-items:center;gap:10px;padding:12px 10px 12px 16px;background:var(--accent);color:#fff}
.hdr .t{flex:1;min-width:0}
.hdr h2{margin:0;font-size:16px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hdr p{margin:2px 0 0;font-size:12.5px;opacity:.88}
.status{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:#4ade80}
.status.off{background:#cbd5e1}
.icon{width:40px;height:40px;border-radius:10px;border:0;background:transparent;color:inherit;display:grid;place-items:center}
.icon:hover{background:rgba(255,255,255,.16)}
.banner{padding:9px 16px;background:#fff7e6;color:#7a4b00;border-bottom:1px solid #f3e2bf;font-size:13px}
.disc{padding:7px 16px;font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);background:#fafbfc}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px 14px 6px;display:flex;flex-direction:column;gap:8px}
.msg{display:flex;flex-direction:column;max-width:86%}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.agent,.msg.human{align-self:flex-start;align-items:flex-start}
.who{font-size:11.5px;color:var(--muted);margin:0 0 2px 4px}
.bubble{padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.agent .bubble{background:#f1f2f6;border-bottom-left-radius:5px}
.human .bubble{background:#e8f5ee;border:1px solid #bfe3cd;border-bottom-left-radius:5px}
.visitor .bubble{background:var(--accent);color:#fff;border-bottom-right-radius:5px}
.visitor .bubble a{color:#fff}
.bubble a{color:var(--accent);text-decoration:underline}
.pending .bubble{opacity:.7}
.retry{margin-top:3px;min-height:40px;padding:0 6px;border:0;background:none;color:#b42318;font-size:12px;text-decoration:underline}
.qr{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.qr-label{width:100%;font-size:12px;color:var(--muted);margin:2px 0 0 2px}
.chip{min-height:40px;padding:8px 14px;border-radius:20px;border:1px solid var(--accent);background:#fff;color:var(--accent);text-align:left}
.chip:hover{background:var(--accent);color:#fff}
.slots .chip{border-radius:10px;min-width:calc(50% - 3px);font-weight:600;background:#f5f5ff}
.slots .chip:hover{background:var(--accent)}
.typing{align-self:flex-start;margin:0 14px 6px;padding:10px 14px;background:#f1f2f6;border-radius:16px;display:flex;gap:4px}
.typing i{width:7px;height:7px;border-radius:50%;background:#8b93a3;animation:q 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes q{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
.notice{align-self:center;text-align:center;font-size:12.5px;color:#b42318;padding:4px 8px}
.notice button{min-height:40px;border:0;background:none;color:var(--accent);text-decoration:underline}
form{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 12px 14px;border-top:1px solid var(--line);background:#fff}
textarea{flex:1;resize:none;border:1px solid #d5d8de;border-radius:12px;padding:10px 12px;font:inherit;color:inherit;min-height:42px;max-height:120px;line-height:1.4;outline:none;background:#fff}
textarea:focus{border-color:var(--accent);box-shadow:0 0 0 3px rgba(67,56,202,.15)}
.send{width:42px;height:42px;border-radius:12px;border:0;background:var(--accent);color:#fff;display:grid;place-items:center;flex:none}
.send:disabled{opacity:.45;cursor:default}
@media ${NARROW}{
.panel{inset:0;width:100vw;max-width:none;height:100vh;height:100dvh;border-radius:0}
.root.open .launcher{display:none}
textarea{font-size:16px}
.launcher{right:14px;bottom:14px}
}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}.launcher{transition:none}}
`;

  function mount() {
    const cfg = S.config;
    const host = h('div', { id: 'qualify-widget', 'data-qualify': VERSION });
    // The host box itself takes no space; everything visible is position:fixed inside the shadow root.
    host.style.cssText = 'all:initial!important;display:block!important;position:static!important;';
    const shadow = host.attachShadow({ mode: 'open' });
    const root = h('div', { class: 'root' });
    if (cfg.color) root.style.setProperty('--accent', cfg.color);
    shadow.append(h('style', { text: CSS_TEXT }), root);

    ui.dot = h('span', { class: 'dot', hidden: true });
    ui.launcher = h('button', {
      type: 'button', class: 'launcher', 'data-testid': 'qualify-launcher', 'aria-label': `Open chat with ${cfg.title}`,
      'aria-expanded': 'false', 'aria-controls': 'qualify-panel', onclick: () => toggle(),
    }, svg(ICON_CHAT), ui.dot);

    ui.status = h('span', { class: 'status', 'aria-hidden': 'true' });
    const header = h('div', { class: 'hdr' },
      h('div', { class: 't' },
        h('h2', { text: cfg.title }),
        h('p', {}, ui.status, cfg.subtitle || 'Ask us anything')),
      h('button', {
        type: 'button', class: 'icon', 'aria-label': 'Close chat', 'data-testid': 'qualify-close',
        onclick: () => close(),
      }, svg(ICON_CLOSE)));
    ui.disclosure = h('div', { class: 'disc', 'data-testid': 'qualify-disclosure', text: cfg.disclosure });

    ui.log = h('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions text',
      'aria-label': 'Conversation', 'data-testid': 'qualify-log',
    });
    ui.typing = h('div', {
      class: 'typing', 'data-testid': 'qualify-typing', role: 'status', 'aria-label': 'The assistant is typing', hidden: true,
    }, h('i'), h('i'), h('i'));
    ui.input = h('textarea', {
      rows: 1, maxlength: 2000, placeholder: cfg.placeholder, 'aria-label': 'Type your message',
      'data-testid': 'qualify-input', enterkeyhint: 'send', autocomplete: 'off',
    });
    ui.send = h('button', { type: 'submit', class: 'send', 'aria-label': 'Send message', 'data-testid': 'qualify-send' }, svg(ICON_SEND));
    const form = h('form', { onsubmit: (e) => { e.preventDefault(); submit(); } }, ui.input, ui.send);

    ui.panel = h('section', {
      id: 'qualify-panel', class: 'panel', role: 'dialog', 'aria-label': `Chat with ${cfg.title}`,
      'data-testid': 'qualify-panel', hidden: true,
    }, header, ui.disclosure, ui.log, ui.typing, form);
    applyStatus(cfg);

    ui.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    });
    ui.input.addEventListener('input', autosize);
    ui.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.stopPropagation(); close(); ui.launcher.focus(); }
    });

    root.append(ui.panel, ui.launcher);
    ui.root = root;
    (document.body || document.documentElement).append(host);
    if (window.visualViewport) {
      visualViewport.addEventListener('resize', fitViewport);
      visualViewport.addEventListener('scroll', fitViewport);
    }
    document.addEventListener('visibilitychange', syncPolling);
    S.mounted = true;
  }

  /** The off-hours banner exists only while the team is offline. */
  function applyStatus({ online, banner }) {
    ui.status.classList.toggle('off', !online);
    if (ui.banner) ui.banner.remove();
    ui.banner = null;
    if (!online && banner) {
      ui.banner = h('div', { class: 'banner', role: 'status', 'data-testid': 'qualify-banner', text: banner });
      ui.disclosure.before(ui.banner);
    }
  }

  function autosize() {
    ui.input.style.height = 'auto';
    ui.input.style.height = `${Math.min(ui.input.scrollHeight + 2, 120)}px`;
  }

  /** On phones the visual viewport shrinks under the keyboard; size the full-screen panel to it. */
  function fitViewport() {
    if (!ui.panel) return;
    const vv = window.visualViewport;
    if (S.open && vv && narrow()) {
      Object.assign(ui.panel.style, { top: `${vv.offsetTop}px`, height: `${vv.height}px`, bottom: 'auto' });
    } else {
      Object.assign(ui.panel.style, { top: '', height: '', bottom: '' });
    }
    scrollDown();
  }

  const scrollDown = () => { if (ui.log) ui.log.scrollTop = ui.log.scrollHeight; };
  const showTyping = (on) => { ui.typing.hidden = !on; if (on) scrollDown(); };

  function humanLabel(m) {
    const name = first(str(m.author), str(m.operator), str(m.author_name), str(m.name), str(m.label));
    return name ? `${name} · ${S.config.company}` : S.config.humanLabel;
  }

  /** Render one message (once per id). `fresh` messages fire `qualify:message`; restored history does not. */
  function addMessage(m, fresh = true, row = null) {
    if (m.id !== undefined && m.id !== null && S.known.has(m.id)) return S.known.get(m.id);
    const role = ['visitor', 'agent', 'human'].includes(m.role) ? m.role : 'agent';
    if (!row) {
      row = h('div', { 'data-testid': 'qualify-message' });
      ui.log.append(row);
    }
    row.className = `msg ${role}`;
    row.dataset.role = role;
    row.replaceChildren();
    row.removeAttribute('data-streaming');
    if (role === 'human') row.append(h('div', { class: 'who', text: humanLabel(m) }));
    const bubble = h('div', { class: 'bubble' });
    bubble.append(richText(m.text));
    row.append(bubble);
    if (m.created_at) {
      const at = new Date(m.created_at);
      if (!Number.isNaN(at.getTime())) row.title = at.toLocaleString();
    }
    remember(m, row);
    setQuickReplies(role === 'visitor' ? null : row, role === 'visitor' ? [] : m.quick_replies);
    if (role === 'human') S.handoffOpen = true;
    scrollDown();
    if (fresh) emit('message', m);
    return row;
  }

  function remember(m, row) {
    if (!Number.isInteger(m.id)) return;
    row.dataset.id = String(m.id);
    S.known.set(m.id, row);
    S.lastId = Math.max(S.lastId, m.id);
  }

  /** Quick replies live under the last agent message only; slot picks ("Wed 11:00am ET") get a picker. */
  function setQuickReplies(row, options) {
    for (const old of ui.log.querySelectorAll('.qr')) old.remove();
    if (row) S.lastAgentRow = row;
    const opts = Array.isArray(options) ? options.filter((o) => typeof o === 'string' && o.trim()) : [];
    if (!row || !opts.length) return;
    const slots = opts.filter((o) => SLOT_RE.test(o.trim()));
    const rest = opts.filter((o) => !SLOT_RE.test(o.trim()));
    const chip = (text, kind) => h('button', {
      type: 'button', class: 'chip', 'data-testid': 'qualify-quick-reply', 'data-kind': kind, text,
      onclick: () => { for (const g of ui.log.querySelectorAll('.qr')) g.remove(); sendText(text); },
    });
    if (slots.length) {
      row.append(h('div', { class: 'qr slots', role: 'group', 'aria-label': 'Pick a time', 'data-testid': 'qualify-slot-picker' },
        h('div', { class: 'qr-label', text: 'Pick a time' }), ...slots.map((s) => chip(s, 'slot'))));
    }
    if (rest.length) {
      row.append(h('div', { class: 'qr', role: 'group', 'aria-label': 'Suggested replies' }, ...rest.map((s) => chip(s, 'reply'))));
    }
    scrollDown();
  }

  function notice(text, retry) {
    const n = h('div', { class: 'notice', role: 'alert', 'data-testid': 'qualify-notice' }, text);
    if (retry) n.append(' ', h('button', { type: 'button', text: 'Try again', onclick: () => { n.remove(); retry(); } }));
    ui.log.append(n);
    scrollDown();
  }

  function setFailed(entry, failed) {
    entry.row.classList.toggle('pending', !failed);
    const old = entry.row.querySelector('.retry');
    if (old) old.remove();
    if (failed) {
      entry.row.classList.add('failed');
      entry.row.append(h('button', {
        type: 'button', class: 'retry', 'data-testid': 'qualify-retry', 'aria-label': 'Message not sent. Tap to retry',
        text: 'Not sent — tap to retry', onclick: () => enqueue(entry),
      }));
    } else {
      entry.row.classList.remove('failed');
    }
  }

  // ---------------------------------------------------------------- conversation
  function forget() {
    S.conv = null; S.ready = false; S.handoffOpen = false;
    local.del('conversation');
  }

  function ensureConversation() {
    if (S.ready) return Promise.resolve();
    if (!S.starting) S.starting = startConversation().finally(() => { S.starting = null; });
    return S.starting;
  }

  async function startConversation() {
    const saved = local.get('conversation');
    if (saved && saved.conversation_id && saved.token) {
      S.conv = { conversation_id: String(saved.conversation_id), token: String(saved.token) };
      const res = await call(convPath());
      if (res.ok) {
        const data = (await readJson(res)) || {};
        restore(data);
        if (data.status) applyStatus(readStatus(data.status));
        S.ready = true;
        return;
      }
      if (!GONE.includes(res.status)) throw new Error(`HTTP ${res.status}`);
      forget(); // expired, erased or not ours any more: start afresh
    }
    const res = await call('/api/v1/conversations', {
      method: 'POST', auth: false,
      body: { context: pageContext(), user: S.user, attributes: S.attributes },
    });
    const data = res.ok ? await readJson(res) : null;
    if (!data || !data.conversation_id || !data.token) throw new Error(`HTTP ${res.status}`);
    S.conv = { conversation_id: String(data.conversation_id), token: String(data.token) };
    local.set('conversation', S.conv);
    S.ready = true;
    if (data.status) applyStatus(readStatus(data.status));
    for (const m of data.messages || []) addMessage(m);
  }

  function restore(data) {
    ui.log.replaceChildren();
    S.known.clear(); S.lastId = 0;
    for (const m of data.messages || []) addMessage(m, false);
    const status = data.handoff && data.handoff.status;
    S.handoffOpen = status === 'live' || status === 'requested';
  }

  // ---------------------------------------------------------------- sending
  function submit() {
    const text = ui.input.value;
    if (!text.trim()) return;
    ui.input.value = '';
    autosize();
    sendText(text);
  }

  async function sendText(raw) {
    const text = String(raw ?? '').trim();
    if (!text || !S.mounted) return;
    if (!S.open) open({ focus: false });
    // Start (or restore) first so the opener is shown above the visitor's first line.
    try { await ensureConversation(); } catch (_) { /* the message shows "not sent" below */ }
    const m = { role: 'visitor', text, quick_replies: [], created_at: new Date().toISOString(), client_message_id: uuid() };
    const entry = { text, cid: m.client_message_id, row: addMessage(m) };
    entry.row.classList.add('pending');
    enqueue(entry);
  }

  // One turn at a time: the visitor's messages go to the server in order, each after the last answer.
  function enqueue(entry) {
    setFailed(entry, false);
    S.chain = S.chain.then(() => deliver(entry), () => deliver(entry));
  }

  const postMessage = (entry) => call(convPath('/messages'), {
    method: 'POST', accept: 'text/event-stream', body: { text: entry.text, client_message_id: entry.cid },
  });

  async function deliver(entry) {
    S.busy = true;
    try {
      await ensureConversation();
      let res = await postMessage(entry);
      if (res.status === 409) { await sleep(RETRY_409_MS); res = await postMessage(entry); }
      if (GONE.includes(res.status)) forget();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (!(await readReply(res, entry))) throw new Error('the reply ended early');
      entry.row.classList.remove('pending');
      S.hadTurn = true;
      touchVisit();
    } catch (_) {
      endStream(false);
      setFailed(entry, true);
    } finally {
      S.busy = false;
      showTyping(false);
      syncPolling();
    }
  }

  /** Read a reply (SSE, or JSON if a proxy turned it into that). True when the turn completed. */
  async function readReply(res, entry) {
    const type = res.headers.get('content-type') || '';
    if (!type.includes('text/event-stream') || !res.body) {
      const data = await readJson(res);
      if (!data) return false;
      if (data.message) remember(data.message, entry.row);
      if (data.reply) addMessage(data.reply); else S.handoffOpen = true;
      return true;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    let carry = '';
    let finished = false;
    S.stream = { row: null, text: '', gotMessage: false };
    const block = (raw) => {
      let event = 'message';
      const data = [];
      for (const line of raw.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (!data.length) return;
      let payload = {};
      try { payload = JSON.parse(data.join('\n')) || {}; } catch (_) { payload = {}; }
      if (onEvent(event, payload, entry)) finished = true;
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let chunk = carry + decoder.decode(value, { stream: true });
      carry = '';
      if (chunk.endsWith('\r')) { carry = '\r'; chunk = chunk.slice(0, -1); } // a CRLF split across chunks
      buf += chunk.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        block(buf.slice(0, cut));
        buf = buf.slice(cut + 2);
      }
    }
    buf += (carry + decoder.decode()).replace(/\r\n?/g, '\n');
    if (buf.trim()) block(buf);
    const got = S.stream.gotMessage;
    endStream(got);
    return finished || got;
  }

  /** One SSE event of a turn. Returns true on `done`. */
  function onEvent(event, p, entry) {
    const st = S.stream;
    if (event === 'typing') {
      showTyping(true);
    } else if (event === 'delta') {
      showTyping(false);
      if (!st.row) {
        st.row = h('div', { class: 'msg agent', 'data-testid': 'qualify-message', 'data-role': 'agent', 'data-streaming': 'true' },
          h('div', { class: 'bubble' }));
        ui.log.append(st.row);
        ui.log.setAttribute('aria-busy', 'true');
        setQuickReplies(null, []);
      }
      st.text += typeof p.text === 'string' ? p.text : '';
      st.row.firstChild.textContent = st.text;
      scrollDown();
    } else if (event === 'message') {
      showTyping(false);
      const m = p.message && typeof p.message === 'object' ? p.message : p;
      if (m.role === 'visitor') { remember(m, entry.row); return false; }
      st.gotMessage = true;
      if (Number.isInteger(m.id) && S.known.has(m.id)) { if (st.row) st.row.remove(); } else addMessage(m, true, st.row);
      st.row = null; st.text = '';
      ui.log.removeAttribute('aria-busy');
    } else if (event === 'quick_replies') {
      if (S.lastAgentRow) setQuickReplies(S.lastAgentRow, p.options);
    } else if (event === 'done') {
      showTyping(false);
      if (!st.gotMessage) S.handoffOpen = true; // a human owns the conversation: the bot stays quiet
      emit('turn', { tier_changed: Boolean(p.tier_changed) });
      return true;
    }
    return false;
  }

  function endStream(keep) {
    const st = S.stream;
    if (st && st.row && !keep) st.row.remove();
    S.stream = null;
    if (ui.log) ui.log.removeAttribute('aria-busy');
  }

  // ---------------------------------------------------------------- human takeover: polling
  function syncPolling() {
    const want = S.open && !document.hidden && S.ready && S.conv && (S.handoffOpen || S.hadTurn);
    if (want && !S.pollTimer) S.pollTimer = setInterval(poll, POLL_MS);
    if (!want && S.pollTimer) { clearInterval(S.pollTimer); S.pollTimer = null; }
  }

  async function poll() {
    if (S.polling || S.busy || !S.conv) return;
    S.polling = true;
    try {
      const res = await call(convPath(`/messages?after=${S.lastId}`));
      if (GONE.includes(res.status)) { forget(); syncPolling(); return; }
      if (!res.ok || S.busy) return;
      const data = await readJson(res);
      const list = Array.isArray(data) ? data : (data && data.messages) || [];
      for (const m of list) integrate(m);
      const status = data && data.handoff && data.handoff.status;
      if (status) S.handoffOpen = status === 'live' || status === 'requested';
    } catch (_) {
      /* offline for a moment: the next tick tries again */
    } finally {
      S.polling = false;
    }
  }

  function integrate(m) {
    if (!m || (Number.isInteger(m.id) && S.known.has(m.id))) return;
    if (m.role === 'visitor') {
      // Our own line, sent by this page before its id was known: give it the id, do not repeat it.
      const mine = [...ui.log.querySelectorAll('.msg.visitor:not([data-id])')]
        .find((r) => r.querySelector('.bubble').textContent === String(m.text).trim());
      if (mine) { remember(m, mine); return; }
    }
    addMessage(m);
  }

  // ---------------------------------------------------------------- open / close
  function open({ focus = true, trigger = null } = {}) {
    if (!S.mounted) { S.pendingOpen = { focus, trigger }; return; }
    if (S.open) { if (focus) ui.input.focus({ preventScroll: true }); return; }
    S.open = true;
    session.set('open', true);
    session.set('opened', true);
    ui.panel.hidden = false;
    ui.dot.hidden = true;
    ui.root.classList.add('open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.launcher.setAttribute('aria-label', 'Close chat');
    fitViewport();
    if (focus) ui.input.focus({ preventScroll: true });
    emit('opened', { trigger });
    connect();
  }

  function connect() {
    ensureConversation().then(syncPolling, () => notice("Couldn't connect to the chat.", connect));
  }

  function close() {
    if (!S.mounted || !S.open) { S.pendingOpen = null; return; }
    const hadFocus = ui.panel.contains(ui.root.getRootNode().activeElement);
    S.open = false;
    session.set('open', false);
    session.set('closed', true); // proactive triggers never reopen it this session
    ui.panel.hidden = true;
    ui.root.classList.remove('open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    ui.launcher.setAttribute('aria-label', `Open chat with ${S.config.title}`);
    fitViewport();
    if (hadFocus) ui.launcher.focus();
    syncPolling();
    emit('closed', {});
  }

  const toggle = () => (S.open ? close() : open());

  // ---------------------------------------------------------------- proactive triggers
  function setupProactive() {
    const p = S.config.proactive;
    const fire = (trigger) => {
      if (S.open || session.get('proactive') || session.get('closed') || session.get('opened')) return;
      session.set('proactive', trigger);
      // A full-screen panel popping up on a phone is hostile; there the launcher gets a dot instead.
      if (narrow()) { ui.dot.hidden = false; return; }
      open({ focus: false, trigger });
    };
    const seconds = Number(p.time_on_page_s);
    if (p.time_on_page_s !== null && p.time_on_page_s !== undefined && Number.isFinite(seconds) && seconds >= 0) {
      const due = () => {
        if (!document.hidden) return fire('time_on_page');
        document.addEventListener('visibilitychange', due, { once: true });
      };
      setTimeout(due, Math.max(0, seconds * 1000 - performance.now()));
    }
    if (p.exit_intent && window.matchMedia('(pointer: fine)').matches) {
      // Exit intent means a visitor who was reading the page heads for the tabs: the pointer must
      // have been well inside the page, and they must have been here a few seconds. Without that,
      // a pointer entering from the top edge (or a test driver starting at 0,0) looks like leaving.
      let engaged = false;
      const onMove = (e) => { if (e.clientY > 40) engaged = true; };
      const onOut = (e) => {
        if (!engaged || performance.now() < 3000) return;
        if (!e.relatedTarget && e.clientY <= 0) {
          document.removeEventListener('mouseout', onOut);
          document.removeEventListener('mousemove', onMove);
          fire('exit_intent');
        }
      };
      document.addEventListener('mousemove', onMove, { passive: true });
      document.addEventListener('mouseout', onOut);
    }
    if (p.returning_visitor && S.visitCount >= 2) setTimeout(() => fire('returning_visitor'), 1500);
  }

  // ---------------------------------------------------------------- public API
  function setUser(user) {
    if (!user || typeof user !== 'object') return;
    if (str(user.email)) S.user.email = str(user.email).slice(0, 320);
    if (str(user.name)) S.user.name = str(user.name).slice(0, 200);
  }
  function setAttributes(attrs) {
    if (!attrs || typeof attrs !== 'object') return;
    for (const [k, v] of Object.entries(attrs)) {
      const ok = ['string', 'number', 'boolean'].includes(typeof v) || v === null;
      if (ok && (k in S.attributes || Object.keys(S.attributes).length < 50)) S.attributes[k] = v;
    }
  }
  function reset() {
    close();
    forget();
    S.user = {}; S.attributes = {}; S.known.clear(); S.lastId = 0; S.hadTurn = false;
    if (ui.log) ui.log.replaceChildren();
  }

  const publicApi = Object.freeze({
    version: VERSION,
    run: () => open(),
    open: () => open(),
    close: () => close(),
    toggle: () => toggle(),
    isOpen: () => S.open,
    setUser,
    setAttributes,
    reset,
  });
  window.$qualify = publicApi;

  // Calls queued before the script loaded: window.$qualifyQueue = [['setUser', {...}], ['open']].
  const runQueued = (item) => {
    try {
      if (typeof item === 'function') item(publicApi);
      else if (Array.isArray(item) && typeof publicApi[item[0]] === 'function') publicApi[item[0]](...item.slice(1));
    } catch (err) { console.warn('[qualify] queued call failed', err); }
  };
  const queued = Array.isArray(window.$qualifyQueue) ? window.$qualifyQueue : [];
  window.$qualifyQueue = { push: (...items) => { items.forEach(runQueued); return 0; } };
  queued.forEach(runQueued);

  // ---------------------------------------------------------------- boot
  async function boot() {
    S.visitCount = countVisit();
    const cfg = await loadConfig();
    if (!cfg) return;
    S.config = cfg;
    mount();
    setupProactive();
    emit('ready', { config: cfg });
    const pending = S.pendingOpen;
    S.pendingOpen = null;
    if (pending) open(pending);
    else if (session.get('open')) open({ focus: false, trigger: 'resume' }); // it was open on the last page
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
  else boot();
})();
