/**
 * Realistic Chinese text for demo articles. Titles carry no month/day (so nothing but the list's
 * date column can be read as an item date), no ID-like digit runs (privacy rules) and no
 * 征求意见 notices (consultation rule): the only findings are the seeded ones.
 */

/** `{org}` is replaced with the unit's name. */
export const TITLE_POOLS = {
  dynamic: [
    '{org}召开全体干部职工大会',
    '{org}开展安全生产大检查',
    '{org}召开党风廉政建设工作会议',
    '{org}组织开展主题党日活动',
    '{org}深入基层开展调研',
    '{org}召开重点项目推进会',
    '{org}开展防汛应急演练',
    '{org}举办业务能力提升培训班',
    '{org}开展“我为群众办实事”实践活动',
    '{org}召开优化营商环境专题会议',
    '{org}开展志愿服务进社区活动',
    '{org}召开季度工作调度会',
    '{org}开展消防安全知识培训',
    '{org}组织收看警示教育片',
    '{org}召开意识形态工作专题会议',
    '{org}开展政务服务窗口作风督查',
    '{org}召开招商引资工作推进会',
    '{org}组织开展文明城市创建活动',
    '{org}开展节前廉政提醒谈话',
    '{org}召开民主生活会情况通报会',
    '{org}开展扫黑除恶宣传活动',
    '{org}召开信访稳定工作会议',
    '{org}开展垃圾分类宣传周活动',
    '{org}开展网络安全宣传周活动',
    '{org}召开年度工作总结会议',
  ],
  notice: [
    '关于做好冬季安全生产工作的通知',
    '关于开展政务服务满意度调查的公告',
    '关于调整办公时间的通知',
    '关于开展营商环境问题线索征集的公告',
    '关于做好节假日值班工作的通知',
    '关于组织申报专项扶持资金的通知',
    '关于办公场所临时搬迁的公告',
    '关于开展安全隐患排查整治的通知',
    '关于公布行政许可事项清单的公告',
    '关于做好防汛防台风工作的通知',
    '关于开展统计执法检查的通知',
    '关于规范公文处理工作的通知',
  ],
  policy: [
    '{org}关于印发进一步优化营商环境若干措施的通知',
    '{org}关于印发行政执法公示制度实施办法的通知',
    '{org}关于印发重大行政决策程序规定的通知',
    '{org}关于印发专项资金管理办法的通知',
    '{org}关于印发安全生产责任制实施细则的通知',
    '{org}关于印发政务服务事项管理办法的通知',
  ],
  personnel: [
    '{org}公开招聘工作人员简章',
    '{org}公开招聘工作人员进入面试人员名单',
    '{org}干部任前公示',
    '{org}公开招聘工作人员拟聘用人员公示',
    '{org}选调工作人员公告',
    '{org}公开招聘工作人员考察结果公示',
  ],
  planning: [
    '{org}国民经济和社会发展规划纲要',
    '{org}年度重点工作计划',
    '{org}专项规划实施方案',
    '{org}重点项目建设计划',
    '{org}年度工作要点',
  ],
  system: [
    '{org}政府信息公开保密审查制度',
    '{org}政府信息公开工作考核制度',
    '{org}政府信息主动公开制度',
    '{org}依申请公开政府信息工作制度',
  ],
  topic: [
    '海岛岸线垃圾集中清理行动启动',
    '保护区开展外来物种排查',
    '志愿者登岛参与环境整治',
    '海岛环境整治阶段性成果通报',
    '保护区完成候鸟栖息地巡护',
    '海岛环境整治专题座谈会召开',
  ],
} as const;

export type TitlePool = keyof typeof TITLE_POOLS;

export function poolTitle(pool: TitlePool, index: number, org: string): string {
  const titles = TITLE_POOLS[pool];
  const title = titles[index % titles.length] ?? titles[0];
  return title.replaceAll('{org}', org);
}

const BODY_PARAGRAPHS = [
  '为深入贯彻落实区委、区政府决策部署，进一步提升工作质效，{org}结合工作实际，对相关工作进行了认真研究和安排部署。',
  '会议强调，要坚持以人民为中心的发展思想，压紧压实工作责任，细化工作措施，确保各项任务落地见效。',
  '下一步，{org}将持续加强统筹调度，及时总结推广经验做法，以更加务实的作风推动各项工作取得新成效。',
  '各科室、各下属单位要高度重视，明确专人负责，按照时间节点有序推进，遇有重要情况及时报告。',
];

export function bodyParagraphs(org: string, count = 3): string[] {
  return BODY_PARAGRAPHS.slice(0, count).map((p) => p.replaceAll('{org}', org));
}
