import { createRequire } from 'node:module';
import type { AxiosStatic } from 'axios';

// axios's ESM entry loads some sixty modules one by one, which is most of
// a `test` run's start-up. Its single-file CommonJS build is the same
// library, resolved from the same package, and loads in half the time.
const load = createRequire(import.meta.url);

/** The axios default instance, from its CommonJS build. */
export const axios = load('axios') as AxiosStatic;
