/**
 * Attachment file types: from a link's extension or a Content-Type (to decide what to queue), and
 * from the bytes themselves (to decide how to read; extensions and headers lie).
 */

/** `et` and `wps` are the WPS Office spreadsheet and document formats (often saved as xls/doc inside). */
export type AttachmentType = 'xls' | 'xlsx' | 'et' | 'csv' | 'doc' | 'docx' | 'wps' | 'pdf' | 'txt';

const EXTENSION = /\.(xlsx?|et|csv|docx?|wps|pdf|txt)$/i;

function typeFromName(name: string): AttachmentType | null {
  const m = EXTENSION.exec(name.trim());
  return m ? (m[1]!.toLowerCase() as AttachmentType) : null;
}

/**
 * The type an attachment URL announces: by its path, else by a query value naming a file (Hanweb's
 * downfile.jsp?filename=x.xls, download?fileName=名单.docx); null when it is not an attachment.
 */
export function typeFromUrl(url: string): AttachmentType | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const byPath = typeFromName(u.pathname);
  if (byPath) return byPath;
  for (const value of u.searchParams.values()) {
    const byQuery = typeFromName(value);
    if (byQuery) return byQuery;
  }
  return null;
}

/** The type a Content-Disposition's file name announces (filename="x.xls", filename*=UTF-8''x.xls). */
export function typeFromContentDisposition(header: string | null | undefined): AttachmentType | null {
  if (!header) return null;
  for (const m of header.matchAll(/filename\*?\s*=\s*(?:"([^"]*)"|([^;]*))/gi)) {
    const raw = (m[1] ?? m[2] ?? '').replace(/^[\w-]*'[^']*'/, '');
    const type = typeFromName(raw);
    if (type) return type;
  }
  return null;
}

const CONTENT_TYPES: [RegExp, AttachmentType][] = [
  [/^application\/pdf/i, 'pdf'],
  [/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml/i, 'xlsx'],
  [/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml/i, 'docx'],
  [/^application\/(vnd\.ms-excel|x-xls|excel)/i, 'xls'],
  [/^application\/(msword|x-msword|vnd\.ms-word)/i, 'doc'],
  [/^(text|application)\/(csv|x-csv)/i, 'csv'],
  [/^application\/(vnd\.ms-works|wps-office\.wps|kswps)/i, 'wps'],
  [/^application\/(wps-office\.et|kset)/i, 'et'],
  [/^text\/plain/i, 'txt'],
];

export function typeFromContentType(contentType: string | null): AttachmentType | null {
  if (!contentType) return null;
  for (const [re, type] of CONTENT_TYPES) if (re.test(contentType)) return type;
  return null;
}

/** What the bytes are. `html` and `unknown` are not readable as attachments. */
export type SniffedType = AttachmentType | 'html' | 'unknown';

function includesAscii(buf: Buffer, s: string): boolean {
  return buf.includes(Buffer.from(s, 'latin1'));
}

function includesUtf16(buf: Buffer, s: string): boolean {
  return buf.includes(Buffer.from(s, 'utf16le'));
}

/**
 * By magic bytes: PK zip → xlsx or docx by its part names (stored uncompressed in the zip
 * directory); D0CF11E0 (OLE) → xls or doc by stream name (UTF-16 in the directory); %PDF; then
 * text unless it has NUL bytes; HTML detected so a login or error page is not read as a file.
 */
export function sniffType(buf: Buffer, hint: AttachmentType | null): SniffedType {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    if (includesAscii(buf, 'xl/workbook')) return 'xlsx';
    if (includesAscii(buf, 'word/document')) return 'docx';
    if (hint === 'xlsx' || hint === 'et') return 'xlsx';
    if (hint === 'docx' || hint === 'wps') return 'docx';
    return 'unknown';
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    if (includesUtf16(buf, 'WordDocument')) return 'doc';
    if (includesUtf16(buf, 'Workbook') || includesUtf16(buf, 'Book')) return 'xls';
    // WPS files: readable only when saved in the Office format (recognised above).
    return hint === 'xls' || hint === 'doc' ? hint : 'unknown';
  }
  const head = buf.subarray(0, 1024);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const probe = buf.subarray(0, 4096);
  if (probe.includes(0)) return 'unknown';
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(head.toString('latin1').replace(/^\ufeff/, ''))) return 'html';
  return 'txt';
}

/** Types a download's bytes can prove without a name: the binary office and PDF formats (text could be anything). */
export function sniffBinaryType(buf: Buffer): AttachmentType | null {
  // An OLE file whose directory lies past a cut-off page body is still an office file: queued as xls,
  // the full download is sniffed again.
  const t = sniffType(buf, 'xls');
  return t === 'xlsx' || t === 'docx' || t === 'xls' || t === 'doc' || t === 'pdf' ? t : null;
}
