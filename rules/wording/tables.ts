/**
 * The wording tables (rules/data/wording-*.json), validated once: the 易错词 table, the serious
 * misstatements (leaders, unique titles, state organs, formulations) and the office's forbidden
 * words. Data, so the office edits them without touching code; a malformed table fails loudly when
 * the rules load (a test reads every table).
 */
import { z } from 'zod';
import typoData from '../data/wording-typos.json' with { type: 'json' };
import seriousData from '../data/wording-serious.json' with { type: 'json' };
import forbiddenData from '../data/wording-forbidden.json' with { type: 'json' };

const Cjk = z.string().min(2);

const FixSchema = z.object({
  wrong: Cjk,
  right: z.string().min(1),
  /** Longer correct writings that contain `wrong` (发布署名 contains 布署): a match inside one is no error. */
  notIn: z.array(z.string().min(3)).optional(),
}).refine((e) => e.wrong !== e.right, { message: 'wrong 与 right 相同' })
  .refine((e) => (e.notIn ?? []).every((n) => n.includes(e.wrong)), { message: 'notIn 中的每一项都应包含 wrong' });

export type WordingFix = z.infer<typeof FixSchema>;

export const TypoTableSchema = z.object({ entries: z.array(FixSchema).min(1) });

export const SeriousTableSchema = z.object({
  /** When the table was last brought up to date (YYYY-MM): names change. */
  asOf: z.string().regex(/^\d{4}-\d{2}$/),
  titleWords: z.array(z.string().min(2)),
  leaders: z.array(z.object({ name: Cjk, allowedTitles: z.array(z.string()), commonName: z.boolean() })),
  uniqueTitles: z.array(z.object({ title: z.string().min(2), holder: Cjk, formerHolders: z.array(Cjk) })),
  organs: z.array(FixSchema),
  formulations: z.array(FixSchema),
});

export type SeriousTable = z.infer<typeof SeriousTableSchema>;

export const ForbiddenTableSchema = z.object({
  words: z.array(z.object({ word: z.string().min(1), reason: z.string().optional(), suggestion: z.string().optional() })),
});

export type ForbiddenWord = z.infer<typeof ForbiddenTableSchema>['words'][number];

export const TYPOS: readonly WordingFix[] = TypoTableSchema.parse(typoData).entries;
export const SERIOUS: SeriousTable = SeriousTableSchema.parse(seriousData);
export const FORBIDDEN: readonly ForbiddenWord[] = ForbiddenTableSchema.parse(forbiddenData).words;
