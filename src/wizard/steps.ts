import { SETUP_STEP_TITLES } from './step-titles.js';

/** A value a setup step produces, as the wizard names it. */
export type StepValue =
  | 'appId'
  | 'appKey'
  | 'clientId'
  | 'clientSecret'
  | 'applicationCreatedAt'
  | 'email'
  | 'accessKey'
  | 'secretKey'
  | 'baseUrl';

/** One of the things an admin does in the Mimecast console. */
export interface SetupStep {
  /** From 1, the order the console work goes in. */
  number: number;
  title: string;
  /** Why the step matters, in a sentence or two. */
  why: string;
  /** Where in the Administration Console the step is done. */
  consolePath: string;
  /** What to set there; suggested names are marked as suggestions. */
  settings: readonly string[];
  /** What to copy from the console for the wizard, when anything. */
  copy?: string;
  /** Things the admin must know before or during the step. */
  notes: readonly string[];
  /** The values the wizard asks for once the step is done. */
  produces: readonly StepValue[];
}

/**
 * The six role permissions XDR reads with, by their console names. Each is
 * granted at the Read level.
 */
export const ROLE_PERMISSIONS: readonly string[] = [
  'Account | Logs',
  'Monitoring | Data Leak Prevention',
  'Monitoring | Attachment Protection',
  'Monitoring | Impersonation Protection',
  'Monitoring | URL Protection',
  'Services | Gateway | Tracking',
];

