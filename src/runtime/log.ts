/**
 * Structured log lines (one JSON object a line). Callers pass only masked personal data.
 */
export type LogFields = Record<string, unknown>;

export type LogLine = (fields: LogFields) => void;

export const logToConsole: LogLine = (fields) => {
  console.log(JSON.stringify({ level: 'info', ...fields }));
};
