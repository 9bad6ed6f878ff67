/**
 * A strict front for moto_server's Security Hub: BatchImportFindings is refused where AWS refuses it and moto does
 * not, and everything else goes through to moto. SH-2: more than 100 findings in one call is InvalidInputException.
 *
 * The rule (docs/aws-behaviours.md, SH-1): with the account's default product ARN
 * (`arn:<partition>:securityhub:<region>:<caller>:product/<caller>/default`) a finding's `AwsAccountId` must be
 * the calling account, and so must the product ARN's account. AWS answers the call with 403 AccessDeniedException
 * ("… is not authorized to perform: securityhub:BatchImportFindings on resource: <product ARN>"), as AWS Support
 * confirmed to Prowler's maintainers (prowler-cloud/prowler#867); the BatchImportFindings reference says the
 * identifier of the calling account "needs to be the same as the AwsAccountId attribute for the finding".
 */
import * as http from 'http';
import { LocalEndpoint, forwardRequest } from './http-forward';

export interface StrictSecurityHubOptions {
  /** moto_server's endpoint. */
  readonly motoEndpoint: string;
  /** The account that signs the calls. */
  readonly callerAccountId: string;
}

export class StrictSecurityHub extends LocalEndpoint {
  public static async start(options: StrictSecurityHubOptions): Promise<StrictSecurityHub> {
    return new StrictSecurityHub(options).listen();
  }

  /** BatchImportFindings calls refused, with the finding that broke the rule. */
  public readonly refused: Array<{ readonly findingId: string; readonly awsAccountId: string }> = [];

  private constructor(private readonly options: StrictSecurityHubOptions) {
    super();
  }

  protected handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
    if (request.method === 'POST' && (request.url ?? '').split('?')[0] === '/findings/import') {
      const findings = (JSON.parse(body.toString('utf8') || '{}').Findings ?? []) as Array<{
        Id?: string;
        AwsAccountId?: string;
        ProductArn?: string;
      }>;
      // SH-2: at most 100 findings a call (the API model's Findings, Maximum 100).
      if (findings.length > 100) {
        response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidInputException' });
        response.end(
          JSON.stringify({
            Message: `Findings has ${findings.length} members: at most 100 per BatchImportFindings call`,
            Code: 'InvalidInputException',
          }),
        );
        return;
      }
      const caller = this.options.callerAccountId;
      const broken = findings.find(
        (finding) => finding.AwsAccountId !== caller || !new RegExp(`:${caller}:product/${caller}/default$`).test(finding.ProductArn ?? ''),
      );
      if (broken) {
        this.refused.push({ findingId: broken.Id ?? '', awsAccountId: broken.AwsAccountId ?? '' });
        response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
        response.end(
          JSON.stringify({
            message: `User: arn:aws:sts::${caller}:assumed-role/audit/cli is not authorized to perform: securityhub:BatchImportFindings on resource: ${broken.ProductArn}`,
          }),
        );
        return;
      }
    }
    forwardRequest('strict-security-hub', this.options.motoEndpoint, request, body, response);
  }
}
