/** One CSV cell: quoted, and a leading =, +, -, @ (a spreadsheet formula) neutralised with a quote. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function download(filename: string, parts: string[], type = 'text/csv;charset=utf-8'): void {
  // A BOM so spreadsheet programs read the Chinese as UTF-8.
  const blob = new Blob(['\ufeff', ...parts], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
