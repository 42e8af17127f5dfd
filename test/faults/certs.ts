import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test certificates made at test time with the installed `openssl` (no key material in the repo):
 * a self-signed certificate valid now, and one whose validity ended in 2020. OpenSSL 3.0's
 * `x509`/`req` cannot set a start date, so the expired one is signed by `openssl ca -selfsign`,
 * which takes -startdate/-enddate.
 */

export interface TestCertificates {
  key: Buffer;
  selfSigned: Buffer;
  expired: Buffer;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'gk-certs-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const subject = '/CN=localhost/O=Gongkai fault test';

  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('key.pem'),
    '-subj', subject, '-addext', 'subjectAltName=DNS:localhost', '-days', '30', '-out', file('self-signed.pem'));

  // `openssl ca` wants its little database; -selfsign signs the request with its own key.
  mkdirSync(file('issued'));
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial'), '1000\n');
  writeFileSync(file('ca.cnf'), `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = ${file('index.txt')}
serial = ${file('serial')}
new_certs_dir = ${file('issued')}
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[ any ]
commonName = supplied
organizationName = optional
`);
  openssl('req', '-new', '-key', file('key.pem'), '-subj', subject, '-addext', 'subjectAltName=DNS:localhost', '-out', file('expired.csr'));
  openssl('ca', '-batch', '-selfsign', '-config', file('ca.cnf'), '-keyfile', file('key.pem'), '-in', file('expired.csr'),
    '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-notext', '-out', file('expired.pem'));

  return { key: readFileSync(file('key.pem')), selfSigned: readFileSync(file('self-signed.pem')), expired: readFileSync(file('expired.pem')) };
}
