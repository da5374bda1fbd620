// The console's only way to the service: the public HTTP API, with the caller's credentials, as any client.
const CREDENTIALS = 'tributary.console.credentials';

/** An error answer of the API: HTTP status, Kafka REST error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The message in words with its Kafka REST error code. */
  get text() {
    return this.code ? `${this.message} (error code ${this.code})` : this.message;
  }
}

let credentials = JSON.parse(sessionStorage.getItem(CREDENTIALS) ?? 'null');
let cluster = null;
const unauthenticatedListeners = [];

/** {type: 'basic', user, password} or {type: 'apiKey', key}; null signs out. Kept for this browser tab only. */
export function setCredentials(value) {
  credentials = value;
  cluster = null; // asked again with these credentials
  if (value) {
    sessionStorage.setItem(CREDENTIALS, JSON.stringify(value));
  } else {
    sessionStorage.removeItem(CREDENTIALS);
  }
}

export function currentCredentials() {
  return credentials;
}

export function onUnauthenticated(listener) {
  unauthenticatedListeners.push(listener);
}

/** The headers every call carries: credentials, and the marker that keeps the browser's own login dialog away. */
export function headers(accept = 'application/json') {
  const result = { Accept: accept, 'X-Requested-With': 'XMLHttpRequest' };
  if (credentials?.type === 'basic') {
    const bytes = new TextEncoder().encode(`${credentials.user}:${credentials.password}`);
    result.Authorization = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  } else if (credentials?.type === 'apiKey') {
    result['X-API-Key'] = credentials.key;
  }
  return result;
}

/** The ApiError of a failed response (its body is the Kafka REST error body when the API wrote it). */
export async function errorOf(response) {
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not an API error body (a proxy in between, say)
  }
  const error = new ApiError(response.status, body?.error_code ?? response.status,
    body?.message ?? (text || response.statusText || `HTTP ${response.status}`));
  if (response.status === 401) {
    unauthenticatedListeners.forEach(listener => listener(error));
  }
  return error;
}

/** Calls the API; resolves to the parsed JSON body (null for none), rejects with an ApiError. */
export async function call(method, path, { body, accept, contentType = 'application/json', signal, keepalive } = {}) {
  const requestHeaders = headers(accept);
  if (body !== undefined) {
    requestHeaders['Content-Type'] = contentType;
  }
  let response;
  for (let attempt = 0; ; attempt += 1) {
    try {
      response = await fetch(path, {
        method, signal, keepalive, credentials: 'omit', cache: 'no-store', headers: requestHeaders,
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      });
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, null, `The service cannot be reached (${e.message}).`);
    }
    // 429 with Retry-After (credential checks or waiting fetches saturated): once more after the pause it asks for
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (response.status !== 429 || !retryAfter || attempt > 0) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, Math.min(retryAfter, 5) * 1000));
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, body, options) => call('POST', path, { ...options, body });
export const put = (path, body, options) => call('PUT', path, { ...options, body });
export const remove = (path, options) => call('DELETE', path, options);

/**
 * The cluster id, asked once per sign-in. Views ask it before anything else, so a new credential is verified by one
 * call (then remembered by the service) rather than by several at once, which the service may answer 429.
 */
export function clusterId() {
  cluster ??= get('/v3/clusters').then(body => body.data[0].cluster_id).catch(e => {
    cluster = null;
    throw e;
  });
  return cluster;
}

/** A v3 path under this cluster. */
export async function v3(path) {
  return `/v3/clusters/${encodeURIComponent(await clusterId())}${path}`;
}

export const enc = encodeURIComponent;

/** The media type of records with base64 keys and values: every record can be shown, JSON or not. */
export const BINARY = 'application/vnd.kafka.binary.v2+json';
export const V2 = 'application/vnd.kafka.v2+json';
