/**
 * The print stylesheet of the pre-inspection PDF: A4, a formal serif look, and page breaks that
 * never cut a table row, a finding or a screenshot in half. Page margins leave room for the
 * header and footer Chromium draws (see print-chromium.ts).
 */

/** Serif first, as official documents are set; Sans CJK where the serif face is not installed. */
export const PDF_FONT_STACK = `'Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC','Source Han Sans SC',serif`;

export const PDF_PAGE_MARGIN = { top: '20mm', bottom: '18mm', left: '16mm', right: '16mm' } as const;

export const PRINT_CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1a1a1a; font: 10.5pt/1.6 ${PDF_FONT_STACK}; overflow-wrap: anywhere; }
h1, h2, h3, h4 { font-weight: 700; break-after: avoid; }
h2 { font-size: 16pt; margin: 0 0 10pt; padding-bottom: 4pt; border-bottom: 1.5pt solid #8c1c13; color: #8c1c13; }
h3 { font-size: 12.5pt; margin: 14pt 0 6pt; }
h4 { font-size: 11pt; margin: 10pt 0 4pt; }
p { margin: 4pt 0; }
code, pre, .mono { font-family: 'Noto Sans Mono CJK SC', ui-monospace, monospace; font-size: 8.5pt; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
.url { word-break: break-all; overflow-wrap: anywhere; }
.rule-id { overflow-wrap: normal; word-break: normal; }
a { color: inherit; text-decoration: none; }
.muted { color: #555; }

/* Cover */
.cover { height: 245mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.cover .district { font-size: 20pt; letter-spacing: 2pt; margin-bottom: 10pt; }
.cover h1 { font-size: 24pt; color: #8c1c13; margin: 0 0 36pt; letter-spacing: 1pt; }
.cover table { margin: 0 auto; width: auto; min-width: 110mm; font-size: 11.5pt; }
.cover th, .cover td { border: none; border-bottom: 0.5pt solid #bbb; padding: 5pt 10pt; text-align: left; }
.cover th { width: 42mm; color: #555; font-weight: 400; background: none; }
.cover .auto-note { margin-top: 40pt; font-size: 10.5pt; color: #555; }
.cover .unfinished { color: #8c1c13; }

/* Chapters */
.part-heading { font-size: 18pt; color: #8c1c13; margin: 0 0 12pt; }
.unit-heading { font-size: 15pt; }
.chapter { break-before: page; }
.unit-chapter { break-before: page; }

/* Tables */
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; }
th, td { border: 0.5pt solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th { background: #efe9e4; font-weight: 700; }
tr, .keep { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.vetoed td { background: #f8e7e5; }
.ranking th, .ranking td { white-space: nowrap; }
.ranking td.unit-name { white-space: normal; word-break: break-all; width: 100%; }
.veto { color: #8c1c13; font-weight: 700; }

/* Findings */
.finding { margin: 0 0 8pt; break-inside: avoid; page-break-inside: avoid; }
.finding table { margin: 0; }
.finding th { width: 30mm; background: #f6f3f0; font-weight: 400; color: #333; }
.finding caption { caption-side: top; text-align: left; font-weight: 700; padding: 2pt 0; }
.finding.marked-false-positive { opacity: 0.7; }
.finding.marked-false-positive .message { text-decoration: line-through; }
.finding.reappeared caption { color: #8c1c13; }
.badge { display: inline-block; font-size: 8.5pt; font-weight: 400; border: 0.5pt solid #777; border-radius: 2pt; padding: 0 3pt; margin-left: 3pt; }
.badge.change-new, .badge.reappeared { border-color: #8c1c13; color: #8c1c13; }
.badge.reappeared { background: #8c1c13; color: #fff; font-weight: 700; }
.badge.manual { border-color: #8a5a00; color: #8a5a00; }
.reappeared-note { color: #8c1c13; font-weight: 700; }
.screenshot img { display: block; max-width: 100%; max-height: 95mm; width: auto; height: auto; border: 0.5pt solid #999; }
.pages { margin: 0; padding-left: 14pt; }
.pages li { word-break: break-all; }

.fix-first { border: 0.75pt solid #8c1c13; padding: 2pt 8pt; margin: 6pt 0; }
.fix-first h3 { margin-top: 4pt; color: #8c1c13; }
.fix-first ol { margin: 2pt 0 4pt; padding-left: 16pt; }
.note-box { border: 0.75pt solid #8a5a00; background: #fcf5e3; padding: 4pt 8pt; margin: 6pt 0; }
.manual-label { color: #8a5a00; font-weight: 700; }
.predicted { font-size: 12pt; font-weight: 700; }
.empty { color: #555; }
`;
