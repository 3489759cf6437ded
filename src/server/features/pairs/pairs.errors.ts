import { ConflictError, DomainError } from '#src/core/errors.ts';

export class PairNotFoundError extends DomainError {
  constructor() {
    super('PAIR_NOT_FOUND', 404);
  }
}

export class MouNotFoundError extends DomainError {
  constructor() {
    super('MOU_NOT_FOUND', 404);
  }
}

export class NoticeNotFoundError extends DomainError {
  constructor() {
    super('NOTICE_NOT_FOUND', 404);
  }
}

export class SteeringMemberNotFoundError extends DomainError {
  constructor() {
    super('STEERING_MEMBER_NOT_FOUND', 404);
  }
}

export class ScanNotFoundError extends DomainError {
  constructor() {
    super('SCAN_NOT_FOUND', 404);
  }
}

export class VerificationCodeUnknownError extends DomainError {
  constructor(code: string) {
    super('VERIFICATION_CODE_UNKNOWN', 404, { code });
  }
}

/** A signed MoU is frozen: only an accepted written notice changes it. */
export class MouFrozenError extends ConflictError {
  constructor() {
    super('MOU_SIGNED_FROZEN');
  }
}

export class PairConflictError extends ConflictError {}

/** A document number already in the issuer's register of that year and kind (409 on `documentNumber`). */
export class DocumentNumberTakenError extends ConflictError {
  constructor(number: string, year: number) {
    super('DOCUMENT_NUMBER_TAKEN', 'documentNumber', { number, year });
  }
}

/** A school's step recorded on paper once already. */
export class PaperRecordNotFoundError extends DomainError {
  constructor() {
    super('PAPER_RECORD_NOT_FOUND', 404);
  }
}
