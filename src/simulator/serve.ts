// The standalone simulator: `node dist/simulator/serve.js [--port N]
// [--latency MS]`. The one place in src/ that writes to the terminal itself.
import { runSimulatorServer } from './serve-cli.js';

function writeLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

try {
  await runSimulatorServer(process.argv.slice(2), {
    writeLine,
    onStop(listener) {
      process.once('SIGINT', listener);
      process.once('SIGTERM', listener);
    },
  });
} catch (error) {
  writeLine(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
