/**
 * What a link check proves. Only clear answers are `broken`: 404/410, 5xx after retries, or a name
 * that does not resolve on the unit's own host. Bot protection (401/403/429), other 4xx, timeouts, a
 * refused connection (a server restarting) and any network failure of a third-party host are `doubt`
 * (needs review), never a violation. A final 3xx means the redirects never reached a page (a loop,
 * too long a chain, a bad Location): a visitor's browser fails too, but a loop is often a missing
 * cookie our crawler does not keep, so it is `doubt` as well.
 */
export function linkVerdict(r: { status: number | null; errorCode: string | null; external: boolean }): 'ok' | 'broken' | 'doubt' {
  if (r.status !== null) {
    if (r.status >= 300 && r.status < 400) return 'doubt';
    if (r.status < 400) return 'ok';
    if (r.status === 404 || r.status === 410 || r.status >= 500) return 'broken';
    return 'doubt';
  }
  if (!r.external && r.errorCode === 'dns') return 'broken';
  return 'doubt';
}

/** Files that are checked as links but never crawled as pages. */
const DOCUMENT_EXT = /\.(pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|gz|tar|jpe?g|png|gif|bmp|webp|svg|ico|mp3|mp4|avi|wmv|flv|mov|swf|exe|apk|css|js|txt|xml|json)$/i;

export function isDocumentUrl(url: string): boolean {
  try {
    return DOCUMENT_EXT.test(new URL(url).pathname);
  } catch {
    return false;
  }
}