/** The nine steps, in order. */
export const SETUP_STEPS: readonly SetupStep[] = [
  {
    number: 1,
    title: SETUP_STEP_TITLES[0],
    why:
      'Every call XDR makes to Mimecast is signed with this application\'s ' +
      'ID and key, so the connection starts here.',
    consolePath:
      'Administration > Services > API and Platform Integrations > ' +
      'Your Application Integrations > Add API Application',
    settings: [
      'Application Name: Barracuda XDR Log Collector (suggested)',
      'Category: SIEM Integration',
      'Service Application: tick Enable Extended Session (the keys will ' +
        'be used often)',
      'Description: Barracuda XDR Managed Detection and Response ' +
        '(suggested)',
      'Next; then a technical contact, their email, and the opt-in to ' +
        'notices about API changes',
      'Next; look over the summary and click Add',
    ],
    copy: 'the Application ID and the Application Key from the side panel',
    notes: [
      'Mimecast has not let anyone add a new API 1.0 application since ' +
        'the end of June 2025. If this tenant has no API 1.0 application ' +
        'yet, quit and run setup again choosing API 2.0 at the start (or ' +
        'with --api 2). An existing API 1.0 application still works.',
      'A new application can take up to 30 minutes to go live. Steps 2 to ' +
        '5 do not need it, so carry on with them in the meantime.',
    ],
    produces: ['appId', 'appKey', 'applicationCreatedAt'],
  },
  {
    number: 2,
    title: SETUP_STEP_TITLES[1],
    why:
      'The keys belong to a user. A user kept only for XDR means no ' +
      'person\'s password change or departure cuts XDR off.',
    consolePath:
      'Administration > Directories > Internal Directories > your domain ' +
      '> New Address',
    settings: [
      'Email address: xdr-siem@ followed by your domain (suggested)',
      'A password, typed twice; then Save',
      'It needs no mailbox, unless two-factor codes are sent by email',
    ],
    copy: 'the email address',
    notes: [
      'The password is needed only if you let this tool create the keys ' +
        'at step 6, and it is kept only if you ask.',
      'Changing this account\'s password later, or disabling it, revokes ' +
        'every key it holds.',
    ],
    produces: ['email'],
  },
  {
    number: 3,
    title: SETUP_STEP_TITLES[2],
    why:
      'A group holding only the service account lets the next two steps ' +
      'give it settings of its own.',
    consolePath:
      'Administration > Directories > Profile Groups > the + beside the ' +
      'Root folder',
    settings: [
      'Rename the new folder: Barracuda XDR API Profile Group (suggested), ' +
        'then Enter',
      'Build > Add Email Addresses: the service account\'s address',
      'Save and Exit',
    ],
    notes: [],
    produces: [],
  },
  {
    number: 4,
    title: SETUP_STEP_TITLES[3],
    why:
      'Keys made under a profile with a limited authentication TTL stop ' +
      'working later, and XDR then loses the tenant without warning.',
    consolePath:
      'Administration > Services > Applications > Authentication Profiles ' +
      '> New Authentication Profile',
    settings: [
      'Description: Barracuda XDR Authentication Profile (suggested)',
      'With no mailbox: turn off every SAML and two-factor option',
      'Authentication TTL: Never Expire',
      'Save and Exit',
    ],
    notes: [],
    produces: [],
  },
  {
    number: 5,
    title: SETUP_STEP_TITLES[4],
    why:
      'These settings join the group from step 3 to the profile from ' +
      'step 4, so that the service account gets keys that never expire.',
    consolePath:
      'Administration > Applications > right-click Default Application ' +
      'Settings > Clone Configuration',
    settings: [
      'Group: the profile group from step 3',
      'Authentication Profile: the profile from step 4',
      'Save and Exit',
    ],
    notes: [],
    produces: [],
  },
  {
    number: 6,
    title: SETUP_STEP_TITLES[5],
    why:
      'The Access Key and Secret Key show that each call comes from the ' +
      'service account. The console shows them once only.',
    consolePath:
      'Administration > Services > API Applications > the application ' +
      'from step 1 > Create Keys',
    settings: [
      'Account: the service account\'s email; Next',
      'Authentication: type Cloud, and the service account\'s password; ' +
        'Next',
      'Verify the account if asked; reveal the keys on the Keys tab',
    ],
    copy: 'the Access Key and the Secret Key',
    notes: [
      'Instead of the console, this tool can create the keys for you by ' +
        'signing in as the service account.',
    ],
    produces: ['accessKey', 'secretKey'],
  },
  {
    number: 7,
    title: SETUP_STEP_TITLES[6],
    why:
      'XDR reads six logs, and each needs its own read permission. The ' +
      'final check tries every one.',
    consolePath: 'Administration > Account > Roles > New Role',
    settings: [
      'Name and description: Barracuda XDR Integration (suggested)',
      'Application Permissions, each set to Read:',
      ...ROLE_PERMISSIONS.map((permission) => `  ${permission}`),
      'Save and Exit; open the role, Add User to Role, and pick the ' +
        'service account',
    ],
    notes: [
      'If creating keys ends in "Sorry, something went wrong", add the ' +
        'account to the role after the keys exist instead.',
    ],
    produces: [],
  },
  {
    number: 8,
    title: SETUP_STEP_TITLES[7],
    why:
      'Without it the gateway log XDR collects stays empty, and nothing ' +
      'reports the gap.',
    consolePath:
      'Administration > Account > Account Settings > Enhanced Logging',
    settings: [
      'Inbound email logging: on',
      'Outbound email logging: on',
      'Internal email logging: on',
    ],
    notes: [
      'Log files then appear about every 30 minutes; the final check says ' +
        'whether any exist yet.',
    ],
    produces: [],
  },
  {
    number: 9,
    title: SETUP_STEP_TITLES[8],
    why:
      'A tenant lives in one region, and its calls must go to that ' +
      'region\'s host: the wrong one answers as if the keys were wrong.',
    consolePath:
      'Nothing to do in the console: this tool asks Mimecast, or you pick ' +
      'the region from Mimecast\'s list of data centres',
    settings: [],
    notes: [],
    produces: ['baseUrl'],
  },
];

export { SETUP_STEP_TITLES };

/** The step with this number; throws for a number outside 1 to 9. */
export function getSetupStep(number: number): SetupStep {
  const step = SETUP_STEPS[number - 1];
  if (!step) throw new Error(`There is no setup step ${number}.`);
  return step;
}

/**
 * The header shown above a step: "Step 3 of 9: Create a profile group".
 * `total` is the length of the walk the step belongs to.
 */
export function formatStepHeader(
  step: SetupStep,
  total = SETUP_STEPS.length,
): string {
  return `Step ${step.number} of ${total}: ${step.title}`;
}
