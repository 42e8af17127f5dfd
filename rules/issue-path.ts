/**
 * Reading zod issues against the raw input, shared by every validator that speaks to a person
 * (config, manual.yaml, the export schema): the field path as written in the file, and the value
 * found there (to tell "missing" from "wrong").
 */

/** `units[2].url` from a zod path; `root` names the top level (e.g. 配置文件顶层). */
export function issuePath(path: readonly PropertyKey[], root: string): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || root;
}

/** The raw value at a zod path, or undefined when the path does not exist in the input. */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}
