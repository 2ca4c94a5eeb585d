// <leaderboard-board> and <leaderboard-user>: the leaderboard service's boards and one
// user's standing, live, on any page. docs/clients.md ("Web component") lists the
// attributes, events and theming variables, and the CSP and CORS a host page needs.
//
// Loaded as <script type="module" src="https://leaderboard.example.com/widget.js">: the
// service is wherever this file came from (import.meta.url), so a page on another origin
// needs no configuration. Nothing is fetched from anywhere but that service, nothing is
// written into the page as markup, and no inline style or script is made, so a host page
// with a strict Content-Security-Policy can use it.

const HOME = new URL('./', import.meta.url);
const API_PATH = 'api/redis-leaderboard/';
const WHEN = { daily: 'today', weekly: 'this week', monthly: 'this month', yearly: 'this year' };
const TITLE = { daily: 'Today', weekly: 'This week', monthly: 'This month', yearly: 'This year' };
const MAX_LIMIT = 100;
// a refused stream (429: the client's LEADERBOARD_EVENTS_PER_CLIENT is used up; 503) is
// tried again after 3 s, then 6, 12 ... up to a minute, never in a loop
const RETRY_MILLIS = 3000;
const RETRY_MAX_MILLIS = 60000;
const STATUS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  paused: 'Live updates paused, trying again…',
  missing: 'No pomodoros recorded for this user yet.',
  error: 'Cannot show this leaderboard.',
};

// ---- shared streams: one EventSource per board and one per user feed, per page

/** Open feeds by key; a feed leaves the map when its last component detaches. */
const feeds = new Map();

/**
 * One server-sent event stream shared by every component on the page that follows the
 * same board (or the same user's feed). The service caps the streams one client holds
 * (LEADERBOARD_EVENTS_PER_CLIENT, 4 by default, boards and user feeds together), so a
 * page with many components must hold one stream per thing it follows, not one per
 * component. The stream opens after the task that attached the first component, so that
 * the components of one document share the first stream and its limit, and closes a task
 * after the last one detaches, so that moving an element in the page keeps it.
 */
class Feed {
  constructor(key, kind) {
    this.key = key;
    this.kind = kind;
    this.members = new Set();
    this.stream = null;
    this.state = 'connecting';
    this.detail = '';
    this.data = null;
    this.failures = 0;
    this.timer = null;
    this.closed = false;
    this.streamLimit = 0;
  }

  add(member) {
    this.members.add(member);
    member.feedState(this.state, this.detail);
    if (this.data) {
      member.feedData(this.data);
    }
    if (!this.stream && this.timer === null && this.failures === 0) {
      this.timer = setTimeout(() => this.open(), 0);
    } else if (this.stream && this.kind.limit(this) > this.streamLimit) {
      // a component wants more entries than the stream carries: one stream, reopened
      this.stream.close();
      this.stream = null;
      this.open();
    }
  }

  remove(member) {
    this.members.delete(member);
    setTimeout(() => {
      if (this.members.size === 0 && feeds.get(this.key) === this) {
        feeds.delete(this.key);
        this.close();
      }
    }, 0);
  }

  open() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) {
      return;
    }
    this.streamLimit = this.kind.limit(this);
    const stream = new EventSource(this.kind.streamUrl(this.streamLimit));
    this.stream = stream;
    stream.addEventListener('open', () => {
      if (stream === this.stream) {
        this.failures = 0;
        this.setState('live');
      }
    });
    stream.addEventListener(this.kind.event, (event) => {
      if (stream !== this.stream) {
        return;
      }
      let body;
      try {
        body = JSON.parse(event.data);
      } catch (notJson) {
        return;
      }
      this.failures = 0;
      this.setState('live');
      this.kind.received(this, body);
    });
    stream.addEventListener('error', () => {
      if (stream !== this.stream) {
        return;
      }
      if (stream.readyState === EventSource.CLOSED) {
        // refused (429, 503, 403, 404 ...): the browser gives up, so the feed tries
        // again itself, later; a plain read tells why and keeps the numbers current
        this.stream = null;
        this.refused();
      } else {
        // the connection dropped: the browser reconnects by itself and the service
        // sends the current board (or standing) first
        this.setState(this.data ? 'reconnecting' : 'connecting');
      }
    });
  }

  async refused() {
    this.failures += 1;
    const outcome = await this.kind.read(this);
    if (this.closed) {
      return;
    }
    if (outcome.status >= 200 && outcome.status < 300) {
      this.setState('paused');
    } else if (outcome.status === 404 && this.kind.missingOn404) {
      this.setState('missing');
    } else if (outcome.status === 400 || outcome.status === 401 || outcome.status === 403) {
      // the attributes or the service's rules: trying again changes nothing
      this.setState('error', outcome.detail);
      return;
    } else {
      this.setState(this.data ? 'reconnecting' : 'connecting',
        outcome.status === 0 ? 'the leaderboard is not answering' : outcome.detail);
    }
    const delay = Math.min(RETRY_MAX_MILLIS, RETRY_MILLIS * 2 ** (this.failures - 1));
    // a little spread, so that many pages refused together do not come back together
    this.timer = setTimeout(() => this.open(), delay + Math.floor(Math.random() * 1000));
  }

  publish(data) {
    this.data = data;
    this.members.forEach((member) => member.feedData(data));
  }

  setState(state, detail = '') {
    if (state === this.state && detail === this.detail) {
      return;
    }
    this.state = state;
    this.detail = detail;
    this.members.forEach((member) => member.feedState(state, detail));
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.stream) {
      this.stream.close();
      this.stream = null;
    }
  }
}

