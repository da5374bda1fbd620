// A consumer group: who owns which partition (a table and a picture), committed offsets and lag per partition, lag
// over time while the page is open, and resetting the offsets of an empty group.
import { enc, get, post, remove, V2, v3 } from '../api.js';
import { field, fill, format, h, table, toast, uid } from '../dom.js';
import { LiveChart } from '../chart.js';
import { errorBox } from './common.js';

const REFRESH_MS = 2000;

function membersPicture(consumers) {
  if (!consumers.length) {
    return h('p', { class: 'muted' }, 'No members: the group is empty.');
  }
  return h('div', { class: 'members', role: 'list', 'aria-label': 'Members and their partitions' },
    consumers.map(c => h('div', { class: 'member', role: 'listitem', 'data-member': c.consumer_id },
      h('h3', {}, c.consumer_id),
      c.assigned_partitions.length
        ? c.assigned_partitions.map(p => h('span', { class: 'chip' }, `${p.topic_name}-${p.partition_id}`))
        : h('span', { class: 'chip idle' }, 'idle: no partitions'))));
}

function lagTable(lags) {
  return table('Committed offsets and lag per partition',
    [{ label: 'Topic' }, { label: 'Partition', num: true }, { label: 'Member' }, { label: 'Committed offset', num: true },
      { label: 'End offset', num: true }, { label: 'Lag', num: true }],
    lags.map(l => [l.topic_name, String(l.partition_id), l.consumer_id || '–', format.number(l.current_offset),
      format.number(l.log_end_offset), format.number(l.lag)]), { id: 'lags-table' });
}

/**
 * Moves the committed offsets of an empty group's topic, as kafka-consumer-groups --reset-offsets does, through the
 * v2 API: a consumer instance of the group takes the topic's partitions by hand, commits the offsets, leaves.
 */
async function resetOffsets(groupId, topicName, target, clusterPath) {
  const stats = await get(`${clusterPath}/topic-stats/${enc(topicName)}`);
  const offsets = await Promise.all(stats.partitions.map(async p => {
    let offset;
    if (target.kind === 'earliest') {
      offset = p.log_start_offset;
    } else if (target.kind === 'latest') {
      offset = p.log_end_offset;
    } else if (target.kind === 'offset') {
      offset = Math.min(Math.max(target.offset, p.log_start_offset), p.log_end_offset);
    } else {
      const first = await get(`/topics/${enc(topicName)}/partitions/${p.partition_id}/records?timestamp=${target.timestamp}&max_records=1`,
        { accept: 'application/vnd.kafka.binary.v2+json' });
      offset = first.length ? first[0].offset : p.log_end_offset;
    }
    return { topic: topicName, partition: p.partition_id, offset };
  }));
  const created = await post(`/consumers/${enc(groupId)}`, { format: 'binary', 'auto.commit.enable': 'false' }, { contentType: V2, accept: V2 });
  const instance = `/consumers/${enc(groupId)}/instances/${enc(created.instance_id)}`;
  try {
    await post(`${instance}/assignments`, { partitions: offsets.map(({ topic, partition }) => ({ topic, partition })) }, { contentType: V2, accept: V2 });
    await post(`${instance}/offsets`, { offsets }, { contentType: V2, accept: V2 });
  } finally {
    await remove(instance, { accept: V2 }).catch(() => {});
  }
  return offsets;
}

