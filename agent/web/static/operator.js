/* qualify operator page: handoffs with their summaries, a transcript, take over / reply / hand back.
 * API: docs/api.md "Operator". Every piece of text from the server is rendered with textContent.
 * The key comes from ?key= on first load, is kept in sessionStorage and sent as X-Operator-Key.
 */
(() => {
  'use strict';

  const POLL_MS = 3000;
  const KEY_STORE = 'qualify-operator-key';
  const NAME_STORE = 'qualify-operator-name';
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------ key, name, selection from the URL
  const params = new URLSearchParams(location.search);
  if (params.has('key')) {
    try { sessionStorage.setItem(KEY_STORE, params.get('key')); } catch (_) { /* storage off */ }
    params.delete('key'); // keep the secret out of the address bar, history and screenshots
    history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : '') + location.hash);
  }
  const S = {
    key: (() => { try { return sessionStorage.getItem(KEY_STORE) || ''; } catch (_) { return ''; } })(),
    selected: params.get('conversation') || null, // conversation id
    selectedHandoff: null, // handoff id picked in the list
    handoffs: [],
    listSig: '',
    conv: null, // the operator view of the selected conversation
    shownIds: new Set(),
    shownFor: null,
    pendingReply: null, // {text, cid}: a failed reply keeps its id so a retry is stored once
    refreshing: false,
  };

  const nameInput = $('op-name');
  nameInput.value = (() => { try { return localStorage.getItem(NAME_STORE) || ''; } catch (_) { return ''; } })() || 'Operator';
  nameInput.addEventListener('change', () => {
    try { localStorage.setItem(NAME_STORE, nameInput.value.trim()); } catch (_) { /* storage off */ }
  });
  const operatorName = () => nameInput.value.trim();

  const uuid = () => (crypto.randomUUID ? crypto.randomUUID()
    : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join(''));

  /** Build an element; `text` sets textContent, children are nodes or strings (text nodes). */
  function h(tag, props = {}, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids) if (kid !== undefined && kid !== null && kid !== false) e.append(kid);
    return e;
  }
  const when = (iso) => {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  };
  const ago = (iso) => {
    const d = new Date(iso).getTime();
    if (Number.isNaN(d)) return '';
    const s = Math.max(0, Math.round((Date.now() - d) / 1000));
    if (s < 60) return 'just now';
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
    return when(iso);
  };

  // ------------------------------------------------------------ HTTP
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }
  async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json', 'X-Operator-Key': S.key };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await res.json(); } catch (_) { data = null; }
    if (!res.ok) {
      const err = (data && data.error) || {};
      throw new ApiError(res.status, err.code || 'http', err.message || `HTTP ${res.status}`);
    }
    return data;
  }

  function setConn(text, bad = false) {
    const c = $('conn');
    c.textContent = text;
    c.classList.toggle('bad', bad);
  }

  function needKey(why) {
    $('app').hidden = true;
    $('keybox').hidden = false;
    $('key-why').textContent = why;
    $('key').focus();
  }
  $('keybox').addEventListener('submit', (e) => {
    e.preventDefault();
    S.key = $('key').value.trim();
    try { sessionStorage.setItem(KEY_STORE, S.key); } catch (_) { /* storage off */ }
    $('key').value = '';
    $('keybox').hidden = true;
    $('app').hidden = false;
    refresh();
  });

  // ------------------------------------------------------------ the list
  const who = (summary) => {
    const w = (summary && summary.who) || {};
    const label = w.name && w.email ? `${w.name} <${w.email}>` : w.name || w.email || 'A visitor';
    const size = w.company_size !== undefined && w.company_size !== null ? `${w.company_size} employees` : null;
    return { label, details: [w.role, size, w.industry, w.segment].filter(Boolean).join(', ') };
  };
  const badges = (hf, summary) => [
    h('span', { class: `badge ${hf.status}`, text: hf.status === 'requested' ? 'waiting' : hf.status }),
    h('span', { class: 'badge', text: hf.team }),
    hf.rep_id ? h('span', { class: 'badge', text: `rep: ${hf.rep_id}` }) : null,
    summary && summary.tier ? h('span', { class: 'badge tier', text: summary.tier }) : null,
    summary && summary.icp_fit ? h('span', { class: 'badge', text: `ICP: ${summary.icp_fit}` }) : null,
    hf.taken_by && hf.status === 'live' ? h('span', { class: 'badge', text: `with ${hf.taken_by}` }) : null,
  ];

  function renderList() {
    const filter = $('filter').value;
    const rows = filter === 'open' ? S.handoffs.filter((x) => x.status !== 'ended') : S.handoffs;
    const sig = JSON.stringify([filter, S.selected, S.selectedHandoff, rows]);
    if (sig === S.listSig) return; // unchanged: keep focus and scroll where they are
    S.listSig = sig;
    const ul = $('handoffs');
    ul.replaceChildren(...rows.map((hf) => {
      const s = hf.summary || {};
      const w = who(s);
      const quotes = (s.evidence || []).slice(0, 3);
      const current = hf.conversation_id === S.selected && (S.selectedHandoff === null || S.selectedHandoff === hf.id);
      return h('li', {},
        h('button', {
          type: 'button', class: 'row', 'data-testid': 'op-handoff', 'data-id': hf.id,
          'data-conversation': hf.conversation_id, 'data-status': hf.status, 'aria-current': current ? 'true' : 'false',
          onclick: () => select(hf),
        },
        h('span', { class: 'badges' }, ...badges(hf, s)),
        h('span', { class: 'who', text: w.label }),
        w.details ? h('span', { class: 'muted', text: w.details }) : null,
        s.open_question ? h('span', { class: 'q', text: `Open question: “${s.open_question}”` }) : null,
        quotes.length ? h('span', { class: 'quotes' }, ...quotes.map((q) => h('span', { class: 'quote', text: `“${q.text}”` }))) : null,
        h('time', { datetime: hf.created_at, title: when(hf.created_at), text: `${hf.reason ? `${hf.reason} · ` : ''}${ago(hf.created_at)}` })));
    }));
    $('empty').hidden = rows.length > 0;
    const waiting = S.handoffs.filter((x) => x.status === 'requested').length;
    document.title = `${waiting ? `(${waiting}) ` : ''}Handoffs · qualify operator`;
  }

  function select(hf) {
    S.selected = hf.conversation_id;
    S.selectedHandoff = hf.id;
    S.pendingReply = null;
    const p = new URLSearchParams(location.search);
    p.set('conversation', hf.conversation_id);
    history.replaceState(null, '', `${location.pathname}?${p}`);
    S.conv = null;
    renderList();
    showError(null);
    renderConversation();
    loadConversation().catch((err) => showError(`Could not load the conversation: ${err.message}`));
  }

  // ------------------------------------------------------------ the selected conversation
  /** The handoff the buttons act on: the conversation's open one, else the one picked in the list. */
  function currentHandoff() {
    if (S.conv && S.conv.handoff) return S.conv.handoff;
    const mine = S.handoffs.filter((x) => x.conversation_id === S.selected);
    return mine.find((x) => x.id === S.selectedHandoff) || mine[0] || null;
  }

  async function loadConversation() {
    if (!S.selected) return;
    const id = S.selected;
    try {
      const data = await api(`/api/v1/operator/conversations/${encodeURIComponent(id)}`);
      if (id !== S.selected) return; // the operator picked another one meanwhile
      S.conv = data;
      renderConversation();
    } catch (err) {
      if (err.status === 404) { S.conv = null; renderConversation(); showError('That conversation no longer exists (erased or never started).'); return; }
      throw err;
    }
  }

  function renderConversation() {
    $('placeholder').hidden = Boolean(S.selected);
    $('conv').hidden = !S.selected;
    if (!S.selected) return;
    const hf = currentHandoff();
    const s = (hf && hf.summary) || {};
    const w = who(s);
    $('d-who').textContent = w.label + (w.details ? ` (${w.details})` : '');
    $('d-badges').replaceChildren(...(hf ? badges(hf, { tier: (S.conv && S.conv.tier) || s.tier, icp_fit: (S.conv && S.conv.icp_fit) || s.icp_fit }) : []));
    renderSummary(hf, s);
    renderTranscript();

    const status = hf ? hf.status : 'none';
    $('take').disabled = status !== 'requested';
    $('handback').disabled = status !== 'live';
    const canReply = status === 'live';
    $('reply-input').disabled = !canReply;
    $('reply-send').disabled = !canReply;
    $('reply-input').placeholder = canReply ? 'Reply to the visitor (they see it in the chat within a few seconds)' : 'Take over to reply to the visitor';
    $('reply-hint').textContent = {
      requested: 'Waiting for a human. Take over and the assistant goes quiet while you talk.',
      live: `Live${hf && hf.taken_by ? ` with ${hf.taken_by}` : ''}: the assistant is quiet. Hand back when you are done.`,
      ended: 'Handed back: the assistant answers again.',
      none: 'No handoff open in this conversation.',
    }[status] || '';
  }

  function renderSummary(hf, s) {
    const box = $('d-summary');
    const rows = [];
    const add = (label, value) => { if (value) rows.push(h('dt', { text: label }), h('dd', {}, value)); };
    if (hf) add('Why', hf.reason);
    add('Open question', s.open_question ? `“${s.open_question}”` : null);
    const reasons = (S.conv && S.conv.reasons && S.conv.reasons.length ? S.conv.reasons : s.reasons) || [];
    add('Tier because', reasons.length ? h('ul', {}, ...reasons.map((r) => h('li', { text: typeof r === 'string' ? r : JSON.stringify(r) }))) : null);
    add('ICP', (s.icp_reasons || []).join('; '));
    if (s.evidence && s.evidence.length) {
      add('Evidence', h('ul', {}, ...s.evidence.map((q) => h('li', {},
        `“${q.text}” `, h('span', { class: 'shows', text: `(${(q.shows || []).join(', ')}${q.turn !== undefined ? `; turn ${q.turn}` : ''})` })))));
    }
    const page = s.page || {};
    add('Page', [page.title, page.url].filter(Boolean).join(' · '));
    const utm = page.utm && Object.entries(page.utm).map(([k, v]) => `${k}=${v}`).join(', ');
    add('Campaign', utm);
    if (hf) add('Opened', `${when(hf.created_at)}${hf.taken_at ? ` · taken ${when(hf.taken_at)} by ${hf.taken_by}` : ''}`);
    box.replaceChildren(rows.length ? h('dl', {}, ...rows) : h('p', { class: 'muted', text: 'No summary.' }));
  }

  function renderTranscript() {
    const list = $('transcript');
    if (S.shownFor !== S.selected) {
      list.replaceChildren();
      S.shownIds = new Set();
      S.shownFor = S.selected;
    }
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    let added = false;
    for (const m of (S.conv && S.conv.messages) || []) {
      if (S.shownIds.has(m.id)) continue;
      S.shownIds.add(m.id);
      added = true;
      const label = { visitor: 'Visitor', agent: 'Assistant', human: 'Human' }[m.role] || m.role;
      list.append(h('li', { class: m.role, 'data-role': m.role, 'data-id': m.id },
        h('div', { class: 'meta', text: `${label} · ${when(m.created_at)}` }),
        h('p', { class: 'text', text: m.text }),
        m.quick_replies && m.quick_replies.length ? h('div', { class: 'qr', text: `Buttons: ${m.quick_replies.join(' | ')}` }) : null));
    }
    if (added && (atBottom || list.children.length < 30)) list.scrollTop = list.scrollHeight;
  }

  function showError(text, retry) {
    const e = $('d-error');
    e.hidden = !text;
    e.replaceChildren();
    if (!text) return;
    e.append(text);
    if (retry) e.append(h('button', { type: 'button', class: 'btn ghost', text: 'Retry', onclick: retry }));
  }

  // ------------------------------------------------------------ actions
  function requireName() {
    if (operatorName()) return true;
    showError('Enter your name at the top first: the visitor and the audit log see who took over.');
    nameInput.focus();
    return false;
  }

  async function act(path, label) {
    const hf = currentHandoff();
    if (!hf || !requireName()) return;
    showError(null);
    try {
      await api(`/api/v1/operator/handoffs/${hf.id}/${path}`, { method: 'POST', body: { operator: operatorName() } });
      await refresh();
      if (path === 'take') $('reply-input').focus();
    } catch (err) {
      showError(`${label} failed: ${err.message}`);
      refresh();
    }
  }
  $('take').addEventListener('click', () => act('take', 'Take over'));
  $('handback').addEventListener('click', () => act('hand-back', 'Hand back'));

  async function sendReply() {
    const hf = currentHandoff();
    const text = $('reply-input').value.trim();
    if (!hf || !text || !requireName()) return;
    // Same text again after a failure: same id, so the server stores it once.
    if (!S.pendingReply || S.pendingReply.text !== text) S.pendingReply = { text, cid: uuid() };
    const { cid } = S.pendingReply;
    $('reply-send').disabled = true;
    showError(null);
    try {
      const m = await api(`/api/v1/operator/handoffs/${hf.id}/messages`, {
        method: 'POST', body: { operator: operatorName(), text, client_message_id: cid },
      });
      S.pendingReply = null;
      $('reply-input').value = '';
      if (S.conv && m && !S.shownIds.has(m.id)) { S.conv.messages.push(m); renderTranscript(); }
      $('reply-input').focus();
    } catch (err) {
      showError(`Not sent: ${err.message}`, () => sendReply());
    } finally {
      $('reply-send').disabled = currentHandoff() ? currentHandoff().status !== 'live' : true;
    }
  }
  $('reply').addEventListener('submit', (e) => { e.preventDefault(); sendReply(); });
  $('reply-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) { e.preventDefault(); sendReply(); }
  });
  $('filter').addEventListener('change', () => { S.listSig = ''; refresh(); });

  // ------------------------------------------------------------ polling
  async function refresh() {
    if (!S.key) { needKey('Enter the operator key (QUALIFY_OPERATOR_API_KEY) to see handoffs.'); return; }
    if (S.refreshing) return;
    S.refreshing = true;
    try {
      const f = $('filter').value;
      const query = ['requested', 'live', 'ended'].includes(f) ? `?status=${f}` : '';
      const list = await api(`/api/v1/operator/handoffs${query}`);
      S.handoffs = Array.isArray(list) ? list : (list && list.handoffs) || [];
      renderList();
      if (S.selected) await loadConversation();
      else renderConversation();
      setConn(`Updated ${new Date().toLocaleTimeString()}`);
    } catch (err) {
      if (err.status === 401) {
        S.key = '';
        try { sessionStorage.removeItem(KEY_STORE); } catch (_) { /* storage off */ }
        needKey('That key was not accepted. Enter the operator key (QUALIFY_OPERATOR_API_KEY).');
      } else if (err.status === 403) {
        setConn(err.message, true);
      } else {
        setConn(`Cannot reach the server (${err.message}); retrying…`, true);
      }
    } finally {
      S.refreshing = false;
    }
  }

  setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  refresh();
})();
