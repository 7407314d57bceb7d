// Entry point of `npm start` and `npm test` on a fresh clone: installs the npm packages
// when they are missing or older than the lock file, then runs the TypeScript script.
// Plain CommonJS with no dependencies, because nothing is installed yet when it starts.
const { spawn, spawnSync } = require('node:child_process');
const { constants } = require('node:os');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const isStale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (isStale) {
  console.log('Installing npm packages (npm ci)...');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const [script, ...args] = process.argv.slice(2);
// The script runs in a process group of its own, and a stop asked of this process (a
// terminal's Ctrl-C or a process manager's SIGTERM) reaches that whole group, as Ctrl-C
// reaches a terminal's: the database, the sandbox and the servers each stop in order.
const child = spawn(
  process.execPath,
  [require.resolve('tsx/cli', { paths: [root] }), path.join(root, 'scripts', script), ...args],
  { cwd: root, stdio: 'inherit', detached: true },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group has already gone.
    }
  });
child.on('exit', (code, signal) =>
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)),
);
