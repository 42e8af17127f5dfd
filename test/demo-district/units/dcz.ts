/**
 * Unit 6 — 大村镇 (town): unreachable. The server opens a port, notes it and closes it, so the
 * unit's URL refuses connections. Only incompletes or errors may come of it, never a violation.
 */
import type { UnitDefinition } from './unit-definition.js';

export const dczUnit: UnitDefinition = {
  id: 'dcz',
  name: '大村镇',
  type: 'town',
  build: null,
};
