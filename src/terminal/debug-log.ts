/**
 * A sink for `--verbose` lines. Modules below the commands take one of these
 * instead of touching the terminal; the caller decides where lines go and
 * redacts them before they are shown.
 */
export type DebugLog = (message: string) => void;

/** A DebugLog that drops everything, for when `--verbose` is off. */
export const silentLog: DebugLog = () => {};
