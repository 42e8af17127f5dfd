/**
 * Builds the extension with plain vite (toolchain.md §3i): one ESM build for the service worker, the
 * popup and the options page; one self-contained IIFE build for the content script (MV3 content
 * scripts cannot be modules); then `dist/gongkai-extension.zip` (the rest of dist/) to distribute.
 *
 * `npm run build:extension` runs this file; tests call `buildExtension()` directly.
 */
import { readdir, readFile, writeFile, rm, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { zipEntries } from './zip.js';

const EXTENSION_DIR = dirname(fileURLToPath(import.meta.url));
const SRC_DIR = join(EXTENSION_DIR, 'src');
const ZIP_NAME = 'gongkai-extension.zip';

export interface BuildOptions {
  /** Output directory (default extension/dist). */
  outDir?: string;
  /**
   * Extra `host_permissions` written into the built manifest. Only for tests: a real user grants
   * hosts at run time (optional_host_permissions), which a headless test cannot click through.
   */
  grantHosts?: string[];
  /** Also write dist/gongkai-extension.zip, the archive of everything else in dist (default true). */
  zip?: boolean;
}

export interface BuildResult {
  outDir: string;
  zipFile: string | null;
}

function baseConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: SRC_DIR,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      minify: false,
      sourcemap: false,
      // Extension pages and scripts load everything locally; no module preload polyfill needed.
      modulePreload: false,
      target: 'chrome120',
      reportCompressedSize: false,
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

export async function buildExtension(opts: BuildOptions = {}): Promise<BuildResult> {
  const outDir = resolve(opts.outDir ?? join(EXTENSION_DIR, 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const base = baseConfig(outDir);
  await build({
    ...base,
    build: {
      ...base.build,
      emptyOutDir: false,
      rollupOptions: {
        input: { popup: join(SRC_DIR, 'popup.html'), options: join(SRC_DIR, 'options.html'), sw: join(SRC_DIR, 'sw.ts') },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
      },
    },
  });
  await build({
    ...base,
    build: {
      ...base.build,
      emptyOutDir: false,
      lib: { entry: join(SRC_DIR, 'content.ts'), formats: ['iife'], name: 'gongkaiContent', fileName: () => 'content.js' },
    },
  });

  const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'public', 'manifest.json'), 'utf8')) as Record<string, unknown>;
  if (opts.grantHosts && opts.grantHosts.length > 0) manifest['host_permissions'] = opts.grantHosts;
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  let zipFile: string | null = null;
  if (opts.zip ?? true) {
    const files = await listFiles(outDir);
    const entries = await Promise.all(
      files.map(async (f) => ({ name: relative(outDir, f).split(sep).join('/'), data: await readFile(f) })),
    );
    // Inside dist/ (git-ignored); Chrome ignores the extra file when dist/ is loaded unpacked.
    zipFile = join(outDir, ZIP_NAME);
    await writeFile(zipFile, zipEntries(entries));
  }
  return { outDir, zipFile };
}

/** Bundles one entry as a self-contained IIFE file (tests: the live-view harness). */
export async function buildIife(entry: string, outFile: string): Promise<string> {
  const base = baseConfig(dirname(outFile));
  await build({
    ...base,
    build: {
      ...base.build,
      emptyOutDir: false,
      lib: { entry, formats: ['iife'], name: 'gongkaiBundle', fileName: () => relative(dirname(outFile), outFile) },
    },
  });
  return outFile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await buildExtension();
  console.log(`扩展已构建：${result.outDir}${result.zipFile ? `；安装包：${result.zipFile}` : ''}`);
}
