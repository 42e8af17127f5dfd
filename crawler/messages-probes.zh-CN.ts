/**
 * zh-CN details of the network probes (HTTPS, IPv6). They are stored with the probe and shown inside
 * the site.https / site.ipv6 finding messages, so each says what was tried and what answered.
 */
export const probeText = {
  // HTTPS
  httpsHomeAnswered: (url: string) => `首页已通过 HTTPS 访问（${url}）`,
  httpsAnswered: (origin: string, status: number) => `${origin} 完成 TLS 握手并返回 HTTP ${status}`,
  httpsRefused: (origin: string) => `${origin} 拒绝连接（443 端口未开放 HTTPS 服务）`,
  httpsNotTls: (origin: string) => `${origin} 的 443 端口没有提供 HTTPS（TLS）服务`,
  httpsCertificate: (origin: string, problem: string) => `${origin} 可以建立加密连接，但证书有问题：${problem}，请另行修复证书`,
  httpsOldProtocol: (origin: string) => `${origin} 只支持过时的 TLS 版本或加密算法，无法完成安全握手`,
  httpsHandshakeFailed: (origin: string, code: string) => `${origin} TLS 握手失败（${code}）`,
  httpsTimeout: (origin: string, seconds: number) => `连接 ${origin} 超时（${seconds} 秒内无应答）`,
  httpsReset: (origin: string) => `${origin} 在加密握手完成前断开了连接，可能被防火墙拦截`,
  httpsDnsFailed: (origin: string) => `检测 ${origin} 时域名解析失败`,
  httpsNetwork: (origin: string, code: string) => `连接 ${origin} 时网络出错（${code}）`,
  httpsIpLiteral: (host: string) => `网站以 IP 地址 ${host} 访问，HTTPS 按域名检查`,

  certExpired: () => '证书已过期',
  certNotYetValid: () => '证书尚未生效',
  certSelfSigned: () => '证书为自签名证书，浏览器不信任',
  certUntrustedChain: () => '证书链不完整或签发机构不受信任',
  certWrongName: () => '证书与网站域名不符',
  certRevoked: () => '证书已被吊销',
  certOther: (code: string) => `证书校验未通过（${code}）`,

  // IPv6
  ipv6Found: (host: string, address: string) => `域名 ${host} 有 IPv6 解析（${address}）`,
  ipv6FoundLocal: (host: string, address: string) => `本机解析域名 ${host} 得到 IPv6 地址 ${address}`,
  ipv6NoAaaa: (host: string, v4: string) => `域名 ${host} 有 IPv4 解析（${v4}），但没有 AAAA 记录`,
  ipv6NameUnresolved: (host: string) => `DNS 未返回域名 ${host} 的 A 或 AAAA 记录，无法判断`,
  ipv6ResolverFailed: (host: string, code: string) => `查询域名 ${host} 的 AAAA 记录时 DNS 出错（${code}），无法判断`,
  ipv6Timeout: (host: string) => `查询域名 ${host} 的 AAAA 记录超时`,
  ipv6Literal: (host: string) => `网站以 IPv6 地址 ${host} 访问`,
  ipv4Literal: (host: string) => `网站以 IPv4 地址 ${host} 访问，IPv6 解析按域名检查`,

  probeFailed: (error: string) => `检测程序出错：${error}`,
  probeInterrupted: () => '检测被中断',
} as const;