function join(key, kind, member) {
  let feed = feeds.get(key);
  if (!feed) {
    feed = new Feed(key, kind);
    feeds.set(key, feed);
  }
  feed.add(member);
  return feed;
}

/** GET of a JSON read: { status, body, detail }, status 0 when nothing answered. */
async function read(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  } catch (unreachable) {
    // also what a page on an origin not in LEADERBOARD_CORS_ORIGINS sees
    return { status: 0, body: null, detail: '' };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (notJson) {
    body = null;
  }
  const detail = (!response.ok && body && (body.detail || body.title)) || '';
  return { status: response.status, body, detail: String(detail) };
}

function scopeQuery(params, scope) {
  if (scope.region) {
    params.set('region', scope.region);
  }
  if (scope.org) {
    params.set('org', scope.org);
  }
  return params;
}

/** What a board feed streams and reads: GET /{period}/events and GET /{period}. */
function boardKind(api, period, scope) {
  const query = (limit) => scopeQuery(new URLSearchParams({ limit: String(limit) }), scope);
  return {
    event: 'board',
    missingOn404: false,
    // the largest limit any of its components asks for; each shows its own first rows
    limit: (feed) => Math.max(1, ...[...feed.members].map((member) => member.limit)),
    streamUrl: (limit) => new URL(`${period}/events?${query(limit)}`, api),
    received: (feed, board) => feed.publish(board),
    read: async (feed) => {
      const outcome = await read(new URL(`${period}?${query(feed.kind.limit(feed))}`, api));
      if (outcome.status === 200 && outcome.body) {
        feed.publish(outcome.body);
      }
      return outcome;
    },
  };
}

/**
 * What a user feed streams and reads: GET /user/{id}/events, and GET /user/{id}/rank
 * when the stream is refused. The stats (GET /user/{id}: the name and the streak, which
 * the rank events do not carry) are read with the first standing and again whenever the
 * score moves, once for all the feed's components.
 */
function userKind(api, userId, period, scope) {
  const user = `user/${encodeURIComponent(userId)}`;
  const query = () => scopeQuery(new URLSearchParams({ period }), scope);
  const withStats = async (feed, standing) => {
    const previous = feed.data;
    feed.publish({ standing, stats: previous ? previous.stats : null });
    if (!previous || !previous.stats || previous.standing.score !== standing.score) {
      const stats = await read(new URL(user, api));
      if (stats.status === 200 && stats.body && feed.data && feed.data.standing === standing) {
        feed.publish({ standing, stats: stats.body });
      }
    }
  };
  return {
    event: 'rank',
    missingOn404: true,
    limit: () => 1,
    streamUrl: () => new URL(`${user}/events?${query()}`, api),
    received: (feed, standing) => withStats(feed, standing),
    read: async (feed) => {
      const scoped = scopeQuery(new URLSearchParams(), scope).toString();
      const outcome = await read(new URL(`${user}/rank/${period}${scoped ? `?${scoped}` : ''}`, api));
      if (outcome.status === 200 && outcome.body) {
        await withStats(feed, { ...outcome.body, overtaken_by: [] });
      }
      return outcome;
    },
  };
}

// ---- the elements

