/**
 * The reviewer inbox (templates/pages/reviewer.hbs): the header checkbox
 * selects every task of the page that 批量受理 can take; 批量受理 without a
 * selection says so in the page instead of sending nothing, and asks once
 * before deciding several cases. The page works without it.
 */
const form = document.getElementById('batch-form') as HTMLFormElement | null;
const all = document.getElementById('select-all') as HTMLInputElement | null;
const boxes = () => [...(form?.querySelectorAll<HTMLInputElement>('input.batch-select') ?? [])];

if (all && boxes().length) {
  all.hidden = false;
  all.addEventListener('change', () => {
    for (const box of boxes()) box.checked = all.checked;
  });
  form?.addEventListener('change', (event) => {
    if (event.target !== all) all.checked = boxes().every((b) => b.checked);
  });
}

const button = document.getElementById('batch-accept') as HTMLButtonElement | null;
if (form && button) {
  const message = document.createElement('p');
  message.className = 'field-error-message';
  message.setAttribute('role', 'alert');
  message.hidden = true;
  button.parentElement?.before(message);
  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter;
    if (submitter && submitter !== button) return;
    const chosen = boxes().filter((b) => b.checked).length;
    if (!chosen) {
      event.preventDefault();
      message.textContent = '请先勾选要受理的任务';
      message.hidden = false;
      return;
    }
    message.hidden = true;
    if (!window.confirm(`确定对所选的 ${chosen} 项任务作出“予以受理”的决定吗？`)) event.preventDefault();
  });
}

// On a wide screen the filters stand open; on a phone they wait behind their summary unless some are set.
const panel = document.querySelector<HTMLDetailsElement>('details.inbox-filter-panel');
if (panel && window.matchMedia('(min-width: 841px)').matches) panel.open = true;
