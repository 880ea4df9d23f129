// Lists (tables in .table-wrap, or marked data-cards) become cards on narrow screens: each cell is labelled with its column's heading,
// which a card shows beside the value. Runs once the page is parsed (the script is deferred).
for (const table of document.querySelectorAll(".table-wrap table, table[data-cards]")) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    let column = 0;
    for (const cell of row.children) {
      const label = headings[column];
      if (label && !cell.hasAttribute("data-label")) cell.dataset.label = label;
      column += cell.colSpan || 1;
    }
  }
}
