/**
 * Deciding which links are attachments to read: on one of the unit's own hosts (a file on another
 * site is not the unit's publication), with an attachment extension or Content-Type, at most
 * MAX_PER_UNIT per unit per crawl so a site with thousands of files cannot stall the run.
 */
import type { AttachmentStore } from '../../store/attachments.js';
import { hostKey } from '../../store/url.js';
import { sniffBinaryType, typeFromContentDisposition, typeFromContentType, typeFromUrl } from './file-type.js';

export const MAX_ATTACHMENTS_PER_UNIT = 500;

export class AttachmentQueue {
  /**
   * Attachments recorded per unit, counted from the store the first time a unit is seen: a resumed
   * crawl continues the count instead of starting again at 0, and no set of URLs grows in memory
   * (the store's primary key already says whether a URL is new).
   */
  private readonly perUnit = new Map<string, number>();
  constructor(private readonly store: AttachmentStore, private readonly max = MAX_ATTACHMENTS_PER_UNIT) {}

  /**
   * Queues `href` when it is an attachment on `hosts`. `contentType`, `contentDisposition` and
   * `body` are given when the target was fetched already (a download link without an extension,
   * often served as application/octet-stream): its file name or its bytes then tell the type.
   * Returns whether it was queued now.
   */
  offer(unitId: string, hosts: Set<string>, link: {
    href: string; fromUrl: string; text: string; contentType?: string | null; contentDisposition?: string | null; body?: Buffer | null;
  }): boolean {
    const type = typeFromUrl(link.href) ?? typeFromContentDisposition(link.contentDisposition) ??
      typeFromContentType(link.contentType ?? null) ?? (link.body ? sniffBinaryType(link.body) : null);
    if (!type) return false;
    let host: string;
    try {
      host = hostKey(link.href);
    } catch {
      return false;
    }
    if (!hosts.has(host)) return false;
    const count = this.perUnit.get(unitId) ?? this.store.countFor(unitId);
    if (count >= this.max) {
      this.perUnit.set(unitId, count);
      return false;
    }
    const added = this.store.add(unitId, { url: link.href, fromUrl: link.fromUrl, fromText: link.text, type });
    this.perUnit.set(unitId, added ? count + 1 : count);
    return added;
  }
}
