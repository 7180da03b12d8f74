/**
 * The nine setup steps' titles, in order. Kept apart from the steps' full
 * text so that `setup --help` can list them without loading the wizard.
 */
export const SETUP_STEP_TITLES = [
  'Create an API application',
  'Create a service account',
  'Create a profile group',
  'Create an authentication profile',
  'Create application settings',
  'Create API keys',
  'Grant the permissions XDR needs',
  'Turn on enhanced logging',
  'Find the base URL',
] as const;

/** The API 2.0 walk's three titles, in order. */
export const API2_SETUP_STEP_TITLES = [
  'Create an API 2.0 application',
  'Turn on enhanced logging',
  'Choose the base URL',
] as const;