function resetForm(groupId, topicsOfGroup, clusterPath, done) {
  const topic = h('select', { id: uid('reset-topic') }, topicsOfGroup.map(t => h('option', { value: t }, t)));
  const kind = h('select', { id: uid('reset-kind') }, h('option', { value: 'earliest' }, 'the beginning (log start)'),
    h('option', { value: 'latest' }, 'the end'), h('option', { value: 'offset' }, 'an offset'), h('option', { value: 'time' }, 'a time'));
  const offset = h('input', { id: uid('reset-offset'), type: 'number', min: 0 });
  const time = h('input', { id: uid('reset-time'), type: 'datetime-local', step: 1 });
  const result = h('div', { 'aria-live': 'polite' });
  return h('form', {
    class: 'grid',
    'aria-label': 'Reset offsets',
    async onsubmit(event) {
      event.preventDefault();
      fill(result);
      const target = { kind: kind.value, offset: Number(offset.value), timestamp: new Date(time.value).getTime() };
      try {
        const offsets = await resetOffsets(groupId, topic.value, target, clusterPath);
        toast(`Offsets of ${groupId} on ${topic.value} reset.`);
        fill(result, h('div', { class: 'success' }, `Committed: ${offsets.map(o => `${o.partition} → ${o.offset}`).join(', ')}.`));
        done();
      } catch (e) {
        fill(result, errorBox(e));
      }
    },
  },
  field('Topic', topic), field('Reset to', kind), field('Offset (for "an offset")', offset), field('Time (for "a time")', time),
  h('div', { class: 'full' }, h('button', { type: 'submit', class: 'danger' }, 'Reset offsets')), h('div', { class: 'full' }, result));
}

export async function group({ main, params: [groupId], every }) {
  const clusterPath = await v3('').catch(e => {
    fill(main, h('h1', {}, groupId), errorBox(e));
  });
  if (!clusterPath) {
    return;
  }
  const groupPath = `${clusterPath}/consumer-groups/${enc(groupId)}`;
  const summary = h('div');
  const picture = h('div');
  const lagHolder = h('div');
  const resetHolder = h('div');
  const problem = h('div');
  const chart = new LiveChart(`Total lag of ${groupId} over time`, ['total lag']);
  let resetShown = false;

  async function refresh() {
    try {
      const [g, consumers, lags] = await Promise.all([get(groupPath), get(`${groupPath}/consumers`),
        get(`${groupPath}/lags`).catch(e => (e.status === 404 ? { data: [] } : Promise.reject(e)))]);
      fill(problem);
      const totalLag = lags.data.reduce((n, l) => n + l.lag, 0);
      chart.push([totalLag]);
      fill(summary, h('div', { class: 'cards' },
        [['State', h('span', { class: `state-${g.state}`, 'data-group-state': g.state }, g.state)],
          ['Members', format.number(g.members_count)], ['Generation', format.number(g.generation_id)],
          ['Assignor', g.partition_assignor ?? '–'], ['Total lag', format.number(totalLag)]]
          .map(([label, value]) => h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value)))));
      fill(picture, membersPicture(consumers.data));
      fill(lagHolder, lags.data.length ? lagTable(lags.data) : h('p', { class: 'muted' }, 'No committed offsets yet.'));
      const topicsOfGroup = [...new Set(lags.data.map(l => l.topic_name))];
      if (g.state === 'EMPTY' && topicsOfGroup.length) {
        if (!resetShown) {
          resetShown = true;
          fill(resetHolder, h('h2', {}, 'Reset offsets'),
            h('p', { class: 'muted' }, 'The group is empty, so its committed offsets can be moved; its consumers start from them when they join.'),
            resetForm(groupId, topicsOfGroup, clusterPath, refresh));
        }
      } else if (resetShown) {
        resetShown = false;
        fill(resetHolder, h('p', { class: 'muted' }, 'Offsets can be reset while the group has no members.'));
      }
    } catch (e) {
      fill(problem, errorBox(e));
    }
  }

  fill(main, h('p', {}, h('a', { href: '#/groups' }, '← All consumer groups')), h('h1', {}, groupId), problem, summary,
    h('h2', {}, 'Members and partitions'), picture,
    h('h2', {}, 'Lag per partition'), lagHolder,
    h('h2', {}, 'Total lag over time'), chart.legend, chart.element,
    resetHolder);
  await refresh();
  every(REFRESH_MS, refresh);
}
