import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { canonicalJson } from '../contacts/canonical-json';
import { OrganizationDeclaration } from '../contacts/organization-declaration';

/**
 * The declaration (contacts: personal data) as an S3 asset, read by the function only, never in the template.
 * Written to a fresh directory (owner-only, as `mkdtemp` makes it, and the file 0600), so the asset's hash follows its
 * content; once the asset is staged into the cloud assembly, the copy in the temporary directory is removed, so that
 * no synth leaves contacts behind in the machine's temporary directory. With asset staging turned off (SAM, some
 * test setups) the asset points at the file itself, and it stays.
 */
export function declarationAsset(scope: Construct, id: string, declaration: OrganizationDeclaration): s3assets.Asset {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'organization-contacts-'));
  const file = path.join(directory, 'declaration.json');
  // Keys sorted: the asset's hash, hence DeclarationKey, changes with the declared values only.
  fs.writeFileSync(file, canonicalJson(declaration), { mode: 0o600 });
  const asset = new s3assets.Asset(scope, id, { path: file });
  const stage = Stage.of(scope);
  const staged = stage?.assetOutdir ? path.resolve(stage.assetOutdir, asset.assetPath) : undefined;
  if (staged !== undefined && !staged.startsWith(directory) && fs.existsSync(staged)) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  return asset;
}
