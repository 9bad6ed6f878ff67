/**
 * The deployment simulator's own parts: IAM evaluation (what the proxy enforces) and CloudFormation's dependency
 * order. A simulator that allowed too much or ordered wrongly would let the lifecycle tests pass for wrong reasons.
 */
import { topologicalOrder } from './cloudformation-simulator';
import { AuthorizationRequest, evaluatePolicies, wildcardMatch } from './iam-policy';

const memberArn = 'arn:aws:account::111111111111:account/o-abc/222222222222';
const allowSecurity = {
  Statement: [
    {
      Effect: 'Allow' as const,
      Action: ['account:GetAlternateContact', 'account:PutAlternateContact'],
      Resource: 'arn:aws:account::*:account/o-*/222222222222',
      Condition: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': ['SECURITY'] } },
    },
  ],
};

describe('IAM evaluation', () => {
  test('an action on a matching ARN with a matching condition is allowed', () => {
    expect(
      evaluatePolicies([allowSecurity], {
        action: 'account:PutAlternateContact',
        resource: memberArn,
        context: { 'account:AlternateContactTypes': ['SECURITY'] },
      }),
    ).toBe('ALLOW');
  });

  test.each([
    ['another action', { action: 'account:DeleteAlternateContact', resource: memberArn, context: { 'account:AlternateContactTypes': ['SECURITY'] } }],
    [
      'another account',
      {
        action: 'account:PutAlternateContact',
        resource: memberArn.replace('222222222222', '333333333333'),
        context: { 'account:AlternateContactTypes': ['SECURITY'] },
      },
    ],
    [
      'another contact type',
      { action: 'account:PutAlternateContact', resource: memberArn, context: { 'account:AlternateContactTypes': ['BILLING'] } },
    ],
    [
      'the own account ARN',
      {
        action: 'account:PutAlternateContact',
        resource: 'arn:aws:account::111111111111:account',
        context: { 'account:AlternateContactTypes': ['SECURITY'] },
      },
    ],
  ])('%s is denied', (_case, request) => {
    expect(evaluatePolicies([allowSecurity], request)).toBe('IMPLICIT_DENY');
  });

  test('an explicit deny wins over any allow', () => {
    const deny = { Statement: { Effect: 'Deny' as const, Action: 'account:*', Resource: '*' } };
    expect(
      evaluatePolicies([allowSecurity, deny], {
        action: 'account:GetAlternateContact',
        resource: memberArn,
        context: { 'account:AlternateContactTypes': ['SECURITY'] },
      }),
    ).toBe('EXPLICIT_DENY');
  });

  test('what the simulator cannot evaluate throws instead of allowing', () => {
    expect(() =>
      evaluatePolicies([{ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }], {
        action: 'account:GetAlternateContact',
        resource: memberArn,
      }),
    ).toThrow('NotAction and NotResource are not supported');
    expect(() =>
      evaluatePolicies(
        [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] }],
        { action: 'x:Y', resource: 'z' },
      ),
    ).toThrow('condition operator IpAddress is not supported');
  });

  test('ArnLike matches with wildcards; ArnNotLike is its negation, true when the key is absent; a qualified ArnNotLike throws', () => {
    const except = (operator: string) => ({
      Statement: [
        {
          Effect: 'Deny' as const,
          Action: 'account:Put*',
          Resource: '*',
          Condition: { [operator]: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Keeper*'] } },
        },
      ],
    });
    const request = (principal?: string): AuthorizationRequest => ({
      action: 'account:PutAlternateContact',
      resource: memberArn,
      context: principal ? { 'aws:PrincipalArn': principal } : {},
    });
    expect(evaluatePolicies([except('ArnNotLike')], request('arn:aws:iam::1:role/Other'))).toBe('EXPLICIT_DENY');
    expect(evaluatePolicies([except('ArnNotLike')], request('arn:aws:iam::1:role/KeeperRole'))).toBe('IMPLICIT_DENY');
    expect(evaluatePolicies([except('ArnNotLike')], request())).toBe('EXPLICIT_DENY');
    expect(evaluatePolicies([except('ArnLike')], request('arn:aws:iam::1:role/KeeperRole'))).toBe('EXPLICIT_DENY');
    expect(evaluatePolicies([except('ArnLike')], request())).toBe('IMPLICIT_DENY');
    expect(() => evaluatePolicies([except('ForAnyValue:ArnNotLike')], request('x'))).toThrow('ForAnyValue:ArnNotLike is not supported');
  });

  test('wildcards: * any run, ? one character, actions without case', () => {
    expect(wildcardMatch('arn:aws:ssm:*:1:parameter/a/*', 'arn:aws:ssm:us-east-1:1:parameter/a/b/c')).toBe(true);
    expect(wildcardMatch('arn:aws:ssm:*:1:parameter/a/?', 'arn:aws:ssm:us-east-1:1:parameter/a/bc')).toBe(false);
    expect(wildcardMatch('ssm:getparameter*', 'ssm:GetParametersByPath', true)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::bucket', 'arn:aws:s3:::bucket.name')).toBe(false);
  });
});

describe('dependency order', () => {
  test('Ref, Fn::GetAtt, Fn::Sub and DependsOn order resources; ties by logical id', () => {
    const order = topologicalOrder({
      Resources: {
        Contact: { Type: 'Custom::X', Properties: { ServiceToken: { 'Fn::GetAtt': ['Function', 'Arn'] } }, DependsOn: ['Policy'] },
        Function: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
        Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Name: { 'Fn::Sub': '${Contact.Arn}-${AWS::Region}' } } },
      },
    });
    expect(order).toEqual(['Role', 'Function', 'Policy', 'Contact', 'Alarm']);
  });

  test('a cycle is an error', () => {
    expect(() => topologicalOrder({ Resources: { A: { Type: 'T', DependsOn: 'B' }, B: { Type: 'T', DependsOn: 'A' } } })).toThrow(
      'circular dependency',
    );
  });
});
