/** One Markdown table row; a missing value shows as a dash. */
export function tableRow(...cells: unknown[]): string {
  const shown = cells.map((cell) => (cell === null || cell === undefined ? '—' : String(cell)));

  return `| ${shown.join(' | ')} |`;
}
