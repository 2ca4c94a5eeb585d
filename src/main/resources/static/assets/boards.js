// The boards page: four period tabs with paging, live through server-sent events, and a
// user lookup (stats, rank, around-me window, the last 30 days as a chart).
import { ApiError, call, el, number, onHealth, reportHealth, show } from './api.js';
import { drawHistory } from './history.js';

const API = '/api/redis-leaderboard';
const PAGE_SIZE = 10;
const RADIUS = 5;
const HISTORY_DAYS = 30;
// the board's stream carries its top only: a looked-up user further down is re-read this often
const STANDING_REFRESH_MILLIS = 3000;
const PERIOD_NAMES = { daily: 'today', weekly: 'this week', monthly: 'this month', yearly: 'this year' };

const $ = (id) => document.getElementById(id);

const state = {
  period: 'daily',
  offset: 0,
  total: 0,
  stream: null,
  streamRetry: null,
  user: null,
  rank: null, // { user, period, rank } last shown, to announce changes
  userRefresh: null,
  historyFor: null,
  scope: { kind: 'global', name: '' }, // or { kind: 'region' | 'org', name }
};

const SCOPE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;

// The scope of the boards, as a query parameter: region=eu, org=acme, or none.
function scopeParameter() {
  if (state.scope.kind === 'global') {
    return '';
  }
  return `${state.scope.kind}=${encodeURIComponent(state.scope.name)}`;
}

function scopeLabel() {
  return state.scope.kind === 'global' ? 'everyone'
    : `${state.scope.kind === 'region' ? 'region' : 'organisation'} ${state.scope.name}`;
}

/** The path with the chosen scope's query parameter added. */
function scoped(path) {
  const parameter = scopeParameter();
  if (!parameter) {
    return path;
  }
  return path + (path.includes('?') ? '&' : '?') + parameter;
}

// ---- the board

async function loadBoard() {
  const path = scoped(`${API}/${state.period}?limit=${PAGE_SIZE}&offset=${state.offset}`);
  try {
    const { json } = await call(path);
    // a board chosen meanwhile wins over this answer
    if (path === scoped(`${API}/${state.period}?limit=${PAGE_SIZE}&offset=${state.offset}`)) {
      renderBoard(json);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status !== 0) {
      // say why (an organisation's board without a token of it, a bad name) and show no rows
      loaded();
      $('board-meta').textContent = error.message;
      $('board-rows').replaceChildren();
      show($('board-table'), false);
      show($('board-empty'), false);
    }
  }
}

// The first board (or the reason there is none) ends the loading state; later reads
// replace the table in place.
function loaded() {
  if ($('board-panel').hasAttribute('aria-busy')) {
    $('board-panel').removeAttribute('aria-busy');
    show($('board-loading'), false);
    show($('board-pager'), true);
  }
}

function renderBoard(board) {
  loaded();
  state.total = board.total;
  if (state.offset > 0 && state.offset >= board.total) {
    // the board shrank (a reset): back to a page that exists
    state.offset = Math.max(0, Math.floor((board.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    loadBoard();
    return;
  }
  const rows = $('board-rows');
  rows.replaceChildren(...board.entries.map((entry) => row(entry, state.rank && state.rank.user)));
  show($('board-empty'), board.entries.length === 0);
  show($('board-table'), board.entries.length > 0);
  $('board-meta').textContent = `${number(board.total)} ${board.total === 1 ? 'person' : 'people'} since `
    + `${board.period_start}; resets ${new Date(board.resets_at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}`;
  const pages = Math.max(1, Math.ceil(board.total / PAGE_SIZE));
  const page = Math.floor(state.offset / PAGE_SIZE) + 1;
  $('page-info').textContent = `Page ${page} of ${pages}`;
  $('page-prev').disabled = state.offset === 0;
  $('page-next').disabled = state.offset + PAGE_SIZE >= board.total;
}

function row(entry, highlight) {
  const tr = el('tr');
  tr.dataset.user = entry.user_id;
  if (entry.user_id === highlight) {
    tr.className = 'me';
  }
  tr.append(el('td', entry.rank), el('td', entry.user_id, 'user'), el('td', number(entry.score), 'num'));
  return tr;
}

function selectPeriod(period, focus) {
  document.querySelectorAll('[role=tab]').forEach((tab) => {
    const selected = tab.dataset.period === period;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) {
      $('board-panel').setAttribute('aria-labelledby', tab.id);
      $('board-caption').textContent = `Board of ${PERIOD_NAMES[period]}, ${scopeLabel()}`;
      if (focus) {
        tab.focus();
      }
    }
  });
  if (period === state.period && state.stream) {
    return;
  }
  state.period = period;
  state.offset = 0;
  loadBoard();
  openStream();
  if (state.user) {
    loadStanding(false);
  }
}

// The scope selector: everyone's board at once; a region or an organisation once its
// name is given (Enter or the Show button).
function setUpScope() {
  const kind = $('scope');
  const name = $('scope-name');
  const named = () => kind.value !== 'global';
  kind.addEventListener('change', () => {
    [name, $('scope-go'), $('scope-hint')].forEach((element) => show(element, named()));
    if (named()) {
      name.focus();
    } else {
      selectScope({ kind: 'global', name: '' });
    }
  });
  $('scope-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (!named()) {
      selectScope({ kind: 'global', name: '' });
    } else if (SCOPE_NAME.test(value)) {
      selectScope({ kind: kind.value, name: value });
    } else {
      name.reportValidity();
    }
  });
}

