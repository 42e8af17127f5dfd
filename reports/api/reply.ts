/** What a route answers: JSON (the API), an HTML page (the dashboard) or a redirect after a form. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; allow?: string }
  | { kind: 'html'; status: number; html: string; allow?: string }
  | { kind: 'redirect'; location: string };

export const json = (status: number, body: unknown, allow?: string): Reply => ({ kind: 'json', status, body, ...(allow ? { allow } : {}) });
export const jsonError = (status: number, message: string, allow?: string): Reply => json(status, { error: message }, allow);
export const html = (status: number, page: string, allow?: string): Reply => ({ kind: 'html', status, html: page, ...(allow ? { allow } : {}) });
/** 303 See Other: after a POST the browser loads the page with GET, so a reload does not repost. */
export const redirect = (location: string): Reply => ({ kind: 'redirect', location });
