import { gzipSync } from 'node:zlib';
import type { SimulatedTenant } from './tenant.js';

/** A time as Mimecast writes it in bodies: `2011-12-03T10:15:30+0000`. */
export function formatLogTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

function minutesBefore(now: Date, minutes: number): string {
  return formatLogTime(new Date(now.getTime() - minutes * 60_000));
}

/** data[0] of get-account for the tenant. */
export function sampleAccount(tenant: SimulatedTenant) {
  return {
    accountCode: tenant.accountCode,
    accountName: tenant.accountName,
    region: tenant.region,
    type: 'full',
    userCount: 42,
    domain: 'demo.example',
    packages: ['Enhanced Logging', 'Targeted Threat Protection'],
  };
}

/** One audit event, as get-audit-events lists them. */
export function sampleAuditEvents(now: Date) {
  return [
    {
      id: 'eNoVzk0LgjAAgOG_snZ2lDkJYQdhFxGLnJ3Ct4_',
      auditType: 'Logon Authentication Failed',
      user: 'helpdesk@demo.example',
      eventTime: minutesBefore(now, 42),
      eventInfo: 'Failed authentication for helpdesk@demo.example',
      category: 'authentication_logs',
    },
  ];
}

/** One DLP log entry. */
export function sampleDlpLogs(now: Date) {
  return [
    {
      dlpLogs: [
        {
          eventTime: minutesBefore(now, 18),
          status: 'hold',
          senderAddress: 'payroll@demo.example',
          recipientAddress: 'someone@elsewhere.example',
          subject: 'March salaries',
          policy: 'Block card numbers',
          action: 'hold',
          route: 'outbound',
        },
      ],
    },
  ];
}

/** One attachment protection log entry. */
export function sampleAttachmentLogs(now: Date) {
  return [
    {
      attachmentLogs: [
        {
          date: minutesBefore(now, 25),
          result: 'safe',
          route: 'inbound',
          senderAddress: 'invoices@supplier.example',
          recipientAddress: 'accounts@demo.example',
          fileName: 'invoice-0417.pdf',
          fileType: 'application/pdf',
          actionTriggered: 'none, hold',
        },
      ],
    },
  ];
}

/** One impersonation protection log entry. */
export function sampleImpersonationLogs(now: Date) {
  return [
    {
      impersonationLogs: [
        {
          eventTime: minutesBefore(now, 57),
          senderAddress: 'ceo@dem0.example',
          recipientAddress: 'finance@demo.example',
          subject: 'Urgent wire transfer',
          definition: 'Default Impersonation Definition',
          action: 'hold',
          identifiers: ['similar_internal_domain', 'newly_observed_domain'],
          taggedMalicious: true,
        },
      ],
      resultCount: 1,
    },
  ];
}

/** One URL protection (click) log entry. */
export function sampleUrlLogs(now: Date) {
  return [
    {
      clickLogs: [
        {
          date: minutesBefore(now, 9),
          url: 'https://login.example-phish.test/reset',
          userEmailAddress: 'sales@demo.example',
          action: 'block',
          route: 'inbound',
          scanResult: 'malicious',
          category: 'Phishing & Fraud',
        },
      ],
    },
  ];
}

/** A gzip file of MTA log lines, as get-siem-logs hands out. */
export function sampleSiemFile(now: Date, accountCode: string): Buffer {
  const line = {
    datetime: minutesBefore(now, 31),
    aCode: 'fXyQbWbsNcyWcl1LNnDcUQ',
    acc: accountCode,
    Sender: 'newsletter@vendor.example',
    Rcpt: 'staff@demo.example',
    Act: 'Acc',
    Dir: 'Inbound',
  };
  return gzipSync(`${JSON.stringify(line)}\n`);
}
