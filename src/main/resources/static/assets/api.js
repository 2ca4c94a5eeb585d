// Calls to the service from the pages, and what they tell about its health: reads from
// PostgreSQL (X-Leaderboard-Source: postgres) and a service that does not answer.
const listeners = new Set();
const health = { fallback: false, down: false };

export function onHealth(listener) {
  listeners.add(listener);
  listener({ ...health });
}

export function reportHealth(change) {
  let changed = false;
  for (const [key, value] of Object.entries(change)) {
    if (health[key] !== value) {
      health[key] = value;
      changed = true;
    }
  }
  if (changed) {
    listeners.forEach((listener) => listener({ ...health }));
  }
}

/** An answer that is not 2xx: status and the problem+json detail when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * fetch() of a JSON endpoint. Resolves to { json, source } for a 2xx, rejects with an
 * ApiError otherwise, and with an ApiError of status 0 when nothing answered.
 */
export async function call(path, { method = 'GET', headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...headers },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (networkError) {
    reportHealth({ down: true });
    throw new ApiError(0, { detail: 'The service is not answering.' });
  }
  // a proxy in front of a dead service, or a dependency down with no fallback
  reportHealth({ down: response.status === 502 || response.status === 504 });
  const source = response.headers.get('X-Leaderboard-Source');
  if (source) {
    reportHealth({ fallback: source === 'postgres' });
  }
  let json = null;
  const text = await response.text();
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (notJson) {
      json = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return { json, source };
}

/** Makes an element with text only: data from the service never becomes markup. */
export function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) {
    element.textContent = String(text);
  }
  if (className) {
    element.className = className;
  }
  return element;
}

export function show(element, visible) {
  element.hidden = !visible;
}

export function number(value) {
  return new Intl.NumberFormat('en').format(value);
}
