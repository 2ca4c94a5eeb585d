// The boards page: four period tabs with paging, people or teams (regions, organisations),
// live through server-sent events, and a user lookup (stats, streak, rank, a personal live
// feed, around-me window, league group, the last 30 days as a chart).
//
// The page holds at most two event streams at a time: the board it shows and the user it
// looks up. Each replaces its predecessor (closed first), and a refused stream (429: the
// per-client cap) is tried again later with a growing delay, never in a tight loop.
import { ApiError, call, el, number, onHealth, reportHealth, show } from './api.js';
import { drawHistory } from './history.js';

const API = '/api/redis-leaderboard';
const PAGE_SIZE = 10;
const RADIUS = 5;
const HISTORY_DAYS = 30;
// the board's stream carries its top only: a looked-up user further down is re-read this often
const STANDING_REFRESH_MILLIS = 3000;
const PERIOD_NAMES = { daily: 'today', weekly: 'this week', monthly: 'this month', yearly: 'this year' };
// a closed (refused or ended) stream is opened again after this, doubled at each failure
const STREAM_RETRY_MILLIS = 5000;
const STREAM_RETRY_MAX_MILLIS = 60000;
// the team listings have no stream: re-read this often while shown
const TEAM_REFRESH_MILLIS = 5000;
const FEED_LOG_SIZE = 5;
const TEAM_KINDS = {
  regions: { field: 'region', one: 'region', many: 'regions', title: 'Region' },
  orgs: { field: 'org', one: 'organisation', many: 'organisations', title: 'Organisation' },
};

const $ = (id) => document.getElementById(id);

