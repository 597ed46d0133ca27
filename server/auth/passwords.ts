import bcrypt from 'bcryptjs';

const ROUNDS = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, ROUNDS);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

let decoy: Promise<string> | undefined;

/** The work of one verification, for a username that does not exist; always false. */
export async function verifyNothing(plain: string): Promise<false> {
  decoy ??= hashPassword('no account has this password');
  await bcrypt.compare(plain, await decoy);
  return false;
}
