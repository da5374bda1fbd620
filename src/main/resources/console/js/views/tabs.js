// Accessible tabs (WAI-ARIA tabs pattern): arrow keys move between tabs, each panel renders when first shown.
import { h } from '../dom.js';

/** tabs: [{id, label, render(panel)}]; returns the element. */
export function tabs(label, items, selected = items[0].id) {
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label });
  const panels = h('div');
  const rendered = new Set();
  const buttons = items.map(item => h('button', {
    type: 'button', role: 'tab', id: `tab-${item.id}`, 'aria-controls': `panel-${item.id}`, onclick: () => select(item.id),
  }, item.label));
  const sections = items.map(item => h('section', { role: 'tabpanel', id: `panel-${item.id}`, 'aria-labelledby': `tab-${item.id}`, tabindex: 0 }));
  function select(id) {
    items.forEach((item, i) => {
      const on = item.id === id;
      buttons[i].setAttribute('aria-selected', String(on));
      buttons[i].tabIndex = on ? 0 : -1;
      sections[i].hidden = !on;
      if (on && !rendered.has(id)) {
        rendered.add(id);
        item.render(sections[i]);
      }
    });
  }
  list.addEventListener('keydown', event => {
    const at = buttons.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (at >= 0 && step) {
      const next = buttons[(at + step + buttons.length) % buttons.length];
      next.focus();
      next.click();
      event.preventDefault();
    }
  });
  list.append(...buttons);
  panels.append(...sections);
  select(selected);
  return h('div', {}, list, panels);
}
