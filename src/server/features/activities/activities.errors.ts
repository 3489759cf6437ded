import { DomainError } from '#src/core/errors.ts';

export class ActivityNotFoundError extends DomainError {
  constructor() {
    super('ACTIVITY_NOT_FOUND', 404);
  }
}

export class ActivityFileNotFoundError extends DomainError {
  constructor() {
    super('ACTIVITY_FILE_NOT_FOUND', 404);
  }
}

/** The record says no (a rule of the activity, not of who asks): 409 naming the field. */
export class ActivityConflictError extends DomainError {
  constructor(code: string, field?: string) {
    super(code, 409, {}, field);
  }
}

export class CalendarFeedNotFoundError extends DomainError {
  constructor() {
    super('CALENDAR_FEED_NOT_FOUND', 404);
  }
}