const STYLES = `
:host {
  display: block;
  box-sizing: border-box;
  font-family: var(--leaderboard-font, inherit);
  font-size: var(--leaderboard-font-size, 1rem);
  line-height: 1.4;
  color: var(--leaderboard-color, inherit);
  background: var(--leaderboard-background, transparent);
  border: 1px solid var(--leaderboard-border-color, rgba(128, 128, 128, .35));
  border-radius: var(--leaderboard-radius, .5em);
  padding: var(--leaderboard-padding, .75em);
}
:host([hidden]) { display: none; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption, .name { text-align: start; font-weight: 600; padding-bottom: .4em; color: var(--leaderboard-heading-color, inherit); }
th { text-align: start; font-weight: 600; white-space: nowrap; color: var(--leaderboard-muted-color, inherit);
  border-bottom: 1px solid var(--leaderboard-border-color, rgba(128, 128, 128, .35)); }
th, td { padding: .3em .5em; }
.rank, .score { text-align: end; white-space: nowrap; }
.rank { width: 1%; }
td.who { overflow-wrap: anywhere; }
tbody tr:nth-child(even) { background: var(--leaderboard-stripe-color, rgba(128, 128, 128, .08)); }
tr.leader td { color: var(--leaderboard-accent-color, inherit); font-weight: 600; }
td.empty { text-align: center; color: var(--leaderboard-muted-color, inherit); opacity: .8; }
p { margin: 0; }
.name { padding-bottom: .2em; overflow-wrap: anywhere; }
.period { font-weight: normal; color: var(--leaderboard-muted-color, inherit); }
dl { display: grid; grid-template-columns: auto 1fr; gap: .15em .8em; margin: .3em 0; font-variant-numeric: tabular-nums; }
dt { color: var(--leaderboard-muted-color, inherit); }
dd { margin: 0; }
dd.big { color: var(--leaderboard-accent-color, inherit); font-weight: 600; }
.overtaken { font-size: .9em; overflow-wrap: anywhere; }
.status { margin-top: .5em; font-size: .85em; color: var(--leaderboard-muted-color, inherit); }
.status::before { content: "● "; color: var(--leaderboard-muted-color, rgba(128, 128, 128, .8)); }
.status[data-state=live]::before { color: var(--leaderboard-live-color, #1e7d32); }
.status[data-state=reconnecting]::before, .status[data-state=paused]::before { color: var(--leaderboard-warning-color, #b26a00); }
.status[data-state=error]::before { color: var(--leaderboard-error-color, #c62828); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let sheet = null;

/**
 * The styles as a constructed stylesheet, shared by every component: CSP's style-src does
 * not apply to it, where a <style> element in the shadow root would need 'unsafe-inline'
 * on the host page. Browsers without constructed stylesheets (Safari before 16.4) show
 * the components unstyled.
 */
function adoptStyles(root) {
  if (!('adoptedStyleSheets' in root)) {
    return;
  }
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  root.adoptedStyleSheets = [sheet];
}

/** An element with text only: values from the service never become markup. */
function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) {
    element.textContent = String(text);
  }
  if (className) {
    element.className = className;
  }
  return element;
}

function nameOf(entry) {
  return entry.display_name || entry.user_id;
}

function scopeLabel(scope) {
  return scope.region ? ` (region ${scope.region})` : scope.org ? ` (organisation ${scope.org})` : '';
}

/** What both elements share: attributes to a feed, the feed's state to the status line. */
class LeaderboardElement extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.root);
    this.feed = null;
    this.currentState = 'connecting';
    this.active = false;
    this.pending = false;
  }

  /** connecting, live, reconnecting, paused, missing or error */
  get state() {
    return this.currentState;
  }

  connectedCallback() {
    this.active = true;
    this.subscribe();
  }

  disconnectedCallback() {
    this.active = false;
    this.unsubscribe();
  }

  attributeChangedCallback(name, before, after) {
    // several attributes set in one go follow one feed change; the calls made while the
    // element is upgraded come before connectedCallback, which subscribes anyway
    if (before === after || !this.active || this.pending) {
      return;
    }
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.active) {
        this.unsubscribe();
        this.subscribe();
      }
    });
  }

  get period() {
    return (this.getAttribute('period') || 'daily').trim();
  }

  get scope() {
    return { region: this.getAttribute('region') || '', org: this.getAttribute('org') || '' };
  }

  /** The API's root: from the base attribute, else next to where widget.js came from. */
  api() {
    const base = this.getAttribute('base');
    let root = HOME;
    if (base) {
      root = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI);
    }
    return new URL(API_PATH, root);
  }

  subscribe() {
    this.render();
    const problem = this.problem();
    if (problem) {
      this.feedState('error', problem);
      return;
    }
    const { key, kind } = this.feedOf(this.api());
    this.feed = join(key, kind, this);
  }

  unsubscribe() {
    if (this.feed) {
      this.feed.remove(this);
      this.feed = null;
    }
  }

  problem() {
    if (!WHEN[this.period]) {
      return 'period must be daily, weekly, monthly or yearly';
    }
    return '';
  }

  feedState(state, detail) {
    const changed = state !== this.currentState;
    this.currentState = state;
    this.status.dataset.state = state;
    this.status.textContent = detail ? `${STATUS[state]} (${detail})` : STATUS[state];
    this.busy(state);
    if (changed) {
      this.dispatchEvent(new CustomEvent('leaderboard-state', { detail: { state, detail }, bubbles: true, composed: true }));
    }
  }

  busy() {
  }

  announce(text) {
    this.announcer.textContent = text;
  }

  updated(detail) {
    this.dispatchEvent(new CustomEvent('leaderboard-update', { detail, bubbles: true, composed: true }));
  }

  /** The status line (role=status) and a quiet line for announcements of changes. */
  statusLines() {
    this.status = el('p', STATUS.connecting, 'status');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('part', 'status');
    this.status.dataset.state = 'connecting';
    this.announcer = el('p', '', 'visually-hidden');
    this.announcer.setAttribute('aria-live', 'polite');
    return [this.status, this.announcer];
  }
}

/**
 * <leaderboard-board period="weekly" limit="10" region="eu" org="acme" base="…" label="…">:
 * the first entries of a board as a table, updated live.
 */
class LeaderboardBoard extends LeaderboardElement {
  static get observedAttributes() {
    return ['period', 'limit', 'region', 'org', 'base', 'label', 'score-label'];
  }

  get limit() {
    const limit = Number.parseInt(this.getAttribute('limit') || '10', 10);
    return Number.isFinite(limit) ? Math.min(MAX_LIMIT, Math.max(1, limit)) : 10;
  }

  feedOf(api) {
    const scope = this.scope;
    return {
      key: `board ${api} ${this.period} ${scope.region} ${scope.org}`,
      kind: boardKind(api, this.period, scope),
    };
  }

  render() {
    this.board = null;
    this.order = null;
    const table = el('table');
    table.setAttribute('part', 'table');
    const when = WHEN[this.period] ? `${TITLE[this.period]}` : 'Leaderboard';
    const caption = el('caption', this.getAttribute('label') || `${when}'s leaderboard${scopeLabel(this.scope)}`);
    caption.setAttribute('part', 'caption');
    const head = el('thead');
    const row = el('tr');
    [['Rank', 'rank'], ['Name', 'who'], [this.getAttribute('score-label') || 'Pomodoros', 'score']].forEach(
      ([text, className]) => {
        const th = el('th', text, className);
        th.setAttribute('scope', 'col');
        row.append(th);
      });
    head.append(row);
    this.body = el('tbody');
    this.body.append(this.message('Loading…'));
    table.append(caption, head, this.body);
    this.table = table;
    this.root.replaceChildren(table, ...this.statusLines());
  }

  busy(state) {
    // busy until the first board arrives: no empty table is ever presented as the board
    if (this.board || state === 'error' || state === 'missing') {
      this.table.removeAttribute('aria-busy');
      if (!this.board) {
        this.body.replaceChildren(this.message('Not available.'));
      }
    } else {
      this.table.setAttribute('aria-busy', 'true');
    }
  }

  message(text) {
    const tr = el('tr');
    const td = el('td', text, 'empty');
    td.colSpan = 3;
    tr.append(td);
    return tr;
  }

  feedData(board) {
    if (board.period !== this.period) {
      return;
    }
    this.board = board;
    this.table.removeAttribute('aria-busy');
    const entries = (board.entries || []).slice(0, this.limit);
    const rows = entries.map((entry) => {
      const tr = el('tr', null, entry.rank === 1 ? 'leader' : '');
      tr.setAttribute('part', entry.rank === 1 ? 'row leader' : 'row');
      const who = el('td', nameOf(entry), 'who');
      if (entry.display_name) {
        // the id stays reachable where a name is shown
        who.title = entry.user_id;
      }
      tr.append(el('td', entry.rank, 'rank'), who, el('td', entry.score, 'score'));
      return tr;
    });
    this.body.replaceChildren(...(rows.length ? rows : [this.message('No one on this board yet.')]));
    // announced when the order changes, not at every point scored: a busy board would
    // otherwise talk all the time
    const order = entries.map((entry) => entry.user_id).join('\n');
    if (this.order !== null && order !== this.order) {
      const top = entries.slice(0, 3).map((entry) => `${entry.rank}. ${nameOf(entry)}, ${entry.score}`);
      this.announce(`Standings changed: ${top.join('; ')}`);
    }
    this.order = order;
    this.updated({ ...board, entries });
  }
}

