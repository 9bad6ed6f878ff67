import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { OrganizationDeclaration } from '../contacts/organization-declaration';

/**
 * The declaration (contacts: personal data) as an S3 asset, read by the function only, never in the template.
 * Written to a fresh directory, so the asset's hash follows its content.
 */
export function declarationAsset(scope: Construct, id: string, declaration: OrganizationDeclaration): s3assets.Asset {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'organization-contacts-')), 'declaration.json');
  fs.writeFileSync(file, JSON.stringify(declaration));
  return new s3assets.Asset(scope, id, { path: file });
}
