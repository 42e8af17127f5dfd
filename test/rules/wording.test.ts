/**
 * wording.typo, wording.serious, wording.forbidden: the tables, the scanners with their traps
 * (a form inside a longer correct word, a quotation of the wrong form, an address, a name that
 * holds a listed sequence, context-dependent pairs), the page rules on fixtures
 * (test/fixtures/rules/wording.*) and the attachment rules on a hand-built site model.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { WORDING_PAGE_RULES, WORDING_SITE_RULES } from '../../rules/areas/wording.js';
import { runPageRules, runSiteRules } from '../../rules/engine.js';
import { ruleMeta } from '../../rules/catalogue.js';
import { DEFAULT_CATALOGUE, scoreUnit } from '../../rules/scoring.js';
import { scanForbidden, scanSerious, scanTypos } from '../../rules/wording/scan.js';
import { FORBIDDEN, SERIOUS, TYPOS } from '../../rules/wording/tables.js';
import type { AttachmentText, Finding, PageContext, SiteModel } from '../../rules/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const EVAL = '2020-11-26';
const UNIT_NAME = '区发展和改革局';

function pageCtx(html: string, url = 'http://u.test/a.html'): PageContext {
  const dom = cheerioDomView(html, url);
  return { url, snapshot: extractSnapshot(dom, url, { refDate: EVAL }), dom, evalDate: EVAL, unitName: UNIT_NAME };
}

describe('the wording tables', () => {
  it('hold a few hundred misused forms, each different from its correction and never a correct form of another entry', () => {
    expect(TYPOS.length).toBeGreaterThanOrEqual(200);
    const rights = new Set(TYPOS.map((t) => t.right));
    for (const t of TYPOS) {
      expect(t.wrong, t.wrong).not.toBe(t.right);
      expect(rights.has(t.wrong), `${t.wrong} is also listed as correct`).toBe(false);
      // A correct form must never be caught by the table itself.
      expect(scanTypos(`他们${t.right}地工作。`).map((h) => h.wrong), t.right).toEqual([]);
    }
  });

  it('every wrong form of the tables is found where it is written, also at the very start and end of the text', () => {
    // The scan skips positions by their first two characters' codes: no entry may fall through.
    for (const t of TYPOS) {
      for (const text of [`他们${t.wrong}地工作。`, t.wrong, `工作${t.wrong}`]) {
        expect(scanTypos(text).map((h) => h.wrong), `${t.wrong} in ${text}`).toEqual([t.wrong]);
      }
    }
    for (const o of [...SERIOUS.organs, ...SERIOUS.formulations]) {
      for (const text of [`会议传达了${o.wrong}的精神。`, o.wrong]) {
        expect(scanSerious(text).map((h) => h.wrong), `${o.wrong} in ${text}`).toContain(o.wrong);
      }
    }
  });

  it('leave out the pairs that depend on context', () => {
    const wrongs = new Set(TYPOS.map((t) => t.wrong));
    for (const pair of ['的', '地', '得', '必需', '必须', '做', '作', '截止', '截至', '其它', '其他', '反映', '反应']) expect(wrongs.has(pair), pair).toBe(false);
  });

  it('the serious table is dated, and its unique titles name their holders among the leaders', () => {
    expect(SERIOUS.asOf).toMatch(/^20\d\d-\d\d$/);
    const leaders = new Set(SERIOUS.leaders.map((l) => l.name));
    for (const u of SERIOUS.uniqueTitles) expect(leaders.has(u.holder), u.title).toBe(true);
  });

  it('the forbidden list is the office\'s: empty by default', () => {
    expect(FORBIDDEN).toEqual([]);
  });
});

describe('scanTypos: traps', () => {
  it('finds a misused idiom and marks it in its sentence', () => {
    const [hit] = scanTypos('全区上下要再接再励，再创佳绩。下一句。');
    expect(hit).toMatchObject({ wrong: '再接再励', right: '再接再厉', sentence: '全区上下要【再接再励】，再创佳绩' });
  });

  it('never inside a longer correct word', () => {
    expect(scanTypos('发布署名文章；公布署名名单；按步骤实施；竟争相报名。')).toEqual([]);
    expect(scanTypos('对工作作出布署。').map((h) => h.wrong)).toEqual(['布署']);
  });

  it('never a quotation of the wrong form, nor in a sentence that corrects it', () => {
    expect(scanTypos('将“再接再励”改为“再接再厉”。')).toEqual([]);
    expect(scanTypos('文中再接再励一词应为再接再厉。')).toEqual([]);
    expect(scanTypos('他写了‘按步就班’四个字。')).toEqual([]);
    // An unquoted use in the next sentence is still found.
    expect(scanTypos('将“再接再励”改为“再接再厉”。大家要按步就班。').map((h) => h.wrong)).toEqual(['按步就班']);
  });

  it('never in a web or e-mail address', () => {
    expect(scanTypos('见 http://www.example.gov.cn/再接再励/index.html 和 www.example.gov.cn/按步就班')).toEqual([]);
  });

  it('reads a form split across elements as one', () => {
    const ctx = pageCtx('<html><body><p>要<b>再接</b>再励。</p></body></html>');
    expect(runPageRules(ctx, WORDING_PAGE_RULES).map((f) => f.data['wrong'])).toEqual(['再接再励']);
  });
});

describe('scanSerious: leaders, titles, organs, formulations, the unit\'s own name', () => {
  const kinds = (text: string, unitName?: string) => scanSerious(text, unitName ? { unitName } : {}).map((h) => `${h.serious}:${h.wrong}->${h.right}:${h.certain}`);

  it('a leader\'s name written wrong next to a title only they hold', () => {
    expect(kinds('习近年总书记指出')).toEqual(['leader-name:习近年->习近平:true']);
    expect(kinds('国家主席习进平会见')).toEqual(['leader-name:习进平->习近平:true']);
    expect(kinds('国务院总理李钢主持会议')).toEqual(['leader-name:李钢->李强:true']);
  });

  it('a leader with a title they do not hold', () => {
    expect(kinds('习近平总理强调')).toEqual(['leader-title:习近平总理->习近平主席:true']);
    expect(kinds('国务院总理习近平')).toEqual(['leader-title:国务院总理习近平->中共中央总书记习近平:true']);
    expect(kinds('李强总书记指出')).toEqual(['leader-title:李强总书记->李强总理:true']);
  });

  it('the right names and titles, former holders and history are no error', () => {
    expect(kinds('中共中央总书记、国家主席、中央军委主席习近平；习近平总书记；国务院总理李强；赵乐际委员长；王沪宁主席；国家副主席韩正；国务院副总理何立峰')).toEqual([]);
    expect(kinds('国务院总理李克强、国务院总理李鹏、胡锦涛总书记、国家副主席习近平（2010 年）')).toEqual([]);
    expect(kinds('全国人大常委会副委员长李鸿忠')).toEqual([]);
  });

  it('a local official who shares a leader\'s name is no error (a name that holds a listed sequence)', () => {
    expect(kinds('区政协主席李强出席；区委书记韩正讲话；局长张国清、主任刘国中参加；村民李希主席')).toEqual([]);
  });

  it('state organs and formulations', () => {
    expect(kinds('国家检察委员会；最高人民监察院；中国特色社会主意')).toEqual([
      'organ:国家检察委员会->国家监察委员会:true', 'organ:最高人民监察院->最高人民检察院:true', 'formulation:中国特色社会主意->中国特色社会主义:true',
    ]);
    expect(kinds('国家监察委员会；最高人民检察院；中国特色社会主义')).toEqual([]);
  });

  it('the unit\'s own name one character off is a doubt, never a violation', () => {
    expect(kinds('区发展与改革局召开会议', UNIT_NAME)).toEqual(['unit-name:区发展与改革局->区发展和改革局:false']);
    expect(kinds('区发展和改革局召开会议；区发展改革局', UNIT_NAME)).toEqual([]);
  });

  it('a correction notice that quotes the wrong form is no error', () => {
    expect(kinds('本网误将“国家监察委员会”写为“国家检察委员会”，现予更正。')).toEqual([]);
  });
});

describe('scanForbidden: the office\'s own list', () => {
  it('finds each listed word with the office\'s reason and suggestion, and nothing with the default (empty) list', () => {
    const words = [{ word: '最佳', reason: '政府网站不作比较性宣传', suggestion: '删除' }, { word: '独家' }];
    const hits = scanForbidden('本店最佳，独家供应。', words);
    expect(hits.map((h) => [h.wrong, h.right, h.reason ?? null])).toEqual([['最佳', '删除', '政府网站不作比较性宣传'], ['独家', null, null]]);
    expect(scanForbidden('本店最佳，独家供应。')).toEqual([]);
    expect(scanForbidden('“最佳”一词应改为“较好”。', words)).toEqual([]);
  });
});

describe('wording page rules on the fixtures', () => {
  for (const ruleId of ['wording.typo', 'wording.serious', 'wording.forbidden']) {
    const rule = WORDING_PAGE_RULES.find((r) => r.id === ruleId)!;
    for (const file of readdirSync(join(FIXTURES, ruleId)).filter((f) => f.endsWith('.html'))) {
      it(`${ruleId}: ${file}`, () => {
        const findings = runPageRules(pageCtx(readFileSync(join(FIXTURES, ruleId, file), 'utf8')), [rule]);
        const expected = file.startsWith('violation-') ? 'violation' : file.startsWith('incomplete-') ? 'incomplete' : null;
        if (expected === null) expect(findings).toEqual([]);
        else {
          expect(findings.length, file).toBeGreaterThan(0);
          for (const f of findings) {
            expect(f.outcome).toBe(expected);
            // The sentence with the wrong form marked, the correction, and the element to mark.
            expect(String(f.data['sentence'])).toContain(`【${String(f.data['wrong'])}】`);
            expect(f.message).toContain(String(f.data['wrong']));
            expect(f.target?.selector).toBeTruthy();
          }
        }
      });
    }
  }

  it('one finding per distinct wrong form, counting its occurrences', () => {
    const findings = runPageRules(pageCtx('<html><body><p>再接再励。</p><p>再接再励！按步就班。</p></body></html>'), WORDING_PAGE_RULES);
    expect(findings.map((f) => [f.data['wrong'], f.data['count']])).toEqual([['再接再励', 2], ['按步就班', 1]]);
  });
});

describe('wording in attachments (site rules)', () => {
  const attachment = (text: string): AttachmentText => ({
    url: 'http://u.test/fj/plan.docx', fromUrl: 'http://u.test/a.html', fromText: '工作方案.docx', type: 'docx', text, truncated: false, error: null,
  });
  const site = (attachments: AttachmentText[]): SiteModel => ({
    unit: { id: 'fgj', name: UNIT_NAME, type: 'department', url: 'http://u.test/', scope: [] },
    evalDate: EVAL, home: null, homeError: null, columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [],
    linkChecks: [], guide: null, annualReports: [], attachments, probes: { https: null, ipv6: null } as unknown as SiteModel['probes'], page: () => null,
  });

  it('reads each attachment like a page: the attachment is the finding\'s url, the linking page in data', () => {
    const all = runSiteRules(site([attachment('各科室要再接再励。\n传达国家检察委员会文件。\n区发展与改革局')]), WORDING_SITE_RULES);
    const findings = all.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete');
    // The forbidden-word rule (empty list) says it read the attachment.
    expect(all.filter((f) => f.outcome === 'pass').map((f) => f.ruleId)).toEqual(['wording.forbidden']);
    expect(findings.map((f: Finding) => [f.ruleId, f.outcome, f.data['wrong']])).toEqual([
      ['wording.typo', 'violation', '再接再励'],
      ['wording.serious', 'violation', '国家检察委员会'],
      ['wording.serious', 'incomplete', '区发展与改革局'],
    ]);
    for (const f of findings) {
      expect(f.url).toBe('http://u.test/fj/plan.docx');
      expect(f.data['fromUrl']).toBe('http://u.test/a.html');
      expect(f.message).toContain('工作方案.docx');
    }
    expect(runSiteRules(site([attachment('各科室要再接再厉。')]), WORDING_SITE_RULES).map((f) => f.outcome)).toEqual(['pass', 'pass', 'pass']);
    expect(runSiteRules(site([]), WORDING_SITE_RULES).map((f) => f.outcome)).toEqual(['inapplicable', 'inapplicable', 'inapplicable']);
  });
});

describe('scoring and catalogue', () => {
  it('a serious misstatement is a veto; a typo costs a point in 网站规范; all three are page rules', () => {
    for (const id of ['wording.typo', 'wording.serious', 'wording.forbidden']) expect(ruleMeta(id)?.scope).toBe('page');
    const f = (ruleId: string): Finding => ({ ruleId, outcome: 'violation', url: 'http://u.test/a.html', message: 'x', data: {} });
    const serious = scoreUnit([f('wording.serious')], DEFAULT_CATALOGUE);
    expect(serious.vetoed).toBe(true);
    const typo = scoreUnit([f('wording.typo')], DEFAULT_CATALOGUE);
    expect(typo.vetoed).toBe(false);
    expect(typo.indicators.find((i) => i.id === 'site-standards')?.score).toBe(4);
  });
});
