// Live tail: new records of every partition as they are appended, over server-sent events, through a consumer
// instance of its own group (tributary-console-tail-...) that reads all partitions from their ends and commits
// nothing. Only the newest records stay on screen, so a busy topic cannot exhaust the page.
import { enc, post, remove, V2 } from '../api.js';
import { field, fill, format, h, uid } from '../dom.js';
import { openEventStream } from '../sse.js';
import { MODES, recordRow, recordsTable } from '../records.js';
import { errorBox } from './common.js';

const KEPT = 500;
const RENDER_EVERY_MS = 250;

export function liveTail(panel, topicName, partitionCount, onLeave) {
  const mode = h('select', { id: uid('tail-mode') }, MODES.map(m => h('option', { value: m }, m)));
  const toggle = h('button', { type: 'button', class: 'primary' }, 'Start');
  const clear = h('button', { type: 'button' }, 'Clear');
  const status = h('p', { class: 'tail-status muted', 'aria-live': 'polite' }, 'Stopped.');
  const results = h('div');
  let records = []; // the newest KEPT, oldest first
  let received = 0;
  let drawn = 0; // how many of `received` the table shows already
  let instance = null; // path of the consumer instance
  let close = null;
  let dirty = false;
  let rebuild = true; // the whole table (a mode change, a clear); else only new rows go on top

  const partitions = Array.from({ length: partitionCount }, (_, p) => ({ topic: topicName, partition: p }));

  async function createInstance() {
    const group = `tributary-console-tail-${crypto.randomUUID().slice(0, 8)}`;
    const created = await post(`/consumers/${enc(group)}`,
      { format: 'binary', 'auto.commit.enable': 'false', 'auto.offset.reset': 'latest' }, { contentType: V2, accept: V2 });
    const path = `/consumers/${enc(group)}/instances/${enc(created.instance_id)}`;
    await post(`${path}/assignments`, { partitions }, { contentType: V2, accept: V2 });
    await post(`${path}/positions/end`, { partitions }, { contentType: V2, accept: V2 });
    return path;
  }

  async function start() {
    toggle.disabled = true;
    try {
      instance ??= await createInstance();
    } catch (e) {
      fill(results, errorBox(e));
      toggle.disabled = false;
      return;
    }
    close = openEventStream(`${instance}/records`, {
      onOpen() {
        fill(status, 'Live: waiting for new records…');
        toggle.textContent = 'Pause';
        toggle.disabled = false;
      },
      onEvent(event) {
        if (event.event === 'error') {
          const body = JSON.parse(event.data);
          fill(results, errorBox({ text: `${body.message} (error code ${body.error_code})` }));
          return;
        }
        records.push(JSON.parse(event.data));
        received += 1;
        if (records.length > KEPT) {
          records = records.slice(-KEPT);
        }
        dirty = true;
      },
      onEnd(error) {
        close = null;
        toggle.textContent = 'Start';
        toggle.disabled = false;
        fill(status, 'Stopped.');
        if (error) {
          instance = null; // gone (expired, deleted): the next start makes a new one
          fill(results, errorBox(error));
        }
      },
    });
  }

  function pause() {
    close?.();
    close = null;
    toggle.textContent = 'Start';
    fill(status, `Paused after ${format.number(received)} records.`);
  }

  /** At most every RENDER_EVERY_MS, and then only the rows that are new: a busy topic costs little drawing. */
  function render() {
    if (!dirty) {
      return;
    }
    dirty = false;
    if (close) {
      fill(status, `Live: ${format.number(received)} records received${received > KEPT ? `, the newest ${KEPT} shown` : ''}.`);
    }
    const body = results.querySelector('tbody');
    if (rebuild || !body) {
      rebuild = false;
      fill(results, records.length ? recordsTable(records.slice().reverse(), mode.value, { showPartition: true, caption: 'Newest records first' }) : null);
    } else {
      const fresh = records.slice(Math.max(0, records.length - (received - drawn)));
      body.prepend(...fresh.reverse().map(r => recordRow(r, mode.value, true)));
      while (body.rows.length > KEPT) {
        body.deleteRow(-1);
      }
    }
    drawn = received;
  }

  toggle.addEventListener('click', () => (close ? pause() : start()));
  clear.addEventListener('click', () => {
    records = [];
    received = 0;
    dirty = true;
    rebuild = true;
    render();
  });
  mode.addEventListener('change', () => {
    dirty = true;
    rebuild = true;
    render();
  });
  const timer = setInterval(render, RENDER_EVERY_MS);
  const stop = () => {
    clearInterval(timer);
    close?.();
    if (instance) {
      remove(instance, { accept: V2, keepalive: true }).catch(() => {});
      instance = null;
    }
  };
  window.addEventListener('pagehide', stop, { once: true });
  onLeave(stop);
  fill(panel, h('p', { class: 'muted' }, 'Shows records as they are appended to any partition of this topic, newest first, through a consumer instance of its own that commits nothing.'),
    h('div', { class: 'row' }, toggle, clear, field('Show as', mode)), status, results);
}
