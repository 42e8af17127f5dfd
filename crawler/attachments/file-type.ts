/**
 * Attachment file types: from a link's extension or a Content-Type (to decide what to queue), and
 * from the bytes themselves (to decide how to read; extensions and headers lie).
 */

export type AttachmentType = 'xls' | 'xlsx' | 'doc' | 'docx' | 'pdf' | 'txt';

const EXTENSION = /\.(xlsx?|docx?|pdf|txt)$/i;

/** The type an attachment URL's path announces, or null when it is not an attachment. */
export function typeFromUrl(url: string): AttachmentType | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = EXTENSION.exec(path);
  return m ? (m[1]!.toLowerCase() as AttachmentType) : null;
}

const CONTENT_TYPES: [RegExp, AttachmentType][] = [
  [/^application\/pdf/i, 'pdf'],
  [/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml/i, 'xlsx'],
  [/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml/i, 'docx'],
  [/^application\/(vnd\.ms-excel|x-xls|excel)/i, 'xls'],
  [/^application\/(msword|x-msword|vnd\.ms-word)/i, 'doc'],
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
    return hint === 'xlsx' || hint === 'docx' ? hint : 'unknown';
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    if (includesUtf16(buf, 'WordDocument')) return 'doc';
    if (includesUtf16(buf, 'Workbook') || includesUtf16(buf, 'Book')) return 'xls';
    return hint === 'xls' || hint === 'doc' ? hint : 'unknown';
  }
  const head = buf.subarray(0, 1024);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const probe = buf.subarray(0, 4096);
  if (probe.includes(0)) return 'unknown';
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(head.toString('latin1').replace(/^\ufeff/, ''))) return 'html';
  return 'txt';
}