const state = {
  period: 'daily',
  offset: 0,
  total: 0,
  stream: null,
  streamRetry: null,
  streamFailures: 0,
  listing: 'users', // or 'regions' | 'orgs'
  userStream: null,
  userStreamRetry: null,
  userStreamFailures: 0,
  feedLive: false, // the user's feed delivered its first event
  feedRank: undefined, // the rank of the feed's previous event
  user: null,
  name: null, // the looked-up user's display name, null when none
  rank: null, // { user, period, rank } last shown, to announce changes
  userRefresh: null,
  leagueRefresh: null,
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

/** The name a user shows others when they have one, else their id: always used as text. */
function shownName(entry) {
  const name = entry && typeof entry.display_name === 'string' ? entry.display_name.trim() : '';
  return name || entry.user_id;
}

/** How the looked-up user is called in sentences. */
function lookedUp(userId) {
  return state.name && userId === state.user ? state.name : userId;
}

/** The delay before the next try of a stream that failed `failures` times in a row. */
function retryDelay(failures) {
  const base = Math.min(STREAM_RETRY_MAX_MILLIS, STREAM_RETRY_MILLIS * 2 ** Math.max(0, failures - 1));
  return base + Math.floor(Math.random() * 1000);
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
  if (state.listing !== 'users') {
    loadTeams();
    return;
  }
  const path = scoped(`${API}/${state.period}?limit=${PAGE_SIZE}&offset=${state.offset}`);
  try {
    const { json } = await call(path);
    // a board chosen meanwhile wins over this answer
    if (state.listing === 'users' && path === scoped(`${API}/${state.period}?limit=${PAGE_SIZE}&offset=${state.offset}`)) {
      renderBoard(json);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status !== 0 && state.listing === 'users') {
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
  if (state.listing !== 'users') {
    return;
  }
  loaded();
  show($('team-table'), false);
  state.total = board.total;
  if (state.offset > 0 && state.offset >= board.total) {
    // the board shrank (a reset): back to a page that exists
    state.offset = Math.max(0, Math.floor((board.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    loadBoard();
    return;
  }
  const rows = $('board-rows');
  rows.replaceChildren(...board.entries.map((entry) => row(entry, state.rank && state.rank.user)));
  $('board-empty').textContent = 'No pomodoros yet in this period.';
  show($('board-empty'), board.entries.length === 0);
  show($('board-table'), board.entries.length > 0);
  $('board-meta').textContent = `${number(board.total)} ${board.total === 1 ? 'person' : 'people'} since `
    + `${board.period_start}; resets ${resets(board.resets_at)}`;
  renderPager(board.total);
}

function resets(instant) {
  return new Date(instant).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

function renderPager(total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(state.offset / PAGE_SIZE) + 1;
  $('page-info').textContent = `Page ${page} of ${pages}`;
  $('page-prev').disabled = state.offset === 0;
  $('page-next').disabled = state.offset + PAGE_SIZE >= total;
}

function row(entry, highlight) {
  const tr = el('tr');
  tr.dataset.user = entry.user_id;
  if (entry.user_id === highlight) {
    tr.className = 'me';
  }
  tr.append(el('td', entry.rank), userCell(entry), el('td', number(entry.score), 'num'));
  return tr;
}

// the name as text; the id stays reachable (tooltip) when a name stands for it
function userCell(entry) {
  const shown = shownName(entry);
  const cell = el('td', shown, 'user');
  if (shown !== entry.user_id) {
    cell.title = entry.user_id;
  }
  return cell;
}

// ---- team listings: regions and organisations ranked by their members' sum

function teamPath() {
  return `${API}/${state.period}/${state.listing}?limit=${PAGE_SIZE}&offset=${state.offset}`;
}

async function loadTeams() {
  const listing = state.listing;
  const path = teamPath();
  try {
    const { json } = await call(path);
    if (state.listing === listing && path === teamPath()) {
      renderTeams(json);
    }
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0 || state.listing !== listing) {
      return;
    }
    loaded();
    const kind = TEAM_KINDS[listing];
    $('board-meta').textContent = '';
    $('board-error').textContent = error.status === 401 || error.status === 403
      ? `The ${kind.many}' board needs a token that may read every ${kind.one} (leaderboard:read-any), `
        + 'and this page sends none: it cannot be shown here.'
      : `The ${kind.many}' board is not available: ${error.message}`;
    $('team-rows').replaceChildren();
    show($('team-table'), false);
    show($('board-table'), false);
    show($('board-empty'), false);
    show($('board-error'), true);
    show($('board-pager'), false);
  }
}

function renderTeams(listing) {
  loaded();
  const kind = TEAM_KINDS[state.listing];
  state.total = listing.total;
  if (state.offset > 0 && state.offset >= listing.total) {
    state.offset = Math.max(0, Math.floor((listing.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    loadTeams();
    return;
  }
  show($('board-error'), false);
  show($('board-pager'), true);
  $('team-kind').textContent = kind.title;
  $('team-rows').replaceChildren(...listing.entries.map((entry) => {
    const tr = el('tr');
    tr.append(el('td', entry.rank), el('td', entry[kind.field], 'user'), el('td', number(entry.score), 'num'),
      el('td', number(entry.members), 'num'));
    return tr;
  }));
  show($('board-table'), false);
  show($('team-table'), listing.entries.length > 0);
  $('board-empty').textContent = `No ${kind.one} has pomodoros yet in this period.`;
  show($('board-empty'), listing.entries.length === 0);
  $('board-meta').textContent = `${number(listing.total)} ${listing.total === 1 ? kind.one : kind.many} with pomodoros since `
    + `${listing.period_start}; resets ${resets(listing.resets_at)}`;
  renderPager(listing.total);
}

function setUpListing() {
  // a value the browser restored into the selector is not what the page shows
  $('listing').value = state.listing;
  $('listing').addEventListener('change', () => {
    state.listing = $('listing').value in TEAM_KINDS ? $('listing').value : 'users';
    state.offset = 0;
    // team listings have no scope: the scope form is for people's boards
    show($('scope-form'), state.listing === 'users');
    captions();
    if (state.listing === 'users') {
      show($('team-table'), false);
      show($('board-error'), false);
      show($('board-pager'), !$('board-panel').hasAttribute('aria-busy'));
    }
    loadBoard();
  });
}

function captions() {
  $('board-caption').textContent = `Board of ${PERIOD_NAMES[state.period]}, ${scopeLabel()}`;
  if (state.listing in TEAM_KINDS) {
    const kind = TEAM_KINDS[state.listing];
    $('team-caption').textContent = `${kind.title}s ranked by pomodoros ${PERIOD_NAMES[state.period]}`;
  }
}

function selectPeriod(period, focus) {
  document.querySelectorAll('[role=tab]').forEach((tab) => {
    const selected = tab.dataset.period === period;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) {
      $('board-panel').setAttribute('aria-labelledby', tab.id);
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
  captions();
  loadBoard();
  openStream();
  if (state.user) {
    loadStanding(false);
    openUserStream();
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
  captions();
  loadBoard();
  openStream();
  if (state.user) {
    state.rank = null;
    loadStanding(false);
    openUserStream();
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
  // never a second board stream: the previous one is closed before
  if (state.stream) {
    state.stream.close();
    state.stream = null;
  }
  clearTimeout(state.streamRetry);
  const period = state.period;
  const stream = new EventSource(scoped(`${API}/${period}/events?limit=${PAGE_SIZE}`));
  state.stream = stream;
  stream.addEventListener('open', () => {
    if (stream !== state.stream) {
      return;
    }
    state.streamFailures = 0;
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
    if (state.listing !== 'users') {
      loadTeams();
    } else if (state.offset === 0) {
      renderBoard(board);
    } else {
      loadBoard();
    }
    if (state.user) {
      refreshStandingSoon();
    }
  });
  stream.addEventListener('error', () => {
    if (stream !== state.stream) {
      return;
    }
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live off';
    // a board read tells whether the service is down or only the stream ended
    loadBoard();
    if (stream.readyState === EventSource.CLOSED) {
      // refused (too many streams) or not an event stream: try again later, less often
      // after each failure
      state.streamFailures += 1;
      state.streamRetry = setTimeout(() => openStream(), retryDelay(state.streamFailures));
    }
  });
}

// ---- live: the looked-up user's rank as server-sent events (/user/{id}/events)

function closeUserStream() {
  clearTimeout(state.userStreamRetry);
  state.userStreamRetry = null;
  if (state.userStream) {
    state.userStream.close();
    state.userStream = null;
  }
  state.feedLive = false;
  state.feedRank = undefined;
}

function openUserStream() {
  // one user stream at most: the previous user's (or period's) is closed first
  closeUserStream();
  if (!state.user) {
    return;
  }
  const user = state.user;
  const period = state.period;
  const stream = new EventSource(scoped(`${API}/user/${encodeURIComponent(user)}/events?period=${period}`));
  state.userStream = stream;
  $('feed-status').textContent = 'connecting…';
  stream.addEventListener('open', () => {
    if (stream === state.userStream) {
      state.userStreamFailures = 0;
    }
  });
  stream.addEventListener('rank', (event) => {
    if (stream !== state.userStream) {
      return;
    }
    let standing;
    try {
      standing = JSON.parse(event.data);
    } catch (notJson) {
      return;
    }
    if (standing.user_id !== user || standing.period !== state.period || user !== state.user) {
      return;
    }
    onFeedEvent(standing);
  });
  stream.addEventListener('error', () => {
    if (stream !== state.userStream) {
      return;
    }
    state.feedLive = false;
    if (stream.readyState === EventSource.CLOSED) {
      // refused (429: this client holds too many streams), an unknown user, or the
      // service away: the rank is still re-read every few seconds; the feed is tried
      // again later, less often after each failure
      state.userStreamFailures += 1;
      const delay = retryDelay(state.userStreamFailures);
      $('feed-status').textContent = `Live changes paused; trying again in ${Math.round(delay / 1000)} s.`;
      state.userStreamRetry = setTimeout(() => {
        if (user === state.user && period === state.period && stream === state.userStream) {
          openUserStream();
        }
      }, delay);
    } else {
      $('feed-status').textContent = 'reconnecting…';
    }
  });
}

function onFeedEvent(standing) {
  const where = PERIOD_NAMES[standing.period];
  const first = !state.feedLive;
  state.feedLive = true;
  $('feed-status').textContent = `live: changes of ${lookedUp(standing.user_id)}'s rank ${where} show here.`;
  const previous = state.feedRank;
  state.feedRank = standing.rank;
  const overtaken = Array.isArray(standing.overtaken_by) ? standing.overtaken_by : [];
  const names = overtaken.map((passer) => shownName(passer)).join(', ');
  renderRank(standing, names);
  if (first) {
    return;
  }
  const moved = previous !== standing.rank;
  if (!moved && overtaken.length === 0) {
    // a new score with the same rank
    loadLeagueSoon();
    return;
  }
  let text;
  if (standing.rank === null || standing.rank === undefined) {
    text = `${standing.hidden ? 'hidden from the board' : 'off the board'} ${where}`;
  } else if (previous === null || previous === undefined) {
    text = `on the board ${where} at rank ${standing.rank}`;
  } else if (moved) {
    text = `rank ${previous} → ${standing.rank} ${where}`;
  } else {
    text = `still rank ${standing.rank} ${where}`;
  }
  const item = el('li');
  item.append(el('time', new Date().toLocaleTimeString('en', { hour12: false }), 'sub'), document.createTextNode(' '),
    el('span', text));
  if (names) {
    item.append(document.createTextNode(' · '), el('span', `overtaken by ${names}`, 'overtaken'));
  }
  const log = $('feed-log');
  log.prepend(item);
  while (log.children.length > FEED_LOG_SIZE) {
    log.lastElementChild.remove();
  }
  loadLeagueSoon();
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
    state.name = null;
    state.rank = null;
    state.historyFor = null;
    $('feed-log').replaceChildren();
    show($('league'), false);
    show($('streak'), false);
    openUserStream();
    loadStanding(true);
    loadLeague(id);
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
      if (error.status === 404 && unknownUser(error)) {
        // nothing to follow: the feed of an unknown user is refused anyway
        closeUserStream();
        state.user = null;
      }
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
  // the name, when the service knows names and the user has one, always as text
  state.name = typeof stats.display_name === 'string' && stats.display_name.trim() ? stats.display_name : null;
  $('user-title').textContent = state.name ? `${state.name} (${stats.user_id})` : stats.user_id;
  renderStreak(stats.streak);
  $('stat-daily').textContent = number(stats.daily_pomo);
  $('stat-weekly').textContent = number(stats.weekly_pomo);
  $('stat-monthly').textContent = number(stats.monthly_pomo);
  $('stat-yearly').textContent = number(stats.yearly_pomo);
}

// The streak of the stats object, when the service has streaks: hidden otherwise.
function renderStreak(streak) {
  if (!streak || typeof streak !== 'object' || typeof streak.current !== 'number') {
    show($('streak'), false);
    return;
  }
  $('streak-current').textContent = `${number(streak.current)} ${streak.current === 1 ? 'day' : 'days'}`;
  const longest = typeof streak.longest === 'number' ? `longest ${number(streak.longest)}` : '';
  const last = streak.last_day ? `last ${streak.last_day}` : 'no day yet';
  $('streak-longest').textContent = `(${[longest, last].filter(Boolean).join(', ')})`;
  show($('streak'), true);
}

// The rank line, and an announcement to screen readers when it moved (or, from the live
// feed, when someone passed the user): from the periodic reads and the feed alike, each
// change announced once.
function renderRank(rank, overtakenBy = '') {
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
  const who = lookedUp(rank.user_id);
  const passed = overtakenBy ? ` Overtaken by ${overtakenBy}.` : '';
  if (previous && previous.user === rank.user_id && previous.period === rank.period
      && previous.rank !== rank.rank && rank.rank !== null && rank.rank !== undefined) {
    $('rank-announcer').textContent = (previous.rank === null
      ? `${who} is now on the board ${where}, at rank ${rank.rank}.`
      : `${who} moved from rank ${previous.rank} to rank ${rank.rank} ${where}.`) + passed;
  } else if (passed && previous && previous.user === rank.user_id && previous.period === rank.period) {
    // the periodic read saw the move first: say who passed
    $('rank-announcer').textContent = `${who}, rank ${rank.rank} ${where}.${passed}`;
  }
  state.rank = { user: rank.user_id, period: rank.period, rank: rank.rank };
}

// ---- the league group of the looked-up user (the current season)

async function loadLeague(user) {
  clearTimeout(state.leagueRefresh);
  try {
    const { json } = await call(`${API}/leagues/user/${encodeURIComponent(user)}`);
    if (user === state.user) {
      renderLeague(json, user);
    }
  } catch (error) {
    if (user !== state.user || !(error instanceof ApiError) || error.status === 0) {
      return;
    }
    $('league-rows').replaceChildren();
    show($('league-table'), false);
    $('league-legend').textContent = '';
    // no group this season (404), or a service without leagues: a short note
    $('league-meta').textContent = error.status === 404 && !unknownUser(error)
      ? 'Not in a league group this season.' : '';
    show($('league'), error.status === 404 && !unknownUser(error));
  }
}

function loadLeagueSoon() {
  clearTimeout(state.leagueRefresh);
  const user = state.user;
  state.leagueRefresh = setTimeout(() => {
    if (user && user === state.user) {
      loadLeague(user);
    }
  }, 300);
}

const OUTCOMES = {
  promoting: 'on course to move up', staying: 'on course to stay', demoting: 'on course to move down',
  promoted: 'moved up', stayed: 'stayed', demoted: 'moved down',
};

function renderLeague(league, user) {
  const promote = Number(league.promote) || 0;
  const demoteBelow = typeof league.demote_below === 'number' ? league.demote_below : null;
  $('league-title').textContent = `League: ${league.tier}, group ${league.group}`;
  const standing = league.user && league.user.rank !== null && league.user.rank !== undefined
    ? `${lookedUp(user)} is rank ${league.user.rank} of ${number(league.members)}`
      + (OUTCOMES[league.user.outcome] ? `, ${OUTCOMES[league.user.outcome]}` : '')
    : `${number(league.members)} members`;
  $('league-meta').textContent = `${standing}. Season since ${league.season_start}, ends ${resets(league.ends_at)}.`;
  $('league-caption').textContent = `League ${league.tier}, group ${league.group}: members by rank, with the zones`;
  $('league-rows').replaceChildren(...league.entries.map((entry) => {
    const tr = row(entry, user);
    const zone = zoneOf(entry.rank, promote, demoteBelow);
    if (zone) {
      tr.classList.add(zone);
      tr.dataset.zone = zone;
      // the zone in words, not by colour alone
      tr.firstElementChild.append(' ', el('span', zone === 'promote' ? '▲ up' : '▼ down', 'zone'));
    }
    return tr;
  }));
  show($('league-table'), league.entries.length > 0);
  const parts = [];
  if (promote > 0) {
    parts.push(`▲ up: the top ${promote} ${promote === 1 ? 'rank moves' : 'ranks move'} up a tier`);
  }
  if (demoteBelow !== null) {
    parts.push(`▼ down: ranks below ${demoteBelow} move down a tier`);
  }
  $('league-legend').textContent = parts.length ? `${parts.join('; ')} at the season's end.` : '';
  show($('league'), true);
}

function zoneOf(rank, promote, demoteBelow) {
  if (promote > 0 && rank <= promote) {
    return 'promote';
  }
  if (demoteBelow !== null && rank > demoteBelow) {
    return 'demote';
  }
  return null;
}

async function loadAround(user, period) {
  $('around-title').textContent = `Around ${lookedUp(user)} ${PERIOD_NAMES[period]}`;
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
    const who = lookedUp(user);
    $('history-summary').textContent = sum === 0
      ? `${who}: no pomodoros in the last ${days.length} days.`
      : `${who}: ${number(sum)} pomodoros in the last ${days.length} days; best day ${days[best]} with ${number(scores[best])}.`;
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
setUpListing();
setUpScope();
setUpTabs();
setUpLookup();
selectPeriod('daily', false);
setInterval(() => {
  if (state.user && !document.hidden && !$('lookup-result').hidden) {
    loadStanding(false);
  }
}, STANDING_REFRESH_MILLIS);
setInterval(() => {
  if (state.listing !== 'users' && !document.hidden) {
    loadTeams();
  }
}, TEAM_REFRESH_MILLIS);
