/** The demo district's units, in ranking-table order. */
import { bszUnit } from './bsz.js';
import { dczUnit } from './dcz.js';
import { fgjUnit } from './fgj.js';
import { hdjdUnit } from './hdjd.js';
import { jtyUnit } from './jty.js';
import { lsdUnit } from './lsd.js';
import { zjdUnit } from './zjd.js';
import type { UnitDefinition } from './unit-definition.js';

export const DEMO_UNITS: readonly UnitDefinition[] = [fgjUnit, jtyUnit, bszUnit, hdjdUnit, lsdUnit, zjdUnit, dczUnit];
