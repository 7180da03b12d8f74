import type { ApiVersion } from '../credentials.js';
import { API2_SETUP_STEP_TITLES } from './step-titles.js';
import {
  ROLE_PERMISSIONS,
  SETUP_STEPS,
  getSetupStep,
  type SetupStep,
} from './steps.js';

/** The three steps of an API 2.0 setup, in order. */
export const API2_SETUP_STEPS: readonly SetupStep[] = [
  {
    number: 1,
    title: API2_SETUP_STEP_TITLES[0],
    why:
      'XDR signs in to Mimecast as this application, with its Client ID ' +
      'and Client Secret; the role it is given decides what XDR may read.',
    consolePath:
      'Administration > Integrations > API and Platform Integrations > ' +
      'the Mimecast API 2.0 tile > Generate Keys',
    settings: [
      'First make a role for XDR alone (Administration > Account > Roles ' +
        '> New Role): Barracuda XDR Integration (suggested), with each of ' +
        'these permissions set to Read:',
      ...ROLE_PERMISSIONS.map((permission) => `  ${permission}`),
      'Application name: Barracuda XDR Log Collector (suggested)',
      'Description: Barracuda XDR Managed Detection and Response ' +
        '(suggested)',
      'Role: the one made above; pick it, and the products, before saving',
      'Fill in the contact details the form asks for, then save',
    ],
    copy: 'the Client ID and the Client Secret, at once',
    notes: [
      'The role and products of an API 2.0 application cannot be changed ' +
        'once it is saved: a wrong choice means making a new application.',
      'The console shows the Client Secret only once. Copy it before ' +
        'closing the panel; if it is lost, generate a new secret.',
    ],
    produces: ['clientId', 'clientSecret'],
  },
  {
    ...getSetupStep(8),
    number: 2,
    title: API2_SETUP_STEP_TITLES[1],
  },
  {
    number: 3,
    title: API2_SETUP_STEP_TITLES[2],
    why:
      'API 2.0 has one global host that reaches every region, and hosts ' +
      'pinned to the UK and the US for tenants that must stay in one.',
    consolePath: 'Nothing to do in the console: pick the host below',
    settings: [],
    notes: [],
    produces: ['baseUrl'],
  },
];

/**
 * Why the API 2.0 walk is shorter, in one sentence, for the admin who
 * knows the nine API 1.0 steps.
 */
export const API2_LEFT_OUT =
  'The service account, profile group, authentication profile, ' +
  'application settings and keys of API 1.0 are left out: an API 2.0 ' +
  'application signs in by itself and carries its own role.';

/** The steps of the walk for an API. */
export function stepsFor(api: ApiVersion): readonly SetupStep[] {
  return api === '2.0' ? API2_SETUP_STEPS : SETUP_STEPS;
}
