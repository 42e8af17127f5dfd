/**
 * The contract between a demo unit's file and the server / answer key: a unit builds its site for
 * an evaluation date and lists, next to where it seeds them, the findings that site must produce.
 */
import type { BuiltSite } from '../site-builder.js';

export type DemoUnitType = 'department' | 'town' | 'street' | 'other';

/** A finding the unit deliberately causes. `path` is the page the finding is about. */
export interface SeededFinding {
  ruleId: string;
  path: string;
  /** Subset of the finding's data that must match. */
  data?: Record<string, unknown>;
  /** For link findings: the target, as a site path or absolute URL (made absolute by the answer key). */
  href?: string;
  /** Only a crawl that renders pages in a browser can see it (the list is built by script). */
  needsBrowser?: boolean;
}

export interface UnitBuild {
  site: BuiltSite;
  violations: SeededFinding[];
  incompletes: SeededFinding[];
}

export interface UnitDefinition {
  id: string;
  name: string;
  type: DemoUnitType;
  /** null: the unit is unreachable (nothing listens on its port). Async when it writes attachments. */
  build: ((ctx: { evalDate: string; siteDomain: string }) => UnitBuild | Promise<UnitBuild>) | null;
}
