/**
 * Loaded by the layout on every page. Tables (table.grid) become stacked
 * cards on phones, each cell labelled by its column (public/styles.css,
 * "Tables"): cells the page left without a data-label get their column's
 * <th> text, also in rows a page's script adds later. The skip link moves
 * focus to the main content.
 */
function labelCells(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.grid:not(.no-stack)')) {
    const headRow = table.tHead?.rows[0];
    if (!headRow) continue;
    const heads: string[] = [];
    for (const th of Array.from(headRow.cells)) {
      const text = (th.textContent ?? '').trim();
      for (let i = 0; i < th.colSpan; i++) heads.push(text);
    }
    for (const body of Array.from(table.tBodies)) {
      for (const row of Array.from(body.rows)) {
        let column = 0;
        for (const cell of Array.from(row.cells)) {
          if (!cell.hasAttribute('data-label') && cell.colSpan === 1) cell.setAttribute('data-label', heads[column] ?? '');
          column += cell.colSpan;
        }
      }
    }
  }
}

labelCells(document);
let pending = false;
new MutationObserver(() => {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    labelCells(document);
  });
}).observe(document.body, { childList: true, subtree: true });

document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', () => {
  document.getElementById('main')?.focus();
});
