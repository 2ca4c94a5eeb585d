// The operators' view: the admin token (session storage only), the admin status, and
// sync and reset behind a confirmation dialog.
import { ApiError, call, el, number, show } from './api.js';

const API = '/api/redis-leaderboard/admin';
const KEY = 'leaderboard.adminToken';
const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem(KEY);
}

function admin(path, method = 'GET') {
  return call(`${API}${path}`, { method, headers: { Authorization: `Bearer ${token()}` } });
}

function refused(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

function signedOut(message) {
  sessionStorage.removeItem(KEY);
  show($('panel'), false);
  show($('sign-in'), true);
  $('token-error').textContent = message || '';
  show($('token-error'), Boolean(message));
}

async function refresh() {
  try {
    const { json } = await admin('/status');
    show($('sign-in'), false);
    show($('token-error'), false);
    show($('panel'), true);
    renderStatus(json);
    return true;
  } catch (error) {
    if (refused(error)) {
      signedOut('That token was refused: it is not this service\'s admin token (LEADERBOARD_ADMIN_TOKEN). Nothing was changed.');
    } else {
      $('overall').textContent = `Status not available: ${error.message}`;
    }
    return false;
  }
}

function renderStatus(status) {
  const cache = status.cache || {};
  const lookups = (cache.hits || 0) + (cache.misses || 0);
  const hitRate = lookups === 0 ? 'no lookups yet' : `${(100 * cache.hits / lookups).toFixed(1)} %`;
  const redis = status.redis || {};
  const postgres = status.postgres || {};
  $('overall').textContent = `Status ${status.status || '?'} · Redis ${redis.connected ? 'connected' : 'DOWN'}`
    + ` · PostgreSQL ${postgres.connected ? 'connected' : 'DOWN'} · cache hit rate ${hitRate}`;
  // the boards as one table; every other section as it comes, so that fields added to
  // the status show up without a change here
  const boards = status.leaderboards;
  $('boards-status').replaceChildren(...(boards && typeof boards === 'object' ? [boardTable(boards)] : []));
  const sections = Object.entries(status)
    .filter(([name, value]) => name !== 'leaderboards' && value && typeof value === 'object');
  $('status').replaceChildren(...sections.map(([name, value]) => section(name, value)));
  $('status').dataset.hitRate = hitRate;
}

function boardTable(boards) {
  const columns = [...new Set(Object.values(boards).flatMap((board) => Object.keys(flatObject(board))))];
  const table = el('table');
  table.className = 'boards-table';
  table.append(el('caption', 'leaderboards'));
  const head = el('tr');
  head.append(el('th', 'board'), ...columns.map((column) => el('th', column.replaceAll('_', ' '))));
  head.querySelectorAll('th').forEach((th) => { th.scope = 'col'; });
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  Object.entries(boards).forEach(([name, board]) => {
    const tr = el('tr');
    const th = el('th', name);
    th.scope = 'row';
    const flat = flatObject(board);
    tr.append(th, ...columns.map((column) => el('td', format(flat[column]))));
    body.append(tr);
  });
  table.append(thead, body);
  const wrapper = el('div', null, 'scroll-x');
  wrapper.append(table);
  return wrapper;
}

function flatObject(value) {
  return Object.fromEntries(value && typeof value === 'object' ? flatten(value, '') : []);
}

function section(name, value) {
  const table = el('table');
  table.append(el('caption', name));
  const body = el('tbody');
  flatten(value, '').forEach(([key, leaf]) => {
    const tr = el('tr');
    const th = el('th', key.replaceAll('_', ' '));
    th.scope = 'row';
    tr.append(th, el('td', format(leaf), 'num'));
    tr.dataset.key = `${name}.${key}`;
    body.append(tr);
  });
  table.append(body);
  table.className = 'status-table';
  return table;
}

function flatten(value, prefix) {
  return Object.entries(value).flatMap(([key, leaf]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return leaf && typeof leaf === 'object' && !Array.isArray(leaf) ? flatten(leaf, path) : [[path, leaf]];
  });
}

function format(value) {
  if (typeof value === 'number') {
    return number(value);
  }
  if (value === null || value === undefined) {
    return '–';
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function confirmThen(text, yesLabel, action) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-yes').textContent = yesLabel;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'yes') {
      action();
    } else {
      $('action-result').textContent = 'Cancelled; nothing was changed.';
    }
  }, { once: true });
  dialog.showModal();
}

async function run(label, path) {
  $('action-result').textContent = `${label}…`;
  try {
    const { json } = await admin(path, 'POST');
    $('action-result').textContent = `${label} done: ${Object.entries(json).map(([k, v]) => `${k} ${format(v)}`).join(', ')}.`;
    refresh();
  } catch (error) {
    if (refused(error)) {
      signedOut('The token was refused. Nothing was changed.');
    } else {
      $('action-result').textContent = `${label} failed: ${error.message}`;
    }
  }
}

$('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = $('token').value.trim();
  if (!value) {
    return;
  }
  sessionStorage.setItem(KEY, value);
  $('token').value = '';
  if (await refresh()) {
    $('refresh').focus();
  }
});
$('refresh').addEventListener('click', refresh);
$('forget').addEventListener('click', () => {
  signedOut('');
  $('token').focus();
});
$('sync').addEventListener('click', () => confirmThen(
  'Rebuild every current board and the user cache from PostgreSQL? Reads stay available meanwhile.',
  'Sync now', () => run('Sync', '/sync')));
$('reset').addEventListener('click', () => {
  const period = $('reset-period').value;
  confirmThen(`Set every user's ${period} count to 0, in PostgreSQL and Redis? This cannot be undone.`,
    `Reset ${period}`, () => run(`Reset of ${period}`, `/reset/${period}`));
});

if (token()) {
  refresh();
}
