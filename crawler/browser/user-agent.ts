/**
 * The browser's User-Agent: a current Chromium's, so sites serve their normal pages, with Gongkai
 * named at the end as the HTTP crawler names itself.
 */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Gongkai/0.1 (gov-disclosure-checker)';
