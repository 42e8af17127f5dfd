/**
 * Synthetic personal data for the privacy defects of the demo district. ID numbers are made, not
 * copied: a 黄岛区 region code, a plausible birth date and a sequence number, with the check
 * character computed (GB 11643, ISO 7064 MOD 11-2) so that a checker must treat them as real.
 * Mobile numbers are in the 1[3-9] ranges. Masks follow the forms the rules report (data.masked).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** The check character of the first 17 digits of a 公民身份号码. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`not 17 digits: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** A checksum-valid 18-character ID number: region (6), birth date YYYYMMDD, sequence (3). */
export function syntheticIdNumber(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idCheckChar(first17);
}

/** `370211********2317`: the first six and last four characters, the birth date and sequence hidden. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** `138****1234`. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** Region code of 青岛市黄岛区 (the district the demo imitates). */
export const DEMO_REGION = '370211';
