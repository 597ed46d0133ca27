/**
 * Buttons with data-confirm ask before they submit their form (in place of
 * inline onclick handlers, which the Content Security Policy does not run).
 */
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-confirm]')) {
  button.addEventListener('click', (event) => {
    if (!confirm(button.dataset.confirm!)) event.preventDefault();
  });
}
