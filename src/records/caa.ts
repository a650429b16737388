/**
 * CAA records (RFC 8659): which CAs may issue certificates for a name. Pure checks of what was found.
 */
export interface CaaRecord {
  flags: number;
  tag: string;
  value: string;
}

export interface CaaAssessment {
  valid: boolean;
  problems: string[];
  issuers: string[];
  hasIssue: boolean;
  hasIodef: boolean;
}

/** RFC 8659 §4.1: tag is 1..15 ASCII letters and digits; §4.2–4.3: issue/issuewild value grammar. */
export function assessCaa(records: CaaRecord[]): CaaAssessment {
  const problems: string[] = [];
  const issuers: string[] = [];
  for (const r of records.slice(0, 100)) {
    const tag = r.tag.toLowerCase();
    if (!/^[a-z0-9]{1,15}$/.test(tag)) problems.push(`invalid_tag:${r.tag.slice(0, 20)}`);
    if (tag === 'issue' || tag === 'issuewild') {
      // issuer-domain-name [";" parameters]; an empty issuer means "no CA may issue".
      const issuer = r.value.split(';')[0]?.trim() ?? '';
      if (issuer !== '' && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(issuer))
        problems.push(`invalid_issuer:${issuer.slice(0, 40)}`);
      else if (issuer) issuers.push(issuer.toLowerCase());
    }
    if (tag === 'iodef' && !/^(mailto:|https?:\/\/)/i.test(r.value)) problems.push('invalid_iodef');
    // RFC 8659 §4.1: an unknown tag with the critical flag set forbids issuance by CAs that do not know it.
    if ((r.flags & 128) !== 0 && !['issue', 'issuewild', 'iodef'].includes(tag))
      problems.push(`critical_unknown_tag:${tag}`);
  }
  return {
    valid: problems.length === 0,
    problems,
    issuers: [...new Set(issuers)],
    hasIssue: records.some((r) => r.tag.toLowerCase() === 'issue'),
    hasIodef: records.some((r) => r.tag.toLowerCase() === 'iodef'),
  };
}
