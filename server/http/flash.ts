/**
 * One-time messages shown on the next page ("已提交", "已保存…"), kept in the
 * server-side session, never taken from the URL: a link cannot make the
 * site say something it did not say.
 */
import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    flash?: string[];
  }
}

/** Keep a message for the next page this session renders. */
export function flash(req: Request, text: string): void {
  if (!req.session || !text) return;
  req.session.flash = [...(req.session.flash ?? []), text].slice(-5);
}

/** The messages waiting for this session, removed as they are read. */
export function takeFlash(req: Request): string[] {
  const messages = req.session?.flash ?? [];
  if (req.session && messages.length) delete req.session.flash;
  return messages;
}
