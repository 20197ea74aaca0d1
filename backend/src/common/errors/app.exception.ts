import { HttpStatus } from '@nestjs/common';

/** Every failure the API reports on purpose has one of these codes. */
export enum AppErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  Conflict = 'conflict',
  InstallationInactive = 'installation_inactive',
  UpstreamUnavailable = 'upstream_unavailable',
}

const STATUS_BY_CODE: Record<AppErrorCode, HttpStatus> = {
  [AppErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [AppErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [AppErrorCode.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [AppErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [AppErrorCode.Conflict]: HttpStatus.CONFLICT,
  [AppErrorCode.InstallationInactive]: HttpStatus.CONFLICT,
  [AppErrorCode.UpstreamUnavailable]: HttpStatus.BAD_GATEWAY,
};

export class AppException extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): HttpStatus {
    return STATUS_BY_CODE[this.code];
  }
}
