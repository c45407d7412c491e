'use strict';
// The console's page: asks for the admin token once (kept in this tab's sessionStorage), then draws
// /api/overview every few seconds. Plain DOM, no library; text is always set as text, never as HTML.
(function () {
  const body = document.body;
  const refreshMs = Number(body.dataset.refreshSeconds) * 1000;
  const preScale = Number(body.dataset.preScalePercent) / 100;
  const palette = ['#3b7dd8', '#e08a00', '#2e9d5b', '#a445b2', '#d6455d', '#1aa3a3', '#8a6d3b', '#5c6bc0',
    '#c2185b', '#558b2f', '#6d4c41', '#00838f'];
  const colours = {};
  let timer = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function row(cells) {
    const tr = el('tr');
    cells.forEach(function (c) { tr.appendChild(c instanceof Node ? wrap(c) : el('td', c)); });
    return tr;
  }

  function wrap(node) { const td = el('td'); td.appendChild(node); return td; }

  function fill(tbody, rows) {
    tbody.replaceChildren.apply(tbody, rows);
  }

  function colour(cell) {
    if (!colours[cell]) colours[cell] = palette[Object.keys(colours).length % palette.length];
    return colours[cell];
  }

  function bar(ratio, line) {
    const b = el('span', null, 'bar');
    const f = el('span', null, 'fill' + (ratio >= 0.8 ? ' urgent' : ratio >= line ? ' over' : ''));
    f.style.width = Math.min(100, ratio * 100).toFixed(1) + '%';
    const l = el('span', null, 'line');
    l.style.left = (line * 100) + '%';
    b.appendChild(f);
    b.appendChild(l);
    b.title = (ratio * 100).toFixed(1) + ' % full';
    return b;
  }

  function progressBar(ratio) {
    const b = el('span', null, 'bar');
    const f = el('span', null, 'fill');
    f.style.width = Math.min(100, ratio * 100).toFixed(1) + '%';
    b.appendChild(f);
    return b;
  }

  function seconds(s) {
    if (s === null || s === undefined) return '–';
    return s >= 60 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s' : s + ' s';
  }

  function draw(o) {
    if (o.error) {
      document.getElementById('status').textContent = o.error + ' (as of ' + new Date(o.at).toLocaleTimeString() + ')';
      return;
    }
    fill(document.querySelector('#cells tbody'), o.cells.map(function (c) {
      const health = el('span', c.healthy ? 'healthy' : 'unhealthy', c.healthy ? 'healthy' : 'unhealthy');
      const fillCell = c.fill === null ? '–' : bar(c.fill, o.preScaleLine);
      const wrapFill = el('span');
      if (fillCell instanceof Node) {
        wrapFill.appendChild(fillCell);
        wrapFill.appendChild(el('span', ' ' + (c.fill * 100).toFixed(1) + ' %'));
      } else {
        wrapFill.textContent = fillCell;
      }
      const breakers = Object.keys(c.breakerOpenAt).map(function (r) {
        const open = c.breakerOpenAt[r];
        return r + ': ' + (open === null ? '?' : open ? 'open' : 'closed');
      }).join(', ') || '–';
      const tr = row([c.name, c.state, health, c.shapes === null ? '–' : c.shapes, wrapFill, breakers]);
      tr.dataset.cell = c.name;
      tr.dataset.healthy = String(c.healthy);
      return tr;
    }));
    const strip = document.getElementById('strip');
    const legend = document.getElementById('legend');
    if (o.map) {
      document.getElementById('map-version').textContent = 'version ' + o.map.version + ' (' + o.map.scheme + ')';
      strip.dataset.version = String(o.map.version);
      strip.replaceChildren.apply(strip, o.map.strip.map(function (r) {
        const d = el('div');
        d.style.width = ((r.to - r.from) / 16384 * 100) + '%';
        d.style.background = colour(r.cell);
        d.title = r.cell + ': buckets ' + r.from + '–' + r.to;
        return d;
      }));
      const cells = Array.from(new Set(o.map.strip.map(function (r) { return r.cell; })));
      legend.replaceChildren.apply(legend, cells.map(function (c) {
        const s = el('span');
        const i = el('i');
        i.style.background = colour(c);
        s.appendChild(i);
        s.appendChild(document.createTextNode(c));
        return s;
      }));
      fill(document.querySelector('#map-history tbody'), o.map.history.slice().reverse().map(function (h) {
        return row([h.version, new Date(h.createdAt).toLocaleString(), h.reason]);
      }));
    }
    fill(document.querySelector('#splits tbody'), o.splits.map(function (s) {
      const progress = el('span');
      if (s.progress !== null) {
        progress.appendChild(progressBar(s.progress));
        progress.appendChild(el('span', ' ' + Math.round(s.progress * 100) + ' %'));
      } else {
        progress.textContent = '–';
      }
      const tr = row([s.id, s.source + ' → ' + s.target, s.range, s.phase, progress, s.rowsPerSecond,
        seconds(s.etaSeconds), s.writePauseMs === null ? '–' : s.writePauseMs + ' ms']);
      tr.dataset.split = String(s.id);
      tr.dataset.phase = s.phase;
      return tr;
    }));
    fill(document.querySelector('#routers tbody'), o.routers.map(function (r) {
      return row([r.name, r.answering ? 'yes' : 'no', r.answering ? r.mapVersion : '–',
        r.answering ? r.mapAgeSeconds + ' s' : '–', r.answering ? r.inFlight : '–', r.answering ? r.shedPerSecond : '–']);
    }));
    fill(document.querySelector('#tenants tbody'), o.tenants.map(function (t) {
      return row([t.tenant, t.shapes, t.width === null ? '–' : t.width, Object.keys(t.shapesPerCell).map(function (c) {
        return c + ' ' + t.shapesPerCell[c];
      }).join(', ')]);
    }));
    document.getElementById('status').textContent = 'updated ' + new Date(o.at).toLocaleTimeString();
  }

  function signOut(message) {
    sessionStorage.removeItem('shapes-admin-token');
    if (timer) clearTimeout(timer);
    document.getElementById('console').hidden = true;
    document.getElementById('sign-in').hidden = false;
    document.getElementById('sign-out').hidden = true;
    document.getElementById('status').textContent = message;
  }

  function refresh() {
    const token = sessionStorage.getItem('shapes-admin-token');
    if (!token) return;
    fetch('/api/overview', { headers: { 'Authorization': 'Bearer ' + token }, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          signOut('the token was refused');
          return null;
        }
        if (!response.ok) throw new Error('the console answered ' + response.status);
        return response.json();
      })
      .then(function (overview) {
        if (!overview) return;
        document.getElementById('console').hidden = false;
        document.getElementById('sign-in').hidden = true;
        document.getElementById('sign-out').hidden = false;
        draw(overview);
        timer = setTimeout(refresh, refreshMs);
      })
      .catch(function (e) {
        document.getElementById('status').textContent = 'no answer (' + e.message + '); trying again';
        timer = setTimeout(refresh, refreshMs);
      });
  }

  document.getElementById('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem('shapes-admin-token', document.getElementById('token').value);
    document.getElementById('token').value = '';
    refresh();
  });
  document.getElementById('sign-out').addEventListener('click', function () { signOut('not signed in'); });
  refresh();
}());
