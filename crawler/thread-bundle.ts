/**
 * The page thread's code as one module, bundled once per process by esbuild (which tsx already
 * uses), for analysis-pool.ts to start its threads from.
 *
 * Why: a thread that loads the TypeScript sources through tsx resolves and loads each of its
 * hundred-odd modules through the loader hooks (in Node 20 they run on a thread of their own); that
 * cost 1.2–1.5 s of CPU per thread, before its first page. The same code bundled starts in about
 * 0.55 s (measured on this machine, each way three times). The packages stay outside the bundle and
 * load as they always do: each import names the package's file, so the module needs no folder of
 * its own and is handed to the thread as a data: URL — nothing is written to disk.
 *
 * What the bundle cannot know is where its sources lie (every module's `import.meta.url` is the
 * data: URL), so the one thing read from them, the rule-set fingerprint (page-results.ts), is
 * computed here and handed to the thread.
 *
 * When the bundle cannot be made (esbuild missing or failing), the threads start from the sources
 * through tsx, as before: slower to start, the same results.
 */
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The thread's entry through tsx: the sources as they are (analysis-worker.mjs registers tsx). */
export const SOURCE_ENTRY = new URL('./analysis-worker.mjs', import.meta.url);
const THREAD_MODULE = new URL('./analysis-thread.ts', import.meta.url);

let bundled: Promise<URL | null> | null = null;

/** The bundled thread as a data: URL, made on the first call; null when it cannot be made. */
export function pageThreadBundle(): Promise<URL | null> {
  bundled ??= makeBundle().catch(() => null);
  return bundled;
}

async function makeBundle(): Promise<URL | null> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [fileURLToPath(THREAD_MODULE)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [{
      name: 'packages-by-file-url',
      setup(b) {
        // A package import becomes the file URL Node itself resolves it to (the module has no folder
        // to resolve from); Node's own modules stay as they are.
        b.onResolve({ filter: /^[^./]/ }, (args) => (isBuiltin(args.path)
          ? { path: args.path, external: true }
          : { path: packageUrl(args.path), external: true }));
      },
    }],
  });
  const code = out.outputFiles?.[0]?.text;
  return code ? new URL(`data:text/javascript,${encodeURIComponent(code)}`) : null;
}

/**
 * Where Node resolves a package. For cheerio, the module that defines `load` (all the thread takes
 * from it): cheerio's entry also loads what its `fromURL` needs (undici among them), about 0.2 s
 * of CPU per thread for nothing. Should a thread module import more of cheerio one day, the bundle
 * would fail to start and the threads would start from the sources (and the pool's test that the
 * threads ran bundled would say so).
 */
function packageUrl(specifier: string): string {
  const url = import.meta.resolve(specifier);
  if (specifier === 'cheerio') {
    const loader = new URL('./load-parse.js', url);
    if (existsSync(fileURLToPath(loader))) return loader.href;
  }
  return url;
}
