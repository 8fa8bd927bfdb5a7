// Tables page on the client, as in Feishu: every row is in the markup, later pages hidden.

/** Shows the page `pageButton` names, in its own table only (a cell may hold a nested table). */
export function showTablePage(pageButton) {
  const table = pageButton.closest(".fc-table");
  if (!table) return;
  const size = Number(table.dataset.pageSize);
  const pages = [...table.querySelectorAll(".fc-table-page")].filter((b) => b.closest(".fc-table") === table);
  // Pages may be numbered from 0 or 1; the first button says which.
  const first = Number(pages[0]?.dataset.page);
  const index = Number(pageButton.dataset.page) - (Number.isFinite(first) ? first : 1);
  if (!(size > 0) || !Number.isInteger(index) || index < 0) return;
  const rows = [...table.querySelectorAll(".fc-row")].filter((row) => row.closest(".fc-table") === table);
  rows.forEach((row, i) => {
    row.hidden = Math.floor(i / size) !== index;
  });
  for (const button of pages) {
    if (button === pageButton) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
}
