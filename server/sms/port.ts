/**
 * The SMS gateway is an outside system (ARCHITECTURE: "SMS gateway ... behind
 * ports"): the application hands a message to this port and never learns
 * more than that it was accepted. The development adapter (outbox.ts) keeps
 * the messages in a table; a connector to a real gateway replaces it.
 */
export interface SmsMessage {
  /** 11-digit mainland mobile number. */
  phone: string;
  /** verification-code, notice … */
  purpose: string;
  text: string;
}

export interface SmsPort {
  send(message: SmsMessage): Promise<void>;
}
