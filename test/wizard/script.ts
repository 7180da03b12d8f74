import type { ScriptedAnswer } from '../../src/terminal/prompts.js';
import { VALUES, VALUES2 } from './fakes.js';

/** The action menu of step `n`; without `answer`, Enter (done). */
export function step(n: number, answer?: string): ScriptedAnswer {
  return { kind: 'select', message: `Step ${n} of 9: what next?`, answer };
}

/** Steps `from` to `to`, each answered done. */
export function stepsDone(from: number, to: number): ScriptedAnswer[] {
  const answers: ScriptedAnswer[] = [];
  for (let n = from; n <= to; n++) answers.push(step(n));
  return answers;
}

export function input(message: string, answer = ''): ScriptedAnswer {
  return { kind: 'input', message, answer };
}

export function secret(message: string, answer = ''): ScriptedAnswer {
  return { kind: 'password', message, answer };
}

export function choose(message: string, answer?: unknown): ScriptedAnswer {
  return { kind: 'select', message, answer };
}

export function confirm(message: string, answer?: boolean): ScriptedAnswer {
  return { kind: 'confirm', message, answer };
}

/** Step 1 with every value typed, the application made long ago. */
export function typedStep1(): ScriptedAnswer[] {
  return [
    step(1),
    input('Application ID', VALUES.appId),
    secret('Application Key', VALUES.appKey),
    choose('When was the application created?', 'earlier'),
  ];
}

/** Step 6 with the keys pasted. */
export function pastedStep6(): ScriptedAnswer[] {
  return [
    step(6),
    choose('How do you want to provide the keys?', 'paste'),
    secret('Access Key', VALUES.accessKey),
    secret('Secret Key', VALUES.secretKey),
  ];
}

/** Step 9 accepting what discovery found. */
export function discoveredStep9(): ScriptedAnswer[] {
  return [step(9), confirm('as the base URL?')];
}

/** A first walk on an empty profile, every value typed, no XDR push. */
export function freshWalk(): ScriptedAnswer[] {
  return [
    ...typedStep1(),
    step(2),
    input("Service account's email address", VALUES.email),
    ...stepsDone(3, 5),
    ...pastedStep6(),
    ...stepsDone(7, 8),
    ...discoveredStep9(),
    confirm('Push the values to Barracuda XDR now?'),
  ];
}

/** The action menu of step `n` of the API 2.0 walk. */
export function step2(n: number, answer?: string): ScriptedAnswer {
  return { kind: 'select', message: `Step ${n} of 3: what next?`, answer };
}

/** The question asked first: which API the tenant uses. */
export function whichApi(answer?: '1.0' | '2.0'): ScriptedAnswer {
  return choose('Which Mimecast API does this tenant use?', answer);
}

/** API 2.0 step 1 with the Client ID and Secret typed. */
export function typedApi2Step1(): ScriptedAnswer[] {
  return [
    step2(1),
    input('Client ID', VALUES2.clientId),
    secret('Client Secret', VALUES2.clientSecret),
  ];
}

/** The API 2.0 walk from step 1 to the final check, the global host. */
export function api2Steps(): ScriptedAnswer[] {
  return [
    ...typedApi2Step1(),
    step2(2),
    step2(3),
    choose('Which API 2.0 host should XDR use?', VALUES2.baseUrl),
  ];
}
