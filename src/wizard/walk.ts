import { isCancellation } from '../terminal/prompts.js';
import { chooseApi } from './api-choice.js';
import { API2_LEFT_OUT } from './api2-steps.js';
import { collectApi2Application, collectApi2BaseUrl } from './api2-values.js';
import { formatClock, collectApplication } from './application.js';
import { askEmail } from './ask.js';
import { collectBaseUrl } from './base-url.js';
import { finishSetup } from './finish.js';
import { collectKeys, type StepExit } from './keys.js';
import {
  buildWizardState,
  firstUnfinishedStep,
  nextUnfinishedStep,
  readStoredProfile,
  saveProgress,
  stepOf,
  type WizardState,
} from './state.js';
import { writeStep, writeWrapped } from './text.js';
import type { WizardContext, WizardOutcome } from './types.js';

type Position = number | 'check';
type StepAction = 'done' | 'skip' | 'back' | 'quit';
type Move = 'next' | 'back' | 'quit' | { goto: number };

/**
 * Asks which Mimecast API the tenant uses, then walks the admin through
 * that API's console steps (nine for 1.0, three for 2.0) and the final
 * check. Progress is saved after every step; on any failure, Ctrl-C
 * included, it is saved once more before the error goes up.
 */
export async function runSetupWizard(
  ctx: WizardContext,
): Promise<WizardOutcome> {
  ctx.output.line(ctx.output.style.bold(`Setting up profile "${ctx.profile}"`));
  const profile = await readStoredProfile(ctx);
  const api = await chooseApi(ctx, profile);
  const state = buildWizardState(ctx, profile, api);
  registerKnownSecrets(ctx, state);

  try {
    return await walk(ctx, state);
  } catch (error) {
    await saveAfterFailure(ctx, state, error);
    throw error;
  }
}

function registerKnownSecrets(ctx: WizardContext, state: WizardState): void {
  const { appKey, accessKey, secretKey, clientSecret, xdrToken, password } =
    state.values;
  const secrets = [appKey, accessKey, secretKey, clientSecret, xdrToken];
  for (const secret of [...secrets, password]) ctx.registerSecret(secret);
}

async function saveAfterFailure(
  ctx: WizardContext,
  state: WizardState,
  error: unknown,
): Promise<void> {
  try {
    await saveProgress(ctx, state);
  } catch (saveError) {
    // The admin is told progress is saved after a cancel: say it was not.
    if (isCancellation(error)) throw saveError;
  }
}

async function walk(
  ctx: WizardContext,
  state: WizardState,
): Promise<WizardOutcome> {
  writeIntro(ctx, state);
  let position: Position = await chooseStart(ctx, state);

  for (;;) {
    if (position === 'check') {
      const result = await finishSetup(ctx, state);
      if (!('goto' in result)) return result;
      position = result.goto;
      continue;
    }

    const move = await walkStep(ctx, state, position);
    await saveProgress(ctx, state);
    if (move === 'quit') {
      return { status: 'paused', resumeAt: firstUnfinishedStep(state) };
    }
    position = nextPosition(state, position, move);
  }
}

function nextPosition(
  state: WizardState,
  current: number,
  move: Exclude<Move, 'quit'>,
): Position {
  if (move === 'back') return Math.max(1, current - 1);
  if (move === 'next') return nextUnfinishedStep(state, current);
  return move.goto;
}

function writeIntro(ctx: WizardContext, state: WizardState): void {
  const { output } = ctx;
  const count = state.api === '2.0' ? 'Three steps' : 'Nine steps';
  output.line();
  writeWrapped(
    output,
    `${count} in the Mimecast Administration Console, then a check of ` +
      'the values. At each step choose done (the default), skip, back or ' +
      'quit; progress is saved after every step.',
  );
  if (state.api === '2.0') writeWrapped(output, API2_LEFT_OUT);
  if (state.movingFrom1) {
    writeWrapped(
      output,
      'The API 1.0 values stay in use until the API 2.0 values pass the ' +
        'final check; only then do they replace them.',
    );
  }
  if (ctx.demo) {
    writeWrapped(
      output,
      'Demo: the values belong to a simulated tenant on this computer, ' +
        'and nothing reaches Mimecast or XDR.',
    );
  }
}

