import { isCancellation } from '../terminal/prompts.js';
import { formatClock, collectApplication } from './application.js';
import { askEmail } from './ask.js';
import { collectBaseUrl } from './base-url.js';
import { finishSetup } from './finish.js';
import { collectKeys, type StepExit } from './keys.js';
import {
  firstUnfinishedStep,
  loadWizardState,
  nextUnfinishedStep,
  saveProgress,
  type WizardState,
} from './state.js';
import { SETUP_STEPS, getSetupStep } from './steps.js';
import { writeStep, writeWrapped } from './text.js';
import type { WizardContext, WizardOutcome } from './types.js';

type Position = number | 'check';
type StepAction = 'done' | 'skip' | 'back' | 'quit';
type Move = 'next' | 'back' | 'quit' | { goto: number };

/**
 * Walks the admin through the nine console steps and the final check.
 * Progress is saved after every step; on any failure, Ctrl-C included,
 * it is saved once more before the error goes up to the command.
 */
export async function runSetupWizard(
  ctx: WizardContext,
): Promise<WizardOutcome> {
  const state = await loadWizardState(ctx);
  registerKnownSecrets(ctx, state);

  try {
    return await walk(ctx, state);
  } catch (error) {
    await saveAfterFailure(ctx, state, error);
    throw error;
  }
}

function registerKnownSecrets(ctx: WizardContext, state: WizardState): void {
  const { appKey, accessKey, secretKey, xdrToken, password } = state.values;
  for (const secret of [appKey, accessKey, secretKey, xdrToken, password]) {
    ctx.registerSecret(secret);
  }
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
  writeIntro(ctx);
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

function writeIntro(ctx: WizardContext): void {
  const { output } = ctx;
  output.line(output.style.bold(`Setting up profile "${ctx.profile}"`));
  writeWrapped(
    output,
    `Nine steps in the Mimecast Administration Console, then a check of ` +
      'the values. At each step choose done (the default), skip, back or ' +
      'quit; progress is saved after every step.',
  );
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
  if (state.savedProgress === undefined || !marked || finished) {
    return startOver(state);
  }

  writeSavedProgress(ctx, state);
  const where =
    resumeAt === 'check'
      ? 'the final check'
      : `step ${resumeAt}: ${getSetupStep(resumeAt).title}`;
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
  const saved = state.savedProgress?.updatedAt;
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
  writeStep(ctx.output, getSetupStep(number));

  for (;;) {
    const action = await askAction(ctx, number);
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
  number: number,
): Promise<StepAction> {
  const choices: { value: StepAction; name: string }[] = [
    { value: 'done', name: 'Done: carry on' },
    { value: 'skip', name: 'Skip this step for now' },
    { value: 'back', name: `Back to step ${number - 1}` },
    { value: 'quit', name: 'Quit (progress is saved)' },
  ];

  return ctx.prompter.select<StepAction>({
    message: `Step ${number} of ${SETUP_STEPS.length}: what next?`,
    choices: number === 1 ? choices.filter((c) => c.value !== 'back') : choices,
    default: 'done',
  });
}

async function collectValues(
  ctx: WizardContext,
  state: WizardState,
  number: number,
): Promise<StepExit> {
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
