import { AppError } from '../app-error';
import type { RateLimiter } from './rate-limiter';

/** Failed sign-ins that lock an account, and the window they are counted in (and the lock lasts). */
export const ACCOUNT_FAILURES_LIMIT = 5;
/** Failed sign-ins from one address before it is refused, whatever the account. */
export const ADDRESS_FAILURES_LIMIT = 20;
export const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Slows and locks password guessing: every failure waits a little longer (up to 2 s), five
 * failures on one account lock it for the rest of the 15-minute window, and twenty from one
 * address lock that address. A success clears the account's count.
 */
export class LoginGuard {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly delay: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Throws `RATE_LIMITED` when the account or the address is locked. */
  async check(email: string, ip: string): Promise<void> {
    const account = await this.limiter.count(`login:email:${email.toLowerCase()}`, FAILURE_WINDOW_MS);
    const address = await this.limiter.count(`login:ip:${ip}`, FAILURE_WINDOW_MS);
    if (account >= ACCOUNT_FAILURES_LIMIT || address >= ADDRESS_FAILURES_LIMIT) {
      throw new AppError('RATE_LIMITED', 'Too many failed sign-ins; try again in 15 minutes.');
    }
  }

  async failed(email: string, ip: string): Promise<void> {
    const key = `login:email:${email.toLowerCase()}`;
    await this.limiter.hit(key, Number.MAX_SAFE_INTEGER, FAILURE_WINDOW_MS);
    await this.limiter.hit(`login:ip:${ip}`, Number.MAX_SAFE_INTEGER, FAILURE_WINDOW_MS);
    const failures = await this.limiter.count(key, FAILURE_WINDOW_MS);
    await this.delay(Math.min(2000, 250 * failures));
  }

  async succeeded(email: string): Promise<void> {
    await this.limiter.reset(`login:email:${email.toLowerCase()}`);
  }
}