function selectScope(scope) {
  if (scope.kind === state.scope.kind && scope.name === state.scope.name) {
    return;
  }
  state.scope = scope;
  state.offset = 0;
  $('board-caption').textContent = `Board of ${PERIOD_NAMES[state.period]}, ${scopeLabel()}`;
  loadBoard();
  openStream();
  if (state.user) {
    state.rank = null;
    loadStanding(false);
  }
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => selectPeriod(tab.dataset.period, false));
    // the ARIA tabs pattern: arrows move between tabs, Tab moves into the panel
    tab.addEventListener('keydown', (event) => {
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
        selectPeriod(next.dataset.period, true);
      }
    });
  });
  $('page-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadBoard();
  });
  $('page-next').addEventListener('click', () => {
    if (state.offset + PAGE_SIZE < state.total) {
      state.offset += PAGE_SIZE;
      loadBoard();
    }
  });
}

// ---- live: the board's first page as server-sent events

function openStream() {
  if (state.stream) {
    state.stream.close();
  }
  clearTimeout(state.streamRetry);
  const period = state.period;
  const stream = new EventSource(scoped(`${API}/${period}/events?limit=${PAGE_SIZE}`));
  state.stream = stream;
  stream.addEventListener('open', () => {
    $('live').textContent = 'live';
    $('live').className = 'live on';
    reportHealth({ down: false });
  });
  stream.addEventListener('source', (event) => reportHealth({ fallback: event.data === 'postgres' }));
  stream.addEventListener('board', (event) => {
    const board = JSON.parse(event.data);
    if (board.period !== state.period || stream !== state.stream) {
      return;
    }
    if (state.offset === 0) {
      renderBoard(board);
    } else {
      loadBoard();
    }
    if (state.user) {
      refreshStandingSoon();
    }
  });
  stream.addEventListener('error', () => {
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live off';
    // a board read tells whether the service is down or only the stream ended
    loadBoard();
    if (stream.readyState === EventSource.CLOSED && stream === state.stream) {
      // refused (too many streams) or not an event stream: try again later
      state.streamRetry = setTimeout(() => openStream(), 5000);
    }
  });
}

// ---- the user lookup

function setUpLookup() {
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('lookup-id').value.trim();
    if (!id) {
      return;
    }
    state.user = id;
    state.rank = null;
    state.historyFor = null;
    loadStanding(true);
  });
}

async function loadStanding(withHistory) {
  const user = state.user;
  const period = state.period;
  const encoded = encodeURIComponent(user);
  try {
    const [stats, rank] = await Promise.all([
      call(`${API}/user/${encoded}`),
      call(scoped(`${API}/user/${encoded}/rank/${period}`)),
    ]);
    if (user !== state.user) {
      return;
    }
    show($('lookup-error'), false);
    show($('lookup-result'), true);
    renderStats(stats.json);
    renderRank(rank.json);
  } catch (error) {
    if (user === state.user) {
      $('lookup-error').textContent = error.status === 404
        ? `No pomodoros were ever recorded for "${user}".` : error.message;
      show($('lookup-error'), true);
      show($('lookup-result'), false);
    }
    return;
  }
  loadAround(user, period);
  if (withHistory || state.historyFor !== user) {
    state.historyFor = user;
    loadHistory(user);
  }
}

function refreshStandingSoon() {
  clearTimeout(state.userRefresh);
  state.userRefresh = setTimeout(() => loadStanding(false), 150);
}

function renderStats(stats) {
  $('user-title').textContent = stats.user_id;
  $('stat-daily').textContent = number(stats.daily_pomo);
  $('stat-weekly').textContent = number(stats.weekly_pomo);
  $('stat-monthly').textContent = number(stats.monthly_pomo);
  $('stat-yearly').textContent = number(stats.yearly_pomo);
}

