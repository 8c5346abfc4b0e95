import { AppError } from '../../server/core/errors';
/** The error a call throws (or rejects with); fails the test when it does not fail. */
export function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

export async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** The typed AppError a call throws; any other error (a bug, not a refusal) is thrown on. */
export function caughtAppError(fn: () => unknown): AppError {
  const error = caught(fn);
  if (error instanceof AppError) return error;
  throw error;
}
