// Consumer groups: state, members, generation, assignor and total lag of each.
import { enc, get, v3 } from '../api.js';
import { fill, format, h, table } from '../dom.js';
import { errorBox } from './common.js';

export async function groups({ main }) {
  let list;
  let clusterPath;
  try {
    clusterPath = await v3('');
    list = (await get(`${clusterPath}/consumer-groups`)).data;
  } catch (e) {
    fill(main, h('h1', {}, 'Consumer groups'), errorBox(e));
    return;
  }
  if (!list.length) {
    fill(main, h('h1', {}, 'Consumer groups'), h('div', { class: 'empty' },
      h('p', {}, 'No consumer groups yet. A group appears when a consumer instance joins it:'),
      h('pre', { class: 'mono' }, `curl -X POST -H 'Content-Type: application/vnd.kafka.v2+json' \\\n  --data '{"name":"c1","format":"json"}' \\\n  ${location.origin}/consumers/my-group`)));
    return;
  }
  // total lag per group, asked for all groups at once
  const lags = await Promise.all(list.map(g => get(`${clusterPath}/consumer-groups/${enc(g.consumer_group_id)}/lag-summary`)
    .then(summary => summary.total_lag).catch(() => null)));
  fill(main, h('h1', {}, 'Consumer groups'), table('Consumer groups',
    [{ label: 'Group' }, { label: 'State' }, { label: 'Members', num: true }, { label: 'Generation', num: true },
      { label: 'Assignor' }, { label: 'Total lag', num: true }],
    list.map((g, i) => [h('a', { href: `#/groups/${enc(g.consumer_group_id)}` }, g.consumer_group_id),
      h('span', { class: `state-${g.state}` }, g.state), format.number(g.members_count), format.number(g.generation_id),
      g.partition_assignor ?? '–', format.number(lags[i])]), { id: 'groups-table' }));
}
