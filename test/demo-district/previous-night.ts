/**
 * The demo district as it was the night before: two differences from tonight, so that two demo
 * runs (`gongkai demo` crawls both nights) show what changed overnight.
 * - 区发展和改革局 (fgj): one 工作动态 article was missing (its links were broken, also on the home
 *   page) and has been restored tonight — 已消除 (fixed).
 * - fgj's 通知公告 attachment 工作方案.docx still answered the night before and is gone tonight — 新增
 *   (new): tonight's seeded `link.broken` of fgj.
 * Everything else answers exactly as tonight.
 */
import { notFound, textResource, type Resource } from './resource.js';
import type { BuiltSite } from './site-builder.js';

/** 工作动态 article (by list index) that was missing the night before. */
const MISSING_DYNAMIC_INDEX = 1;
const ATTACHMENT_PATH = '/xxgk/tzgg/fj/gzfa.docx';

export type DemoNight = 'previous' | 'tonight';

/** Per path: what the unit answered the night before, where it differs from tonight. */
export function previousNightRoutes(unitId: string, site: BuiltSite): Map<string, Resource> {
  const routes = new Map<string, Resource>();
  if (unitId !== 'fgj') return routes;
  const missing = site.columns.get('gzdt')?.articles[MISSING_DYNAMIC_INDEX];
  if (!missing) throw new Error('fgj: 工作动态 article for the previous night missing');
  routes.set(missing.path, notFound());
  routes.set(ATTACHMENT_PATH, textResource('工作方案（演示附件，无个人信息）\n', 'text/plain; charset=utf-8'));
  return routes;
}
