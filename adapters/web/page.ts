/**
 * The local web chat page: plain HTML, CSS and a little script, no framework and nothing loaded from
 * outside localhost. Cards arrive as server-rendered HTML over Server-Sent Events.
 */
export const TOKEN_PLACEHOLDER = '__MAILCHECK_PAGE_TOKEN__';

/** The page with this run's token in it (a cross-site page cannot read it: same-origin policy). */
export function page(token: string): string {
  return PAGE.replace(TOKEN_PLACEHOLDER, token);
}

const PAGE = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="mc-token" content="${TOKEN_PLACEHOLDER}">
<title>Mailcheck</title>
<style>
  :root { --bg:#f4f6f8; --fg:#1b1f24; --muted:#5b6570; --card:#fff; --line:#dde3e8; --ok:#1a7f37; --bad:#c62828; --warn:#b26a00; --info:#1f6feb; --accent:#154273; }
  * { box-sizing: border-box; }
  body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--fg); display:flex; flex-direction:column; height:100vh; }
  header { background:var(--accent); color:#fff; padding:10px 18px; font-weight:600; letter-spacing:.2px; }
  header small { font-weight:400; opacity:.8; margin-left:8px; }
  #log { flex:1; overflow-y:auto; padding:18px; display:flex; flex-direction:column; gap:12px; }
  .me { align-self:flex-end; background:var(--accent); color:#fff; padding:8px 12px; border-radius:12px 12px 2px 12px; max-width:70%; white-space:pre-wrap; }
  .card { align-self:flex-start; background:var(--card); border:1px solid var(--line); border-left:4px solid var(--muted); border-radius:8px; padding:12px 14px; max-width:760px; width:100%; box-shadow:0 1px 2px rgba(0,0,0,.04); }
  .card.st-passed { border-left-color:var(--ok); } .card.st-failed { border-left-color:var(--bad); } .card.st-warning { border-left-color:var(--warn); } .card.st-error { border-left-color:#7b1fa2; }
  .headline { font-weight:600; margin-bottom:6px; }
  table.rows { border-collapse:collapse; width:100%; }
  table.rows td, table.rows th { text-align:left; vertical-align:top; padding:4px 6px; border-top:1px solid var(--line); }
  table.rows th { white-space:nowrap; width:1%; font-weight:600; }
  td.icon { width:1.6em; text-align:center; font-weight:700; }
  tr.st-passed td.icon { color:var(--ok); } tr.st-failed td.icon { color:var(--bad); } tr.st-warning td.icon { color:var(--warn); } tr.st-info td.icon { color:var(--info); } tr.st-pending td { color:var(--muted); }
  .actions { margin-top:10px; display:flex; gap:8px; flex-wrap:wrap; }
  button { font:inherit; border:1px solid var(--line); background:#fff; border-radius:6px; padding:5px 10px; cursor:pointer; }
  button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
  .footer { margin-top:8px; color:var(--muted); font-size:13px; }
  .thread { margin:8px 0 0 18px; padding-left:10px; border-left:2px solid var(--line); display:flex; flex-direction:column; gap:8px; }
  .thread .card { box-shadow:none; }
  pre { background:#0d1117; color:#e6edf3; padding:8px 10px; border-radius:6px; overflow-x:auto; font-size:13px; }
  code { background:#eef1f4; padding:1px 4px; border-radius:4px; font-size:13px; }
  form { display:flex; gap:8px; padding:12px 18px; background:#fff; border-top:1px solid var(--line); }
  input { flex:1; font:inherit; padding:9px 12px; border:1px solid var(--line); border-radius:6px; }
</style>
</head>
<body>
<header>Mailcheck <small>lokale webchat · local web chat</small></header>
<main id="log" aria-live="polite"></main>
<form id="f"><input id="t" autocomplete="off" placeholder="/mailcheck gemeente.nl" aria-label="bericht / message" maxlength="2000"><button class="primary">Verstuur</button></form>
<script>
(function () {
  var client = localStorage.getItem('mc-client') || (Math.random().toString(36).slice(2) + Date.now().toString(36));
  localStorage.setItem('mc-client', client);
  var token = document.querySelector('meta[name="mc-token"]').getAttribute('content');
  var log = document.getElementById('log');
  function place(html, parent) {
    var box = document.createElement('div');
    box.innerHTML = html;
    var card = box.firstChild;
    if (parent) {
      var p = log.querySelector('[data-wrap="' + parent + '"]');
      var t = p && p.querySelector('.thread');
      if (t) { t.appendChild(card); return; }
    }
    var wrap = document.createElement('div');
    wrap.setAttribute('data-wrap', card.getAttribute('data-id'));
    wrap.style.display = 'flex'; wrap.style.flexDirection = 'column';
    var thread = document.createElement('div'); thread.className = 'thread';
    wrap.appendChild(card); wrap.appendChild(thread); log.appendChild(wrap);
    log.scrollTop = log.scrollHeight;
  }
  var es = new EventSource('/api/web/events?client=' + encodeURIComponent(client) + '&token=' + encodeURIComponent(token));
  es.onmessage = function (e) {
    var m = JSON.parse(e.data);
    if (m.type === 'update') {
      var old = log.querySelector('.card[data-id="' + m.id + '"]');
      if (old) { var box = document.createElement('div'); box.innerHTML = m.html; old.replaceWith(box.firstChild); return; }
    }
    if (m.type === 'me') { var d = document.createElement('div'); d.className = 'me'; d.textContent = m.text; log.appendChild(d); log.scrollTop = log.scrollHeight; return; }
    place(m.html, m.parent);
  };
  function post(url, body) { return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mailcheck-token': token }, body: JSON.stringify(body) }); }
  document.getElementById('f').addEventListener('submit', function (e) {
    e.preventDefault();
    var t = document.getElementById('t');
    if (!t.value.trim()) return;
    post('/api/web/message', { client: client, text: t.value, id: Math.random().toString(36).slice(2) });
    t.value = '';
  });
  log.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-action]');
    if (!b) return;
    post('/api/web/action', { client: client, action: b.getAttribute('data-action'), value: b.getAttribute('data-value'), message: b.getAttribute('data-message'), id: Math.random().toString(36).slice(2) });
  });
})();
</script>
</body>
</html>`;
