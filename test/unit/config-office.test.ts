/** The office additions to the config: schedule, alerts, unit contacts, nextEvaluation (all optional). */
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../crawler/config.js';

const unit = (over: Record<string, unknown> = {}) => ({ id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.example.gov.cn/', ...over });

function problems(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('office config', () => {
  it('accepts the full example with defaults filled in', () => {
    const c = validateConfig({
      name: '区', nextEvaluation: '2020-12-15',
      schedule: { cron: '0 2 * * *' },
      alerts: {
        webhooks: [{ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', type: 'wecom', units: ['fgj'] }, { url: 'https://oapi.dingtalk.com/robot/send?access_token=t' }],
        email: { smtp: { host: 'smtp.example.gov.cn', port: 465, secure: true, user: 'gongkai@example.gov.cn', passwordEnv: 'GONGKAI_SMTP_PASSWORD' }, from: 'gongkai@example.gov.cn', to: ['office@example.gov.cn'] },
      },
      units: [unit({ contact: { email: ['webmaster@fgj.example.gov.cn'], webhook: 'https://example.gov.cn/hook' } }), unit({ id: 'jty' })],
    });
    expect(c.schedule).toEqual({ cron: '0 2 * * *', keepRuns: 30, logFile: 'gongkai-schedule.log' });
    expect(c.alerts?.maxItems).toBe(5);
    expect(c.alerts?.email?.to).toEqual(['office@example.gov.cn']);
    expect(c.units[0]!.contact).toEqual({ email: ['webmaster@fgj.example.gov.cn'], webhook: 'https://example.gov.cn/hook' });
    expect(c.nextEvaluation).toBe('2020-12-15');
  });

  it('leaves old configs as they were', () => {
    const c = validateConfig({ name: '区', units: [unit()] });
    expect(c.schedule).toBeUndefined();
    expect(c.alerts).toBeUndefined();
    expect(c.nextEvaluation).toBeUndefined();
    expect(c.units[0]!.contact).toBeUndefined();
  });

  it('accepts 6-field cron expressions (seconds first) and a single e-mail address', () => {
    const c = validateConfig({ name: '区', units: [unit({ contact: { email: 'a@fgj.example.gov.cn' } })], schedule: { cron: '*/2 * * * * *', keepRuns: 2 } });
    expect(c.schedule?.cron).toBe('*/2 * * * * *');
    expect(c.units[0]!.contact?.email).toEqual(['a@fgj.example.gov.cn']);
  });

  it('names the field of each mistake in zh-CN', () => {
    const p = problems({
      name: '区', nextEvaluation: '2020-13-01', units: [unit({ contact: { email: 'not-an-address', phone: '1' } })],
      schedule: { cron: '0 25 * * *', keepRuns: 0, logfile: 'x.log' },
      alerts: { webhooks: [{ url: 'qyapi', type: 'wechat' }], email: { smtp: { host: 'smtp', port: 70000, password: 'x', user: 'u' }, from: 'gongkai', to: [] } },
    });
    expect(p).toEqual(expect.arrayContaining([
      expect.stringMatching(/^nextEvaluation: /),
      'units[0].contact.email: 应为电子邮件地址或其列表',
      'units[0].contact: 未知的配置项 “phone”（请检查拼写，见 README 的配置说明）',
      expect.stringMatching(/^schedule\.cron: “0 25 \* \* \*” 不是有效的 cron 表达式/),
      'schedule.keepRuns: 至少保留 1 次运行',
      'schedule: 未知的配置项 “logfile”（是否想写 “logFile”？）',
      expect.stringMatching(/^alerts\.webhooks\[0\]\.url: 不是有效的网址/),
      expect.stringMatching(/^alerts\.webhooks\[0\]\.type: 应为 wecom（企业微信群机器人）/),
      'alerts.email.smtp.port: 应为端口号（1–65535）',
      expect.stringMatching(/^alerts\.email\.smtp\.password: 不要把密码写在配置文件中/),
      expect.stringMatching(/^alerts\.email\.smtp\.passwordEnv: 设置了 user 时还需要 passwordEnv/),
      'alerts.email.from: 不是有效的电子邮件地址，例如 office@example.gov.cn',
    ]));
  });

  it('a cron with the wrong number of fields says how many it has', () => {
    expect(problems({ name: '区', units: [unit()], schedule: { cron: '0 2 * *' } })).toEqual([
      'schedule.cron: “0 2 * *” 有 4 段，应为 5 段的 cron 表达式（分 时 日 月 周），例如 "0 2 * * *" 表示每天凌晨 2 点；也可写 6 段，最前面加秒',
    ]);
  });

  it('a webhook limited to an unknown unit names the unit', () => {
    expect(problems({ name: '区', units: [unit()], alerts: { webhooks: [{ url: 'https://example.gov.cn/h', units: ['fgj', 'jtyy'] }] } })).toEqual([
      'alerts.webhooks[0].units[1]: 没有标识为 “jtyy” 的单位（units 中的单位标识：fgj）',
    ]);
  });
});