function renderRank(rank) {
  const where = PERIOD_NAMES[rank.period];
  let text;
  if (rank.rank === null || rank.rank === undefined) {
    text = `${rank.hidden ? 'Hidden from the boards' : 'Not on the board'} ${where}: no pomodoros yet.`;
  } else {
    text = `Rank ${rank.rank} of ${number(rank.total)} ${where}`;
    if (rank.top_percent !== undefined && rank.top_percent !== null) {
      text += ` · top ${rank.top_percent} %`;
    }
    text += ` · ${number(rank.score)} pomodoros`;
  }
  $('user-rank').textContent = text;
  const previous = state.rank;
  if (previous && previous.user === rank.user_id && previous.period === rank.period
      && previous.rank !== rank.rank && rank.rank !== null) {
    $('rank-announcer').textContent = previous.rank === null
      ? `${rank.user_id} is now on the board ${where}, at rank ${rank.rank}.`
      : `${rank.user_id} moved from rank ${previous.rank} to rank ${rank.rank} ${where}.`;
  }
  state.rank = { user: rank.user_id, period: rank.period, rank: rank.rank };
}

async function loadAround(user, period) {
  $('around-title').textContent = `Around ${user} ${PERIOD_NAMES[period]}`;
  try {
    const { json } = await call(scoped(`${API}/user/${encodeURIComponent(user)}/around/${period}?radius=${RADIUS}`));
    if (user !== state.user || period !== state.period) {
      return;
    }
    $('around-rows').replaceChildren(...json.entries.map((entry) => row(entry, user)));
    show($('around-table'), json.entries.length > 0);
    $('around-empty').textContent = 'No pomodoros in this period yet.';
    show($('around-empty'), json.entries.length === 0);
  } catch (error) {
    $('around-rows').replaceChildren();
    show($('around-table'), false);
    $('around-empty').textContent = error.status === 404 && !unknownUser(error)
      ? 'This service does not offer the around-me window.' : error.message;
    show($('around-empty'), true);
  }
}

// The last 30 days of daily totals: the service's daily history read when it has one,
// else one past-period read per day (docs/api.md), counted back from the service's own
// "today" (the daily board's period_start), never the browser's.
async function loadHistory(user) {
  $('history-summary').textContent = 'Loading…';
  try {
    const { days, scores } = await history(user);
    if (user !== state.user) {
      return;
    }
    drawHistory($('history-chart'), days, scores);
    const sum = scores.reduce((a, b) => a + b, 0);
    const best = scores.indexOf(Math.max(...scores));
    $('history-summary').textContent = sum === 0
      ? `${user}: no pomodoros in the last ${days.length} days.`
      : `${user}: ${number(sum)} pomodoros in the last ${days.length} days; best day ${days[best]} with ${number(scores[best])}.`;
  } catch (error) {
    if (user === state.user) {
      $('history-summary').textContent = `History not available: ${error.message}`;
    }
  }
}

async function history(user) {
  const encoded = encodeURIComponent(user);
  try {
    const { json } = await call(`${API}/user/${encoded}/history/daily?days=${HISTORY_DAYS}`, { current: false });
    return { days: json.entries.map((entry) => entry.period_start), scores: json.entries.map((entry) => entry.score) };
  } catch (error) {
    if (!(error.status === 404 && !unknownUser(error))) {
      throw error;
    }
  }
  // a service without the history read
  const today = (await call(`${API}/daily?limit=1`)).json.period_start;
  const days = [];
  const start = Date.parse(`${today}T00:00:00Z`);
  for (let i = HISTORY_DAYS - 1; i >= 0; i--) {
    days.push(new Date(start - i * 86400000).toISOString().slice(0, 10));
  }
  const scores = await Promise.all(days.map((day) => call(`${API}/user/${encoded}/rank/daily?date=${day}`, { current: false })
    .then(({ json }) => json.score || 0)
    // a day past the retention of daily totals (404) counts as nothing kept
    .catch((error) => {
      if (error.status === 404 && !unknownUser(error)) {
        return 0;
      }
      throw error;
    })));
  return { days, scores };
}

function unknownUser(error) {
  return Boolean(error.problem && error.problem.title === 'Unknown user');
}

// ---- banners

function setUpBanners() {
  onHealth((health) => {
    show($('banner-fallback'), health.fallback && !health.down);
    show($('banner-down'), health.down);
  });
}

setUpBanners();
setUpScope();
setUpTabs();
setUpLookup();
selectPeriod('daily', false);
setInterval(() => {
  if (state.user && !document.hidden && !$('lookup-result').hidden) {
    loadStanding(false);
  }
}, STANDING_REFRESH_MILLIS);
