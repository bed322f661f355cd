// Drives static/widget.js in jsdom against an in-memory fake of the widget API (docs/api.md).
// Run: cd agent/web/tests && npm install && npm run check
import { JSDOM, ResourceLoader } from 'jsdom';
import fs from 'node:fs';
import assert from 'node:assert/strict';

const WIDGET = fs.readFileSync(new URL('../static/widget.js', import.meta.url), 'utf8');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 3000) {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timeout: ${what}`);
    await sleep(10);
  }
}

function fakeServer(opts = {}) {
  const srv = {
    calls: [], convs: new Map(), nextId: 1, fail: new Map(), replies: [], cfg: opts.cfg || {},
  };
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const sse = (events) => {
    const enc = new TextEncoder();
    const stream = new ReadableStream({
      async start(ctl) {
        for (const [ev, data] of events) {
          const raw = `event: ${ev}\r\ndata: ${JSON.stringify(data)}\r\n\r\n`;
          // split in awkward places to exercise the parser
          const cut = Math.floor(raw.length / 2);
          ctl.enqueue(enc.encode(raw.slice(0, cut)));
          await sleep(2);
          ctl.enqueue(enc.encode(raw.slice(cut)));
        }
        ctl.close();
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  const msg = (conv, role, text, quick = [], extra = {}) => {
    const m = { id: srv.nextId++, role, text, quick_replies: quick, created_at: new Date().toISOString(), ...extra };
    conv.messages.push(m);
    return m;
  };
  srv.msg = msg;
  srv.fetch = async (url, init = {}) => {
    const u = new URL(url);
    const method = init.method || 'GET';
    const body = init.body ? JSON.parse(init.body) : undefined;
    const headers = init.headers || {};
    srv.calls.push({ method, path: u.pathname + u.search, body, headers });
    assert.equal(headers['X-Widget-Key'], 'demo-widget-key');
    const key = `${method} ${u.pathname}`;
    if (srv.fail.has(key) && srv.fail.get(key).length) return json(srv.fail.get(key).shift(), { error: { code: 'x', message: 'x' } });
    if (u.pathname === '/api/v1/widget/config') {
      return json(200, {
        company: 'Lumen Pipeline', product: 'Lumen',
        disclosure: "You're chatting with an AI assistant; a human can join during business hours.",
        status: { online: false, banner: 'Our team is offline until Mon 9:00am ET.' },
        proactive: {}, ...srv.cfg,
      });
    }
    if (method === 'POST' && u.pathname === '/api/v1/conversations') {
      const id = `c${srv.convs.size + 1}`;
      const conv = { id, token: `t-${id}`, messages: [], handoff: null, seen: new Map() };
      srv.convs.set(id, conv);
      msg(conv, 'agent', 'Comparing Starter vs Growth? How big is the team?', ['Under 20 people', '20-100']);
      return json(201, { conversation_id: id, token: conv.token, messages: conv.messages.slice(), status: srv.status || { online: false, banner: 'Our team is offline until Mon 9:00am ET.' } });
    }
    const m = /^\/api\/v1\/conversations\/([^/]+)(\/messages)?$/.exec(u.pathname);
    if (m) {
      const conv = srv.convs.get(decodeURIComponent(m[1]));
      if (!conv) return json(404, { error: { code: 'not_found', message: 'no' } });
      assert.equal(headers.Authorization, `Bearer ${conv.token}`);
      if (!m[2]) return json(200, { conversation_id: conv.id, messages: conv.messages, handoff: conv.handoff || { status: 'none' }, status: { online: true } });
      if (method === 'GET') {
        const after = Number(u.searchParams.get('after'));
        return json(200, conv.messages.filter((x) => x.id > after));
      }
      // POST a visitor message
      if (conv.seen.has(body.client_message_id)) return sse(conv.seen.get(body.client_message_id));
      msg(conv, 'visitor', body.text);
      let events;
      if (conv.handoff && conv.handoff.status === 'live') events = [['done', { tier_changed: false }]];
      else {
        const r = srv.replies.shift() || { text: `You said: ${body.text}`, quick: [] };
        const reply = msg(conv, 'agent', r.text, r.quick);
        const words = r.text.match(/.{1,7}/g);
        events = [['typing', {}], ...words.map((w) => ['delta', { text: w }]), ['message', reply]];
        if (r.quick.length) events.push(['quick_replies', { options: r.quick }]);
        events.push(['done', { tier_changed: false }]);
      }
      conv.seen.set(body.client_message_id, events);
      return sse(events);
    }
    return json(404, { error: { code: 'not_found', message: u.pathname } });
  };
  return srv;
}

class Loader extends ResourceLoader {
  fetch(url) {
    if (url.endsWith('/widget.js')) return Promise.resolve(Buffer.from(WIDGET));
    return super.fetch(url);
  }
}

async function page(srv, { url = 'http://site.test/demo/pricing?utm_source=linkedin&utm_medium=paid', storage = null, before = '', attrs = '' } = {}) {
  const dom = new JSDOM(`<!doctype html><html><head><title>Pricing | Lumen</title><style>div{color:red!important} button{display:none!important}</style></head><body>
    <h1>Pricing</h1><script>window.events=[];['ready','message','opened','closed'].forEach(n=>addEventListener('qualify:'+n,e=>events.push([n,e.detail])));${before}</script>
    <script src="http://api.test/widget.js" data-key="demo-widget-key" ${attrs} async></script></body></html>`, {
    url, runScripts: 'dangerously', resources: new Loader(), pretendToBeVisual: true,
    referrer: 'https://www.google.com/',
    beforeParse(w) {
      w.fetch = srv.fetch;
      w.TextDecoder = TextDecoder; w.TextEncoder = TextEncoder; w.ReadableStream = ReadableStream;
      w.matchMedia = (q) => ({ matches: q.includes('pointer') });
      if (!w.crypto.randomUUID) w.crypto.randomUUID = () => crypto.randomUUID();
      if (storage) for (const [k, v] of Object.entries(storage)) w.localStorage.setItem(k, v);
    },
  });
  const w = dom.window;
  await until(() => w.events && w.events.some((e) => e[0] === 'ready'), 'ready');
  const root = w.document.querySelector('#qualify-widget').shadowRoot;
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const $$ = (id) => [...root.querySelectorAll(`[data-testid="${id}"]`)];
  return { dom, w, root, $, $$ };
}

const type = (p, text) => {
  p.$('qualify-input').value = text;
  p.$('qualify-send').click();
};

// 1. boot, open, opener, context
{
  const srv = fakeServer();
  const p = await page(srv);
  assert.ok(p.$('qualify-launcher'));
  assert.equal(p.$('qualify-panel').hidden, true);
  assert.equal(p.$('qualify-banner').textContent, 'Our team is offline until Mon 9:00am ET.');
  assert.match(p.$('qualify-disclosure').textContent, /AI assistant/);
  assert.equal(p.root.querySelector('h2').textContent, 'Lumen Pipeline');
  p.$('qualify-launcher').click();
  assert.equal(p.$('qualify-panel').hidden, false);
  assert.equal(p.root.activeElement, p.$('qualify-input'));
  assert.equal(p.w.$qualify.isOpen(), true);
  await until(() => p.$$('qualify-message').length === 1, 'opener');
  const create = srv.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/conversations');
  assert.deepEqual(create.body.context.utm, { source: 'linkedin', medium: 'paid' });
  assert.equal(create.body.context.visit_count, 1);
  assert.equal(create.body.context.page_title, 'Pricing | Lumen');
  assert.equal(create.body.context.referrer, 'https://www.google.com/');
  assert.ok(create.body.context.timezone);
  assert.equal(p.$$('qualify-quick-reply').length, 2);
  assert.deepEqual(JSON.parse(p.w.localStorage.getItem('qualify:demo-widget-key:conversation')), { conversation_id: 'c1', token: 't-c1' });

  // 2. stream with slot quick replies, and hostile text
  srv.replies.push({ text: 'Pick one <img src=x onerror="window.pwned=1"> see https://lumenpipeline.example/pricing-guide.', quick: ['Wed 11:00am ET', 'Thu 2:30pm ET', 'None of these work'] });
  type(p, '<b>hi</b> we are 50 people');
  await until(() => p.$$('qualify-message').length === 3 && !p.root.querySelector('[data-streaming]') && p.$$('qualify-quick-reply').length === 3, 'reply');
  const msgs = p.$$('qualify-message');
  assert.equal(msgs[1].dataset.role, 'visitor');
  assert.equal(msgs[1].querySelector('.bubble').textContent, '<b>hi</b> we are 50 people');
  assert.equal(msgs[1].querySelector('b'), null);
  assert.equal(msgs[2].dataset.role, 'agent');
  assert.equal(msgs[2].querySelector('img'), null);
  const a = msgs[2].querySelector('a');
  assert.equal(a.href, 'https://lumenpipeline.example/pricing-guide');
  assert.equal(a.rel, 'noopener noreferrer nofollow');
  assert.equal(a.target, '_blank');
  assert.equal(p.w.pwned, undefined);
  const chips = p.$$('qualify-quick-reply');
  assert.deepEqual(chips.map((c) => c.dataset.kind), ['slot', 'slot', 'reply']);
  assert.ok(p.$('qualify-slot-picker'));
  assert.equal(p.$('qualify-typing').hidden, true);
  // opener quick replies are gone (only under the last agent message)
  assert.equal(msgs[0].querySelector('.qr'), null);

  // 3. click a slot
  chips[0].click();
  await until(() => p.$$('qualify-message').length === 5 && !p.root.querySelector('[data-streaming]'), 'slot reply');
  assert.equal(p.$$('qualify-message')[3].querySelector('.bubble').textContent, 'Wed 11:00am ET');
  assert.equal(p.$$('qualify-quick-reply').length, 0);

  // 4. failure then retry with the same client id
  srv.fail.set('POST /api/v1/conversations/c1/messages', [500]);
  type(p, 'are you there?');
  await until(() => p.$('qualify-retry'), 'retry button');
  const sent = srv.calls.filter((c) => c.path === '/api/v1/conversations/c1/messages' && c.method === 'POST');
  const cid = sent.at(-1).body.client_message_id;
  p.$('qualify-retry').click();
  await until(() => p.$$('qualify-message').length === 7 && !p.root.querySelector('[data-streaming]'), 'retried');
  const sent2 = srv.calls.filter((c) => c.path === '/api/v1/conversations/c1/messages' && c.method === 'POST');
  assert.equal(sent2.at(-1).body.client_message_id, cid);
  assert.equal(p.$('qualify-retry'), null);

  // 5. 409 then fine
  srv.fail.set('POST /api/v1/conversations/c1/messages', [409]);
  type(p, 'second try');
  await until(() => p.$$('qualify-message').length === 9 && !p.root.querySelector('[data-streaming]'), '409 retried', 4000);

  // 6. events
  const names = p.w.events.map((e) => e[0]);
  assert.ok(names.includes('opened'));
  assert.equal(names.filter((n) => n === 'message').length, 9);

  // 7. Escape closes, focus back on launcher
  p.$('qualify-input').focus();
  p.$('qualify-input').dispatchEvent(new p.w.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  assert.equal(p.$('qualify-panel').hidden, true);
  assert.equal(p.root.activeElement, p.$('qualify-launcher'));
  assert.ok(p.w.events.some((e) => e[0] === 'closed'));
  assert.equal(p.w.document.body.innerHTML.includes('qualify-message'), false);
  p.w.close();

  // 8. reload: restore, handoff live, human message by polling; no duplicate visitor line
  const conv = srv.convs.get('c1');
  conv.handoff = { status: 'live' };
  const storage = { 'qualify:demo-widget-key:conversation': JSON.stringify({ conversation_id: 'c1', token: 't-c1' }) };
  const q = await page(srv, { url: 'http://site.test/demo/integrations', storage });
  q.w.$qualify.open();
  await until(() => q.$$('qualify-message').length === 9, 'restored');
  assert.equal(q.$('qualify-banner'), null); // the restored conversation says the team is online now
  assert.equal(q.w.events.filter((e) => e[0] === 'message').length, 0); // history is not re-announced
  type(q, 'can I talk to Maya?');
  await until(() => q.$$('qualify-message').length === 10 && !q.root.querySelector('.pending'), 'sent while live');
  srv.msg(conv, 'human', 'Hi, Maya here. Happy to help!', [], { author: 'Maya Chen' });
  await until(() => q.$$('qualify-message').length === 11, 'human message polled', 5000);
  const hm = q.$$('qualify-message')[10];
  assert.equal(hm.dataset.role, 'human');
  assert.match(hm.querySelector('.who').textContent, /Maya Chen/);
  assert.equal(q.$$('qualify-message').filter((r) => r.dataset.role === 'visitor' && r.textContent.includes('Maya?')).length, 1);
  assert.ok(srv.calls.some((c) => c.path.startsWith('/api/v1/conversations/c1/messages?after=')));
  q.w.$qualify.close();
  const polls = srv.calls.length;
  await sleep(3300);
  assert.equal(srv.calls.length, polls, 'no polling while closed');
  q.w.close();
}

// 9. queue, setUser, proactive time on page (no focus steal), stale token -> new conversation
{
  const srv = fakeServer({ cfg: { proactive: { time_on_page_s: 0 }, status: { online: true, banner: null } } });
  const storage = { 'qualify:demo-widget-key:conversation': JSON.stringify({ conversation_id: 'gone', token: 'x' }) };
  const p = await page(srv, { storage, before: "window.$qualifyQueue=[['setUser',{email:'jane@acme.test',name:'Jane'}],['setAttributes',{plan:'trial',bad:{x:1}}]];" });
  assert.equal(p.$('qualify-banner'), null);
  await until(() => p.$$('qualify-message').length === 1, 'proactive opener');
  assert.notEqual(p.root.activeElement, p.$('qualify-input'));
  const create = srv.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/conversations');
  assert.deepEqual(create.body.user, { email: 'jane@acme.test', name: 'Jane' });
  assert.deepEqual(create.body.attributes, { plan: 'trial' });
  assert.equal(p.w.events.find((e) => e[0] === 'opened')[1].trigger, 'time_on_page');
  // queue after load runs at once
  p.w.$qualifyQueue.push(['close']);
  assert.equal(p.w.$qualify.isOpen(), false);
  p.w.close();
}

// 10. data-api override, config failure keeps the widget hidden
{
  const srv = fakeServer();
  const seen = [];
  const f = srv.fetch;
  srv.fetch = (url, init) => { seen.push(url); return f(String(url).replace('/base/', '/'), init); };
  const p = await page(srv, { attrs: 'data-api="http://other.test/base/"' });
  assert.ok(seen[0].startsWith('http://other.test/base/api/v1/widget/config?page_url='));
  p.w.close();
}
console.log('widget checks: ok');

// 11. exit intent fires once; closing blocks later triggers; narrow screens get a dot
{
  const srv = fakeServer({ cfg: { proactive: { exit_intent: true, returning_visitor: true } } });
  const p = await page(srv);
  assert.equal(p.w.$qualify.isOpen(), false); // first visit: returning_visitor does not fire
  p.w.document.dispatchEvent(new p.w.MouseEvent('mouseout', { clientY: -2, relatedTarget: null, bubbles: true }));
  assert.equal(p.w.$qualify.isOpen(), true);
  p.w.$qualify.close();
  p.w.document.dispatchEvent(new p.w.MouseEvent('mouseout', { clientY: -2, relatedTarget: null, bubbles: true }));
  assert.equal(p.w.$qualify.isOpen(), false);
  await sleep(100);
  p.w.close();
  // returning visitor (visit 2 after 31 minutes idle), narrow screen -> dot, no panel
  const srv2 = fakeServer({ cfg: { proactive: { returning_visitor: true } } });
  const storage = { 'qualify:demo-widget-key:visit': JSON.stringify({ visit_count: 1, last_seen: Date.now() - 31 * 60 * 1000 }) };
  const q = await page(srv2, { storage, before: 'window.matchMedia=(q)=>({matches:true});' });
  await sleep(1700);
  assert.equal(q.w.$qualify.isOpen(), false);
  assert.equal(q.root.querySelector('.dot').hidden, false);
  assert.equal(JSON.parse(q.w.localStorage.getItem('qualify:demo-widget-key:visit')).visit_count, 2);
  q.w.close();
}
console.log('proactive checks: ok');
