/**
 * The house rule of the repository's folders, read from the code itself: every import statement of
 * every source file (static, re-export, dynamic `import()` and `import('…')` types), resolved to the
 * top-level folder it points into, and held against which folder may import which.
 *
 *   cli/       → crawler/, reports/, store/, rules/ (and the demo district it serves)
 *   crawler/   → store/, rules/
 *   reports/   → store/, rules/
 *   store/     → rules/, and only its types
 *   rules/     → nothing of ours but itself; no Node built-ins
 *   extension/ → rules/ only; no Node built-ins in what it bundles
 *   bin/       → cli/
 *
 * Nothing but bin/ imports cli/. bench/, scripts/ and test/ are tools around the product and may
 * import anything. TypeScript's own parser reads the imports (no new dependency, no regex guessing
 * about comments and strings).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Folders whose imports are checked, and which of our folders each may import besides itself. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  cli: ['crawler', 'reports', 'store', 'rules', 'test/demo-district'],
  crawler: ['store', 'rules'],
  reports: ['store', 'rules'],
  store: ['rules'],
  rules: [],
  extension: ['rules'],
  bin: ['cli'],
};

/** Folders that may only take types from the folders below them (docs/contracts.md: the store imports rules/ types). */
const TYPES_ONLY_FROM: Readonly<Record<string, readonly string[]>> = { store: ['rules'] };

/** Folders that run in the browser (bundled by the extension) or must stay pure: no Node built-ins. */
const NO_NODE = ['rules', 'extension/src'];

export interface ImportEdge {
  /** Repository-relative file that imports. */
  file: string;
  line: number;
  specifier: string;
  /** Repository-relative path the specifier points at (relative specifiers only). */
  target: string | null;
  typeOnly: boolean;
}

export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  why: string;
}

const SOURCE = /\.(ts|mts|mjs|js)$/;

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(root, rel));
    else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every import of one file, as written, with the line it is on. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') || file.endsWith('.mts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const target = specifier.startsWith('.') ? relative(root, join(root, dirname(file), specifier)).split(sep).join('/') : null;
    edges.push({ file: file.split(sep).join('/'), line, specifier, target, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly ||
        (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) add(node, arg.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** The checked folder a repository path belongs to ('' when it is outside all of them). */
function layerOf(path: string): string {
  const top = path.split('/')[0] ?? '';
  return top in ALLOWED ? top : '';
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Every import in the repository at `root` that breaks the house rule, with why. */
export function layerViolations(root: string): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const folder of Object.keys(ALLOWED)) {
    for (const file of sourceFiles(root, folder)) {
      const from = layerOf(file);
      for (const edge of importsOf(root, file)) {
        const v = (why: string) => out.push({ file: edge.file, line: edge.line, specifier: edge.specifier, why });
        if (edge.target === null) {
          if (NODE_BUILTINS.has(edge.specifier) && NO_NODE.some((f) => within(edge.file, f))) {
            v(`${NO_NODE.find((f) => within(edge.file, f))}/ must run in a browser: no Node built-in modules`);
          }
          continue;
        }
        if (edge.target.startsWith('..')) {
          v('imports a file outside the repository');
          continue;
        }
        const top = edge.target.split('/')[0] ?? '';
        if (top === from) continue;
        const allowed = ALLOWED[from] ?? [];
        if (!allowed.some((a) => within(edge.target!, a))) {
          v(`${from}/ may not import ${top}/ (allowed: ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'nothing of ours'})`);
          continue;
        }
        if ((TYPES_ONLY_FROM[from] ?? []).includes(top) && !edge.typeOnly && !edge.target.endsWith('.json')) {
          v(`${from}/ may take only types from ${top}/ (write \`import type\`)`);
        }
      }
    }
  }
  return out;
}
