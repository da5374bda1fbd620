// Pieces the views share: error boxes and confirmation dialogs.
import { fill, h } from '../dom.js';

/** An API error in words, with its Kafka REST error code; read out at once by screen readers. */
export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, error?.text ?? String(error?.message ?? error));
}

/** Runs an action and shows its failure in `where` (replacing what was there). */
export async function attempt(where, action) {
  try {
    return await action();
  } catch (e) {
    if (e.name !== 'AbortError') {
      fill(where, errorBox(e));
    }
    return undefined;
  }
}

/**
 * A modal dialog that asks to type `expected` to confirm (deleting a topic): resolves true when confirmed.
 */
export function confirmByName(title, explanation, expected, actionLabel) {
  return new Promise(resolve => {
    const input = h('input', { id: 'confirm-name', autocomplete: 'off' });
    const confirm = h('button', { type: 'submit', class: 'danger primary', disabled: true }, actionLabel);
    input.addEventListener('input', () => {
      confirm.disabled = input.value !== expected;
    });
    const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, title),
        h('p', {}, explanation),
        h('label', { for: 'confirm-name' }, `Type ${expected} to confirm`),
        h('div', { class: 'row' }, input),
        h('div', { class: 'row' }, confirm, h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel'))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm' && input.value === expected);
    });
    confirm.value = 'confirm';
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
