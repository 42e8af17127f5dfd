/** zh-CN messages of the PostgreSQL store: connection and schema problems. */
export const pgStoreText = {
  badUrl: '--db 应为 PostgreSQL 连接地址，例如 --db postgres://gongkai@数据库主机/gongkai',
  unreachable: (where: string, detail: string) =>
    `无法连接 PostgreSQL 数据库 ${where}（${detail}）。请检查 --db 中的主机、端口、用户名和数据库名是否正确，以及数据库服务是否已启动。`,
  /** Common causes of a failed connection, by system or PostgreSQL error code. */
  connectCauses: {
    ECONNREFUSED: '连接被拒绝：该主机的这个端口上没有数据库服务',
    ENOTFOUND: '找不到这个主机名',
    EAI_AGAIN: '暂时无法解析这个主机名',
    ETIMEDOUT: '连接超时',
    ECONNRESET: '连接被对方中断',
    '28P01': '用户名或密码不正确',
    '28000': '数据库不允许这个用户连接',
    '3D000': '数据库不存在',
  } as Record<string, string>,
  newerSchema: (v: number) => `PostgreSQL 数据库由更新版本的 Gongkai 创建（结构版本 ${v}），请升级 Gongkai。`,
};
