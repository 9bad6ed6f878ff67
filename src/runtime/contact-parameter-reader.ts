/**
 * Reads the SSM parameters that hold contacts (see `contacts/contact-parameters.ts`): decrypted, with retries, and
 * with an error that says what is wrong and never quotes a value.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DEFAULT_RETRY_OPTIONS, RetryOptions, withRetries } from './retry';
import { ParameterReader } from '../contacts/contact-parameters';
import { maskPersonalDataInText } from '../contacts/personal-data';

/** What each SSM refusal means to the person who declared the parameter. */
const EXPLANATIONS: Record<string, string> = {
  ParameterNotFound: 'it does not exist in this account and Region (ParameterNotFound)',
  ParameterVersionNotFound: 'that version does not exist (ParameterVersionNotFound)',
  AccessDeniedException: 'the function may not read it',
  InvalidKeyId: 'its KMS key cannot be used (InvalidKeyId)',
};

/** A reader over one SSM client: `GetParameter` with decryption, retried on throttling and faults. */
export function contactParameterReader(client: SSMClient, retry: RetryOptions = DEFAULT_RETRY_OPTIONS): ParameterReader {
  return async (name) => {
    try {
      const answer = await withRetries(() => client.send(new GetParameterCommand({ Name: name, WithDecryption: true })), retry);
      const value = answer.Parameter?.Value;
      if (typeof value !== 'string') {
        throw new Error('SSM answered without a value');
      }
      return { value, ...(answer.Parameter?.Version !== undefined ? { version: answer.Parameter.Version } : {}) };
    } catch (error) {
      const { name: errorName, message } = (error ?? {}) as { name?: string; message?: string };
      const explanation = EXPLANATIONS[errorName ?? ''];
      // KMS and IAM messages name ARNs, never the value; masked all the same, as every message of the functions is.
      const detail = maskPersonalDataInText(String(message ?? error));
      throw new Error(explanation ? `${explanation}: ${detail}` : `${errorName ?? 'Error'}: ${detail}`);
    }
  };
}
