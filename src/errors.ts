/**
 * The base of Mailcheck's own errors (issue 15 item 6): a stable `code` that logs, tests and callers
 * can match on without parsing messages, and the class name as `name` in stack traces.
 */
export abstract class MailcheckError extends Error {
  abstract readonly code: string;
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A conversation the bot can no longer post to (removed, archived, uninstalled): its schedules stop. */
export class ConversationGoneError extends MailcheckError {
  readonly code = 'conversation_gone';
}
