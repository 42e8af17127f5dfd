/**
 * What a demo server answers for one path: status, headers and the exact bytes. Pages are built
 * once when the district starts; only the crawl trap and the Hanweb data proxy are computed per request.
 */
import iconv from 'iconv-lite';

export interface Resource {
  status: number;
  /** The full Content-Type header, or null to send none. */
  contentType: string | null;
  body: Buffer;
  /** Extra headers (e.g. Location). */
  headers?: Record<string, string>;
}

/** How a page's charset is announced (the GBK unit uses both tricky forms). */
export type CharsetPlacement =
  /** UTF-8 in the header and in a <meta charset> at the top of <head>: the ordinary case. */
  | 'utf8'
  /** GBK bytes, charset only in the HTTP header, no <meta>. */
  | 'gbk-header'
  /** GBK bytes, header without charset, <meta> only after the first 1024 bytes. */
  | 'gbk-late-meta';

export function htmlResource(html: string, placement: CharsetPlacement = 'utf8', status = 200): Resource {
  switch (placement) {
    case 'utf8':
      return { status, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8') };
    case 'gbk-header':
      return { status, contentType: 'text/html; charset=GBK', body: iconv.encode(html, 'gbk') };
    case 'gbk-late-meta':
      return { status, contentType: 'text/html', body: iconv.encode(html, 'gbk') };
  }
}

export function textResource(text: string, contentType: string, status = 200): Resource {
  return { status, contentType, body: Buffer.from(text, 'utf8') };
}

/** A 1×1 transparent PNG: every logo and banner in the demo is a real, decodable image. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export function pngResource(): Resource {
  return { status: 200, contentType: 'image/png', body: PIXEL_PNG };
}

export function notFound(): Resource {
  return htmlResource(
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404 页面不存在</title></head>' +
      '<body><p>您访问的页面不存在。</p></body></html>',
    'utf8',
    404,
  );
}

export function serverError(): Resource {
  return htmlResource(
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>500 服务器错误</title></head>' +
      '<body><p>服务器内部错误，请稍后再试。</p></body></html>',
    'utf8',
    500,
  );
}
