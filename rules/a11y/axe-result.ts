/**
 * What Gongkai keeps of one axe-core run on one page: small, JSON-serialisable, so the crawler
 * stores it per page and a later re-audit maps it to findings without a browser. Pure types and a
 * validator only (no Node APIs): the extension can bundle this file.
 */
import { z } from 'zod';

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

/** Longest html snippet kept per node (the rest is cut with an ellipsis). */
export const AXE_SNIPPET_MAX = 300;
/** Longest failure summary / help text kept (they quote page content, which can be long). */
export const AXE_TEXT_MAX = 600;
/** Nodes kept per rule in storage; the total is kept in `nodeCount`. */
export const AXE_STORED_NODES_MAX = 50;

export interface StoredAxeNode {
  /** CSS selector of the element (shadow-DOM / frame steps joined with ` >>> `). */
  target: string;
  /** The element's outer HTML, at most AXE_SNIPPET_MAX characters. */
  snippet: string;
  /** axe's "fix any/all of the following" text, in the configured locale ('' when none). */
  failureSummary: string;
}

export interface StoredAxeRule {
  /** axe rule id, e.g. `image-alt`. */
  id: string;
  impact: AxeImpact | null;
  /** One-line help text in the configured locale (zh_CN). */
  help: string;
  /** The nodes kept (at most AXE_STORED_NODES_MAX). */
  nodes: StoredAxeNode[];
  /** How many nodes axe reported in all. */
  nodeCount: number;
}

/** axe ran to the end. */
export interface AxeRunDone {
  status: 'done';
  axeVersion: string;
  /** `zh_CN` when the locale was applied, `en` otherwise. */
  locale: string;
  /** Every axe rule id that was run on the page: a static check of the same id is then superseded. */
  ranRules: string[];
  violations: StoredAxeRule[];
  incomplete: StoredAxeRule[];
}

/** axe did not finish: nothing is known about the page's accessibility (→ one `incomplete`). */
export interface AxeRunSkipped {
  status: 'skipped';
  /** timeout: over the time limit; too-large: over the node limit; error: axe or the page failed. */
  reason: 'timeout' | 'too-large' | 'error';
  detail: string;
}

export type StoredAxeResult = AxeRunDone | AxeRunSkipped;

const NodeSchema = z.object({ target: z.string(), snippet: z.string(), failureSummary: z.string() });
const RuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  impact: z.enum(['minor', 'moderate', 'serious', 'critical']).nullable(),
  help: z.string(),
  nodes: z.array(NodeSchema),
  nodeCount: z.number().int().nonnegative(),
});

/** Validates a stored result (from the store or a browser): throws on anything malformed. */
export const StoredAxeResultSchema: z.ZodType<StoredAxeResult> = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    axeVersion: z.string(),
    locale: z.string(),
    ranRules: z.array(z.string()),
    violations: z.array(RuleSchema),
    incomplete: z.array(RuleSchema),
  }),
  z.object({ status: z.literal('skipped'), reason: z.enum(['timeout', 'too-large', 'error']), detail: z.string() }),
]);
