/**
 * Structured logs: one JSON object per event, only the fields listed in LogFields, so a key, a
 * signature or a payUrl ticket cannot reach a log line by accident. Free text (`detail`) is scrubbed
 * of anything that looks like key material, base64 blobs or WeChat schemes on the way out.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFields {
  readonly fn?: string;
  readonly event: string;
  readonly orderNo?: string;
  readonly ms?: number;
  readonly outcome?: string;
  readonly newpayCode?: string;
  readonly status?: number;
  readonly count?: number;
  readonly detail?: string;
}

export type LogSink = (level: LogLevel, record: Record<string, string | number>) => void;

export interface Logger {
  info(fields: LogFields): void;
  warn(fields: LogFields): void;
  error(fields: LogFields): void;
  child(base: Partial<LogFields>): Logger;
}

const ALLOWED: readonly (keyof LogFields)[] = ['fn', 'event', 'orderNo', 'ms', 'outcome', 'newpayCode', 'status', 'count', 'detail'];

export function createLogger(sink: LogSink, base: Partial<LogFields> = {}): Logger {
  const emit = (level: LogLevel) => (fields: LogFields) => sink(level, toRecord(level, { ...base, ...fields }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error'), child: (more) => createLogger(sink, { ...base, ...more }) };
}

/** Locally and in tests: one JSON line per event on stdout. */
export const stdoutSink: LogSink = (_level, record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

function toRecord(level: LogLevel, fields: Partial<LogFields>): Record<string, string | number> {
  const record: Record<string, string | number> = { level };
  for (const key of ALLOWED) {
    const value = fields[key];
    if (value === undefined) continue;
    record[key] = typeof value === 'number' ? value : scrub(String(value));
  }
  return record;
}

/** Removes what must never be logged, in case it slipped into a message. */
export function scrub(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, '[key]')
    .replace(/weixin:\/\/\S+/g, '[scheme]')
    .replace(/https?:\/\/wxaurl\.cn\/\S+/g, '[link]')
    .replace(/[A-Za-z0-9+/=_-]{40,}/g, '[redacted]')
    .slice(0, 500);
}
