/**
 * The 网站标识码 (SiteIDCode) format of 《政府网站发展指引》: 10 digits for local government sites,
 * `bm` + 8 digits for State Council departments (e.g. www.gov.cn's `bm01000001`).
 */

const SITE_ID_CODE = /^(?:\d{10}|bm\d{8})$/i;

export function isValidSiteIdCode(value: string): boolean {
  return SITE_ID_CODE.test(value.trim());
}
