/**
 * The pre-inspection PDF (迎检预评估报告) of one export document: the document HTML
 * (document-html.ts) printed by the system Chromium (print-chromium.ts). `gongkai export
 * --format pdf` calls this.
 */
import type { ExportDocument, ExportFinding } from '../export-schema.js';
import { reportRuleInfo } from '../rule-info.js';
import { pdfDocumentHtml, pdfFooterTemplate, pdfHeaderTemplate } from './document-html.js';
import { repairCjkTextLayer } from './cjk-text-layer.js';
import { PDF_PAGE_MARGIN } from './print-css.js';
import { printHtmlToPdf, type PrintingChromium } from './print-chromium.js';

export interface RenderPdfOptions {
  districtName: string;
  /** Same as the HTML report's option (reports/screenshot-source.ts storeScreenshots gives one). */
  screenshot?: (unitId: string, finding: ExportFinding) => string | null;
  /** Shown on the cover as the generation date (Beijing time); default now. */
  generatedAt?: Date;
  /** The Chromium to print with (crawler/browser/chromium-path.ts: printingChromium); null when none was found. */
  chromium: PrintingChromium | null;
  /** Where GONGKAI_CHROMIUM was looked up, to word the error when none was found (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The PDF bytes. Throws UserError (zh-CN, naming `npm run setup:browser`) when no Chromium can be
 * found or started.
 */
export async function renderPdf(doc: ExportDocument, opts: RenderPdfOptions): Promise<Buffer> {
  const html = pdfDocumentHtml(doc, {
    districtName: opts.districtName,
    ruleInfo: reportRuleInfo,
    screenshot: opts.screenshot,
    generatedAt: opts.generatedAt ?? new Date(),
  });
  const { pdf } = await printHtmlToPdf(html, {
    headerTemplate: pdfHeaderTemplate(opts.districtName),
    footerTemplate: pdfFooterTemplate(),
    margin: { ...PDF_PAGE_MARGIN },
    chromium: opts.chromium,
    ...(opts.env ? { env: opts.env } : {}),
  });
  return repairCjkTextLayer(pdf);
}
