/**
 * Every message between the content script, the service worker and the popup. Each side validates
 * what it receives with `parseMessage`; anything that is not exactly one of these is rejected (a page
 * can talk to a content script's world, and a server's JSON is untrusted).
 */
import { z } from 'zod';

// No runtime code generation: extension pages forbid eval, and "no remote code" is a store rule.
z.config({ jitless: true });

/** Size limits of what crosses the message boundary (the content script fits its scan to them: fit.ts). */
export const LIMITS = { url: 4000, message: 4000, selector: 4000, snippet: 2000, findings: 5000 } as const;

/**
 * A list whose items are checked one by one: an invalid item is dropped and the rest kept (one odd
 * finding must not discard a whole scan or server response), at most `max` items.
 */
function lenientArray<T extends z.ZodType>(item: T, max: number) {
  return z.array(z.unknown()).transform((items) => {
    const out: z.output<T>[] = [];
    for (const value of items) {
      if (out.length >= max) break;
      const parsed = item.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  });
}

const outcomeSchema = z.enum(['violation', 'pass', 'incomplete', 'inapplicable', 'error']);

export const findingSchema = z.object({
  ruleId: z.string().min(1).max(200),
  outcome: outcomeSchema,
  url: z.string().max(LIMITS.url),
  target: z.object({ selector: z.string().max(LIMITS.selector), snippet: z.string().max(LIMITS.snippet) }).optional(),
  message: z.string().max(LIMITS.message),
  data: z.record(z.string(), z.unknown()),
});

/** A finding as `gongkai serve` returns it from /api/findings (no target: site rules). */
export const siteFindingSchema = z.object({
  ruleId: z.string().min(1).max(200),
  outcome: outcomeSchema,
  url: z.string().max(LIMITS.url),
  message: z.string().max(LIMITS.message),
  data: z.record(z.string(), z.unknown()).default({}),
});

/** Response of `${serverUrl}/api/findings?url=…`. */
export const siteFindingsResponseSchema = z.object({
  url: z.string(),
  unit: z
    .object({
      id: z.string(),
      name: z.string(),
      // `gongkai serve` sends the unit's score as { total, max, vetoed, assessed }.
      score: z.union([z.number(), z.object({ total: z.number(), max: z.number(), vetoed: z.boolean().optional(), assessed: z.boolean().optional() })]).nullable(),
      rank: z.number().nullable(),
    })
    .nullable(),
  findings: lenientArray(siteFindingSchema, LIMITS.findings),
});

/** What the service worker knows about the site of a page (from the server, or why not). */
export const siteResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), response: siteFindingsResponseSchema }),
  z.object({ status: z.literal('no-server') }),
  z.object({ status: z.literal('failed'), reason: z.string().max(500) }),
]);

export const messageSchema = z.discriminatedUnion('type', [
  /** content → SW: the page was scanned; the SW stores it for the popup and sets the badge. */
  z.object({
    type: z.literal('scan-result'),
    url: z.string().max(LIMITS.url),
    evalDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    findings: lenientArray(findingSchema, LIMITS.findings),
  }),
  /** content → SW: fetch the site findings of this page from the configured server. */
  z.object({ type: z.literal('site-findings-request'), url: z.string().max(LIMITS.url) }),
  /** popup → SW: inject the scanner into a tab (the popup opening grants activeTab). */
  z.object({ type: z.literal('scan-tab'), tabId: z.number().int().nonnegative() }),
  /** SW → content: the script is already there, scan again. */
  z.object({ type: z.literal('rescan') }),
  /** popup → content: scroll to the n-th finding of the last scan and flash its box. */
  z.object({ type: z.literal('locate'), index: z.number().int().nonnegative() }),
]);

export type Message = z.infer<typeof messageSchema>;
export type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
export type ExtFinding = z.infer<typeof findingSchema>;
export type SiteResult = z.infer<typeof siteResultSchema>;
export type SiteFindingsResponse = z.infer<typeof siteFindingsResponseSchema>;

/** The message, or null when it is not one of ours (unknown type, wrong fields). */
export function parseMessage(value: unknown): Message | null {
  const parsed = messageSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What the SW keeps per tab (chrome.storage.session), read by the popup. */
export const tabStateSchema = z.object({
  url: z.string(),
  evalDate: z.string(),
  scannedAt: z.string(),
  findings: z.array(findingSchema),
  site: siteResultSchema.nullable(),
});
export type TabState = z.infer<typeof tabStateSchema>;

export function tabStateKey(tabId: number): string {
  return `tab:${tabId}`;
}

export function parseTabState(value: unknown): TabState | null {
  const parsed = tabStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
