import { askValue } from './ask.js';
import type { WizardState } from './state.js';
import { writeWrapped } from './text.js';
import type { WizardContext } from './types.js';
import { GO_LIVE_MS, liveDeadline, mayStillGoLive } from './wait-live.js';

type CreatedWhen = 'recorded' | 'now' | 'earlier';

/**
 * Step 1's values: the Application ID and Key, and when the application
 * was created, which tells how long it may take to go live.
 */
export async function collectApplication(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  await askValue(ctx, state, 'appId');
  await askValue(ctx, state, 'appKey');
  await askCreationTime(ctx, state);

  const now = ctx.now();
  if (mayStillGoLive(state, now)) {
    const until = formatClock(liveDeadline(state, now));
    writeWrapped(
      ctx.output,
      `The application may not be live until about ${until}. Steps 2 to 5 ` +
        'do not need it: carry on with them meanwhile.',
    );
  }
}

async function askCreationTime(
  ctx: WizardContext,
  state: WizardState,
): Promise<void> {
  const recorded = state.values.applicationCreatedAt;
  const choices: { value: CreatedWhen; name: string }[] = [
    { value: 'now', name: 'Just now' },
    { value: 'earlier', name: 'More than 30 minutes ago' },
  ];
  if (recorded !== undefined) {
    const name = `At the time recorded before (${formatClock(recorded)})`;
    choices.unshift({ value: 'recorded', name });
  }

  const when = await ctx.prompter.select<CreatedWhen>({
    message: 'When was the application created?',
    choices,
    default: recorded === undefined ? newApplicationGuess(ctx) : 'recorded',
  });
  if (when === 'recorded') return;

  const now = ctx.now().getTime();
  const created = when === 'now' ? now : now - GO_LIVE_MS;
  state.values.applicationCreatedAt = new Date(created).toISOString();
}

/**
 * The demo tenant's application has long been live; a real one being set
 * up was most likely made a moment ago.
 */
function newApplicationGuess(ctx: WizardContext): CreatedWhen {
  return ctx.demo ? 'earlier' : 'now';
}

/** A moment as a person reads it, in local time. */
export function formatClock(moment: Date | string): string {
  return new Date(moment).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
