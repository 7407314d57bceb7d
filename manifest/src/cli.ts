import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBuildSettings } from './build-settings';
import { DEFAULT_OUT_DIR, MANIFEST_DIR, REPO_ROOT } from './manifest-files';
import { packageApp } from './package-app';
import { formatProblem, hasErrors } from './problems';

// `npm run package`: fill the manifests from the environment, validate, write build/appPackage/.
async function main(): Promise<number> {
  const { version } = JSON.parse(readFileSync(path.join(MANIFEST_DIR, 'package.json'), 'utf8')) as {
    version: string;
  };
  const { settings, problems: settingProblems } = readBuildSettings(process.env, version);
  settingProblems.forEach((problem) => console.error(formatProblem(problem)));
  if (!settings) return 1;

  const { problems, written } = await packageApp(settings, DEFAULT_OUT_DIR);
  problems.forEach((problem) => console.error(formatProblem(problem)));
  if (hasErrors(problems)) {
    console.error(
      `\nNothing written: ${problems.filter((problem) => problem.severity === 'error').length} error(s) above.`,
    );
    return 1;
  }
  console.log(
    `Teams/Outlook app for ${settings.publicUrl} (app ${settings.teamsAppId}, client ${settings.authClientId}, v${settings.appVersion})`,
  );
  written.forEach((file) => console.log(`wrote ${path.relative(REPO_ROOT, file)}`));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (cause: unknown) => {
    console.error(cause);
    process.exitCode = 1;
  },
);
