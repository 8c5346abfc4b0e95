/**
 * The one error type callable functions answer with. Anything the caller can act on is an AppError
 * with a code from the shared contract; everything else becomes INTERNAL at the handler boundary.
 */
import type { ErrorBody, ErrorCode } from '../../typings/contracts';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}
