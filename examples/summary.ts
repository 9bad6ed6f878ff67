import { maskEmailAddress } from '../src/contacts/personal-data';

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, any> }>;
}

function removalOf(type: string, properties: Record<string, any>): string {
  if (type === 'Custom::AccountAlternateContact') {
    return properties.DeleteOnRemoval === 'true' ? 'deleted on removal' : 'kept on removal';
  }
  const organizationRemoval: Record<string, string> = { DESTROY: 'deleted on removal', RESTORE: 'previous contacts restored on removal' };
  return organizationRemoval[properties.RemovalPolicy] ?? 'kept on removal';
}

/** A human-readable summary of a synthesized stack: its contacts (masked), its function and its permissions. */
export function summarizeTemplate(stackName: string, template: Template): string {
  const lines: string[] = [`Stack ${stackName}`];
  const resources = Object.entries(template.Resources);
  lines.push(`  ${resources.length} resources: ${countByType(resources.map(([, resource]) => resource.Type))}`);
  for (const [logicalId, resource] of resources) {
    const properties = resource.Properties ?? {};
    const account = properties.AccountId ?? 'this account';
    // What the function does on removal, as the resource's properties tell it (CloudFormation's DeletionPolicy is
    // Delete for RETAIN too: the function keeps the contacts and releases the resource's claim).
    const onRemoval = removalOf(resource.Type, properties);
    if (resource.Type === 'Custom::AccountAlternateContact') {
      lines.push(
        `  ${properties.AlternateContactType.padEnd(10)} contact of ${account}: ${maskEmailAddress(properties.EmailAddress)} (${onRemoval}) [${logicalId}]`,
      );
    } else if (resource.Type === 'Custom::AccountContactInformation') {
      lines.push(
        `  PRIMARY    contact of ${account}: ${properties.ContactInformation.City}, ${properties.ContactInformation.CountryCode} (kept on removal) [${logicalId}]`,
      );
    } else if (resource.Type === 'Custom::OrganizationContacts') {
      lines.push(
        `  ORGANIZATION contacts: declaration in S3 asset ${properties.DeclarationKey}, deployment waits up to ${properties.WaitSeconds} s (${onRemoval}) [${logicalId}]`,
      );
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const statement of properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat().join(', ');
        const arns = [statement.Resource].flat().map(renderIntrinsic);
        const types = statement.Condition?.['ForAllValues:StringEquals']?.['account:AlternateContactTypes'];
        const effect = statement.Effect === 'Deny' ? 'deny' : 'allow';
        lines.push(`  ${effect} ${actions}${types ? ` for ${[types].flat().join('/')}` : ''} on ${arns.join(', ')}`);
      }
    }
  }
  return lines.join('\n');
}

function countByType(types: string[]): string {
  const counts = new Map<string, number>();
  for (const type of types) {
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([type, count]) => `${count} ${type}`).join(', ');
}

/** `{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ...]]}` becomes `arn:${AWS::Partition}...`. */
function renderIntrinsic(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value?.Ref) {
    return `\${${value.Ref}}`;
  }
  if (value?.['Fn::GetAtt']) {
    return `\${${value['Fn::GetAtt'].join('.')}}`;
  }
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(renderIntrinsic).join(separator);
  }
  return JSON.stringify(value);
}

/** A summary of a synthesized cdktf stack: its resources and how each iterates. */
export function summarizeTerraform(stackName: string, configuration: any): string {
  const lines = [`Terraform stack ${stackName} (${Buffer.byteLength(JSON.stringify(configuration))} bytes of cdk.tf.json)`];
  for (const [type, blocks] of Object.entries<Record<string, any>>(configuration.data ?? {})) {
    lines.push(`  data ${type}: ${Object.keys(blocks).length}`);
  }
  for (const [type, blocks] of Object.entries<Record<string, any>>(configuration.resource ?? {})) {
    for (const [name, block] of Object.entries<any>(blocks)) {
      const what = block.alternate_contact_type ?? 'PRIMARY';
      const where = block.account_id ? 'each member account (for_each)' : "the provider's own account";
      lines.push(`  ${type}.${name.replace(/_[0-9A-F]{8}$/, '')}: ${what} for ${where}`);
    }
  }
  return lines.join('\n');
}