/**
 * <leaderboard-user user-id="alice" period="weekly" region="eu" org="acme" base="…">: one
 * user's name, rank, score, top percent and streak, updated live from their feed.
 */
class LeaderboardUser extends LeaderboardElement {
  static get observedAttributes() {
    return ['user-id', 'period', 'region', 'org', 'base', 'score-label'];
  }

  get userId() {
    return (this.getAttribute('user-id') || '').trim();
  }

  problem() {
    return this.userId ? super.problem() : 'the user-id attribute is missing';
  }

  feedOf(api) {
    const scope = this.scope;
    return {
      key: `user ${api} ${this.userId} ${this.period} ${scope.region} ${scope.org}`,
      kind: userKind(api, this.userId, this.period, scope),
    };
  }

  render() {
    this.last = null;
    this.name = el('span', this.userId || '—');
    this.name.setAttribute('part', 'name');
    const heading = el('p', null, 'name');
    heading.append(this.name, el('span', WHEN[this.period] ? ` · ${WHEN[this.period]}${scopeLabel(this.scope)}` : '', 'period'));
    this.list = el('dl');
    this.list.setAttribute('part', 'stats');
    this.values = {};
    const rows = [['rank', 'Rank'], ['score', this.getAttribute('score-label') || 'Pomodoros'], ['top', 'Top'],
      ['streak', 'Streak']];
    rows.forEach(([key, label]) => {
      const dt = el('dt', label);
      const dd = el('dd', '…', key === 'rank' ? 'big' : '');
      this.values[key] = { dt, dd };
      this.list.append(dt, dd);
    });
    this.overtaken = el('p', '', 'overtaken');
    this.overtaken.setAttribute('part', 'overtaken');
    this.overtaken.hidden = true;
    const card = el('section');
    card.setAttribute('part', 'card');
    card.setAttribute('aria-label', `Leaderboard standing of ${this.userId}`);
    card.append(heading, this.list, this.overtaken);
    this.card = card;
    this.root.replaceChildren(card, ...this.statusLines());
  }

