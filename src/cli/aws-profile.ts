/**
 * Named profiles as the AWS CLI reads them: `[profile NAME]` (or `[default]`) in the config file and `[NAME]` in the
 * credentials file, at ~/.aws/config and ~/.aws/credentials unless AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE say
 * otherwise. The command takes a profile's region and endpoint_url from here; the AWS SDK takes its credentials.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What the command takes from a profile. */
export interface ProfileSettings {
  readonly region?: string;
  readonly endpointUrl?: string;
}

/** Reads a profile; throws, naming the profile and the files, when neither file has it. */
export function readProfile(name: string, env: NodeJS.ProcessEnv = process.env): ProfileSettings {
  const home = env.HOME ?? os.homedir();
  const configFile = env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  const config = sections(configFile);
  const credentials = sections(credentialsFile);
  const settings = config.get(name === 'default' ? 'default' : `profile ${name}`) ?? (name === 'default' ? undefined : config.get(name));
  if (!settings && !credentials.has(name)) {
    throw new Error(
      `the profile '${name}' is in neither ${configFile} nor ${credentialsFile} (from ${env.AWS_PROFILE === name ? 'AWS_PROFILE' : '--profile'})`,
    );
  }
  return { region: settings?.get('region'), endpointUrl: settings?.get('endpoint_url') };
}

/** The sections of an INI file and their top-level keys (indented sub-keys, as under `s3 =`, are left out). */
function sections(file: string): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  if (!fs.existsSync(file)) {
    return result;
  }
  let current: Map<string, string> | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      current = new Map();
      result.set(section[1].trim(), current);
      continue;
    }
    const setting = /^([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (current && setting && !/^\s*[#;]/.test(line)) {
      current.set(setting[1].toLowerCase(), setting[2]);
    }
  }
  return result;
}