/**
 * Where the walk starts: at step 1, or, when progress was saved and not
 * finished, wherever the admin chooses (resuming is the default).
 */
async function chooseStart(
  ctx: WizardContext,
  state: WizardState,
): Promise<Position> {
  const resumeAt = firstUnfinishedStep(state);
  const finished = resumeAt === 'check' && state.stored.verified;
  const marked = state.completed.size + state.skipped.size > 0;
  if (state.savedAt === undefined || !marked || finished) {
    return startOver(state);
  }

  writeSavedProgress(ctx, state);
  const where =
    resumeAt === 'check'
      ? 'the final check'
      : `step ${resumeAt}: ${stepOf(state, resumeAt).title}`;
  const choice = await ctx.prompter.select<'resume' | 'restart'>({
    message: 'Carry on from the saved progress?',
    choices: [
      { value: 'resume', name: `Resume at ${where}` },
      {
        value: 'restart',
        name: 'Start over from step 1 (known values stay as defaults)',
      },
    ],
    default: 'resume',
  });
  return choice === 'resume' ? resumeAt : startOver(state);
}

function startOver(state: WizardState): Position {
  state.completed.clear();
  state.skipped.clear();
  return 1;
}

function writeSavedProgress(ctx: WizardContext, state: WizardState): void {
  const list = (steps: Set<number>) =>
    steps.size === 0 ? 'none' : [...steps].sort((a, b) => a - b).join(', ');
  const saved = state.savedAt;
  const when = saved === undefined ? '' : ` on ${formatClock(saved)}`;

  ctx.output.line();
  ctx.output.line(`Setup progress was saved${when}.`);
  ctx.output.line(
    `Steps done: ${list(state.completed)}. Skipped: ${list(state.skipped)}.`,
  );
}

async function walkStep(
  ctx: WizardContext,
  state: WizardState,
  number: number,
): Promise<Move> {
  writeStep(ctx.output, stepOf(state, number), state.steps.length);

  for (;;) {
    const action = await askAction(ctx, state, number);
    if (action === 'back' || action === 'quit') return action;
    if (action === 'skip') {
      state.skipped.add(number);
      state.completed.delete(number);
      return 'next';
    }

    const exit = await collectValues(ctx, state, number);
    if (exit === 'menu') continue;
    if (exit !== 'done') return exit;
    state.completed.add(number);
    state.skipped.delete(number);
    return 'next';
  }
}

async function askAction(
  ctx: WizardContext,
  state: WizardState,
  number: number,
): Promise<StepAction> {
  const choices: { value: StepAction; name: string }[] = [
    { value: 'done', name: 'Done: carry on' },
    { value: 'skip', name: 'Skip this step for now' },
    { value: 'back', name: `Back to step ${number - 1}` },
    { value: 'quit', name: 'Quit (progress is saved)' },
  ];

  return ctx.prompter.select<StepAction>({
    message: `Step ${number} of ${state.steps.length}: what next?`,
    choices: number === 1 ? choices.filter((c) => c.value !== 'back') : choices,
    default: 'done',
  });
}

async function collectValues(
  ctx: WizardContext,
  state: WizardState,
  number: number,
): Promise<StepExit> {
  if (state.api === '2.0') {
    await collectApi2Values(ctx, state, number);
    return 'done';
  }

  switch (number) {
    case 1:
      await collectApplication(ctx, state);
      return 'done';
    case 2:
      await askEmail(ctx, state);
      return 'done';
    case 6:
      return collectKeys(ctx, state);
    case 9:
      await collectBaseUrl(ctx, state);
      return 'done';
    default:
      return 'done';
  }
}

async function collectApi2Values(
  ctx: WizardContext,
  state: WizardState,
  number: number,
): Promise<void> {
  if (number === 1) await collectApi2Application(ctx, state);
  if (number === 3) await collectApi2BaseUrl(ctx, state);
}