  busy(state) {
    this.card.setAttribute('aria-busy', String(!this.last && state !== 'error' && state !== 'missing'));
  }

  show(key, text) {
    const { dt, dd } = this.values[key];
    dd.textContent = text;
    dt.hidden = text === null;
    dd.hidden = text === null;
  }

  feedData({ standing, stats }) {
    if (standing.period !== this.period || standing.user_id !== this.userId) {
      return;
    }
    const name = (stats && stats.display_name) || this.userId;
    this.name.textContent = name;
    this.card.setAttribute('aria-label', `Leaderboard standing of ${name}`);
    let rank = 'not ranked yet';
    if (standing.hidden) {
      rank = 'hidden';
    } else if (standing.rank !== null && standing.rank !== undefined) {
      rank = `${standing.rank} of ${standing.total}`;
    }
    this.show('rank', rank);
    this.show('score', String(standing.score));
    this.show('top', standing.top_percent === null || standing.top_percent === undefined ? '—'
      : `${standing.top_percent} %`);
    // a service without streaks sends none: the row goes
    const streak = stats && stats.streak ? stats.streak.current : null;
    this.show('streak', streak === null ? (stats ? null : '…') : `${streak} ${streak === 1 ? 'day' : 'days'}`);
    const passers = (standing.overtaken_by || []).map(nameOf);
    if (passers.length) {
      this.overtaken.textContent = `Overtaken by ${passers.join(', ')}`;
      this.overtaken.hidden = false;
    }
    this.card.setAttribute('aria-busy', 'false');
    const previous = this.last;
    this.last = standing;
    if (previous && (previous.rank !== standing.rank || previous.score !== standing.score)) {
      this.announce(`${name}: rank ${rank}, ${standing.score}${passers.length ? `, overtaken by ${passers.join(', ')}` : ''}`);
    }
    this.updated({ ...standing, display_name: stats ? stats.display_name : null, streak: stats ? stats.streak : null });
  }
}

if (!customElements.get('leaderboard-board')) {
  customElements.define('leaderboard-board', LeaderboardBoard);
}
if (!customElements.get('leaderboard-user')) {
  customElements.define('leaderboard-user', LeaderboardUser);
}
