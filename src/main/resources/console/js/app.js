// The console: one document, pages by URL fragment (#/topics/orders), each a view that renders into <main> and
// stops its timers and streams when the user leaves it.
import { clusterId, currentCredentials, onUnauthenticated, setCredentials } from './api.js';
import { field, fill, h, uid } from './dom.js';
import { overview } from './views/overview.js';
import { topics } from './views/topics.js';
import { topic } from './views/topic.js';
import { groups } from './views/groups.js';
import { group } from './views/group.js';

const ROUTES = [
  [/^\/$/, 'overview', overview],
  [/^\/topics$/, 'topics', topics],
  [/^\/topics\/([^/]+)$/, 'topics', topic],
  [/^\/groups$/, 'groups', groups],
  [/^\/groups\/([^/]+)$/, 'groups', group],
];

const main = document.getElementById('main');
let cleanups = [];
let showingLogin = false;
let rendering = false;
let loginReason = null; // a 401 while a view rendered: the sign-in form replaces whatever the view showed of it

/** What a view gets: where to render, its path parameters, and timers and cleanups that end with the page. */
function context(params) {
  return {
    main,
    params,
    onLeave: fn => cleanups.push(fn),
    every(ms, fn) {
      const timer = setInterval(fn, ms);
      cleanups.push(() => clearInterval(timer));
    },
  };
}

function leave() {
  const pending = cleanups;
  cleanups = [];
  pending.forEach(fn => fn());
}

async function route() {
  leave();
  showingLogin = false;
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  const found = ROUTES.map(([pattern, nav, view]) => [pattern.exec(path), nav, view]).find(([match]) => match);
  document.querySelectorAll('[data-nav]').forEach(link => {
    if (found && link.dataset.nav === found[1]) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  renderSession();
  if (!found) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No console page at this address. ', h('a', { href: '#/' }, 'Overview')));
    return;
  }
  const [match, , view] = found;
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  rendering = true;
  loginReason = null;
  try {
    await clusterId().catch(() => {}); // one call first: it verifies the credentials (the view shows any error)
    await view(context(match.slice(1).map(decodeURIComponent)));
  } finally {
    rendering = false;
  }
  if (loginReason) {
    showLogin(loginReason);
  }
}

function renderSession() {
  const session = document.getElementById('session');
  const credentials = currentCredentials();
  if (!credentials) {
    fill(session);
    return;
  }
  fill(session, h('span', {}, credentials.type === 'basic' ? `Signed in as ${credentials.user}` : 'Signed in with an API key'),
    h('button', {
      type: 'button',
      onclick() {
        setCredentials(null);
        showLogin('Signed out.');
      },
    }, 'Sign out'));
}

/** The sign-in form, shown when the API answers 401: the console sends what is entered with every call. */
function showLogin(reason) {
  if (showingLogin) {
    return;
  }
  showingLogin = true;
  leave();
  renderSession();
  const user = h('input', { id: uid('user'), name: 'username', autocomplete: 'username' });
  const password = h('input', { id: uid('password'), name: 'password', type: 'password', autocomplete: 'current-password' });
  const key = h('input', { id: uid('api-key'), name: 'api-key', type: 'password', autocomplete: 'off' });
  const form = h('form', {
    class: 'grid',
    async onsubmit(event) {
      event.preventDefault();
      setCredentials(key.value ? { type: 'apiKey', key: key.value } : { type: 'basic', user: user.value, password: password.value });
      try {
        await clusterId(); // verifies them: a 401 shows this form again with the reason
      } catch {
        return;
      }
      route();
    },
  },
  field('User', user), field('Password', password),
  h('p', { class: 'full muted' }, 'or'),
  field('API key', key),
  h('div', { class: 'full' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  fill(main, h('h1', {}, 'Sign in'),
    h('p', { role: 'alert' }, reason),
    h('p', { class: 'muted' }, 'The credentials stay in this browser tab and are sent with each API call, as any API client sends them.'),
    form);
  user.focus();
}

onUnauthenticated(error => {
  setCredentials(null); // wrong or none: nobody is signed in
  showingLogin = false;
  if (rendering) {
    loginReason = error.text;
  } else {
    showLogin(error.text);
  }
});
window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});
route();
