import * as fs from 'fs';
import * as path from 'path';
import { colourEnabled, toolVersion } from '../../src/cli/terminal';

test.each([
  // option, env, terminal → colour
  [true, {}, true, true],
  [true, {}, false, false],
  [false, {}, true, false],
  [true, { NO_COLOR: '1' }, true, false],
  [true, { NO_COLOR: '' }, true, true],
  [true, { FORCE_COLOR: '1' }, false, true],
  [true, { FORCE_COLOR: '0' }, true, false],
  [true, { FORCE_COLOR: 'false' }, true, false],
  [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false, false],
  [false, { FORCE_COLOR: '1' }, true, false],
])('--color %s with %j on a terminal %s: colour %s', (option, env, terminal, expected) => {
  expect(colourEnabled(option, env as NodeJS.ProcessEnv, terminal)).toBe(expected);
});

test("the version is the package's", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(toolVersion(path.join(__dirname, '..', '..', 'src', 'cli'))).toBe(manifest.version);
  expect(toolVersion('/')).toBe('unknown');
});
