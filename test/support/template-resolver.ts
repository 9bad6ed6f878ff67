/**
 * A synthesized template's resources with their properties resolved as CloudFormation would resolve them in one
 * account and Region (partition `aws`), without deploying: the names and ARNs the deployment simulator gives
 * (`<stack>-<logical id>-<8 characters>`). For the quota checks of sizes too large to deploy in a test run, and for
 * the benchmark.
 */
import { QuotaResource } from './aws-quotas';

interface Template {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export function resolveTemplate(template: Template, stackName: string, accountId = '111111111111', region = 'us-east-1'): QuotaResource[] {
  const physicalId = (logicalId: string) => {
    const type = template.Resources[logicalId]?.Type;
    return type === 'AWS::IAM::Policy' ? `${stackName}-${logicalId}` : `${stackName.slice(0, 30)}-${logicalId.slice(0, 30)}-ABCDEFGH`;
  };
  const arn = (logicalId: string) => {
    const type = template.Resources[logicalId]?.Type ?? 'AWS::Unknown::Thing';
    const [, service, kind] = type.toLowerCase().split('::');
    return service === 'iam'
      ? `arn:aws:iam::${accountId}:${kind}/${physicalId(logicalId)}`
      : `arn:aws:${service}:${region}:${accountId}:${kind}/${physicalId(logicalId)}`;
  };
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (name: string) => pseudo[name] ?? (name in template.Resources ? physicalId(name) : `parameter-${name}`);
  const attribute = (logicalId: string, name: string) => (name === 'Arn' ? arn(logicalId) : physicalId(logicalId));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(resolve);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [name, argument] = entries[0];
      switch (name) {
        case 'Ref':
          return ref(String(argument));
        case 'Fn::GetAtt': {
          const [logicalId, attributeName] = Array.isArray(argument) ? (argument as string[]) : String(argument).split('.');
          return attribute(logicalId, attributeName);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, items] = argument as [unknown, unknown];
          return (resolve(items) as unknown[])[Number(resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, source] = argument as [string, unknown];
          return String(resolve(source)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, unknown>]) : [String(argument), {}];
          return text.replace(/\$\{([^}!]+)\}/g, (_match, reference: string) => {
            if (reference in variables) {
              return String(resolve(variables[reference]));
            }
            const [logicalId, attributeName] = reference.split('.');
            return attributeName !== undefined && !(reference in pseudo) ? attribute(logicalId, attributeName) : ref(reference);
          });
        }
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
  };
  return Object.entries(template.Resources).map(([logicalId, resource]) => ({
    logicalId,
    type: resource.Type,
    physicalId: physicalId(logicalId),
    properties: resolve(resource.Properties ?? {}) as Record<string, unknown>,
  }));
}
