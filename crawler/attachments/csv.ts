/**
 * CSV attachments as the tab-separated rows the privacy rules read as tables (rules/privacy/source.ts).
 * RFC 4180 quoting: "…" fields may hold commas, doubled quotes and line breaks (kept as a space).
 */
export function csvToTabs(csv: string): string {
  const out: string[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charAt(i);
    if (quoted) {
      if (c === '"' && csv.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += /[\r\n\t]/.test(c) ? ' ' : c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv.charAt(i + 1) === '\n') i++;
      row.push(field);
      out.push(row.join('\t'));
      row = [];
      field = '';
    } else {
      field += c === '\t' ? ' ' : c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row.join('\t'));
  }
  return out.map((l) => `${l}\n`).join('');
}
