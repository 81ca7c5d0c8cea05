import { createHmac } from 'node:crypto';
import { AppError } from '../app-error';
import { newToken, safeEqual } from '../token';
import type { SharedCounters } from './shared-counters';

/** Attempts on one account from one address (or from one trusted browser) in a window. */
export const PAIR_ATTEMPTS_LIMIT = 5;
/** Attempts from one address, whatever the accounts, in a window. */
export const ADDRESS_ATTEMPTS_LIMIT = 20;
/** Attempts on one account from everywhere but its trusted browsers, in a window. */
export const ACCOUNT_ATTEMPTS_LIMIT = 50;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;
/** Name of the cookie that marks a browser an agent has signed in from. */
export const DEVICE_COOKIE = 'sportello_device';
export const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 3_600_000;

/** An attempt counted by `begin`, to settle with `failed` or `succeeded`. */
export interface LoginAttempt {
  readonly email: string;
  /** The device cookie it came with, when this server issued it for this account. */
  readonly trustedCookie: string | undefined;
  /** The key a success clears (this account from here, or from this browser). */
  readonly own: string;
  /** Keys a success gives the attempt back to (counts shared with others). */
  readonly shared: readonly string[];
}

/**
 * Stops password guessing, across every process, before any password is checked: each attempt
 * is counted first (atomically, in the database), and one over a limit is refused unchecked, so
 * sign-ins fired all at once cannot slip past. Limits per window of 15 minutes: five attempts on
 * one account from one address, twenty from one address, fifty on one account from everywhere.
 *
 * A browser an agent has signed in from carries a signed device cookie; its attempts count only
 * against that browser (five per window), so an attacker's guesses from elsewhere, or from behind
 * the same proxy, never lock the account's owner out of a browser they have used before.
 */
export class LoginGuard {
  constructor(
    private readonly counters: SharedCounters,
    private readonly secret: string,
    /** False with the built-in SESSION_SECRET (public, so a device cookie could be forged): no browser is trusted. */
    private readonly trustDevices: boolean,
    private readonly delay: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Counts the attempt; throws `RATE_LIMITED` when it is over a limit (it is then not to be checked). */
  async begin(emailInput: string, ip: string, deviceCookie: string | undefined): Promise<LoginAttempt> {
    const email = emailInput.trim().toLowerCase();
    const device = this.trustedDevice(deviceCookie, email);
    const trustedCookie = device ? deviceCookie : undefined;
    const limits: Array<[string, number]> = device
      ? [
          [`login:device:${device}`, PAIR_ATTEMPTS_LIMIT],
          // However many browsers claim the account, their attempts together stay bounded.
          [`login:devices:${email}`, ACCOUNT_ATTEMPTS_LIMIT],
        ]
      : [
          [`login:pair:${email}:${ip}`, PAIR_ATTEMPTS_LIMIT],
          [`login:ip:${ip}`, ADDRESS_ATTEMPTS_LIMIT],
          [`login:email:${email}`, ACCOUNT_ATTEMPTS_LIMIT],
        ];
    const counted: string[] = [];
    for (const [key, limit] of limits) {
      const count = await this.counters.increment(key, ATTEMPT_WINDOW_MS);
      counted.push(key);
      if (count > limit) throw new AppError('RATE_LIMITED', 'Too many sign-in attempts; try again in 15 minutes.');
    }
    return { email, trustedCookie, own: counted[0]!, shared: counted.slice(1) };
  }

  /** A wrong password: answered a little later each time (up to 2 s). */
  async failed(attempt: LoginAttempt): Promise<void> {
    const failures = await this.counters.count(attempt.own, ATTEMPT_WINDOW_MS);
    await this.delay(Math.min(2000, 250 * failures));
  }

  /** A right password: this account's count from here is cleared, the shared ones get the attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.counters.reset(attempt.own);
    for (const key of attempt.shared) await this.counters.decrement(key);
  }

  /** The device cookie value for the browser of a successful attempt: the one it has, or a new one. */
  deviceCookieFor(attempt: LoginAttempt): string {
    if (attempt.trustedCookie) return attempt.trustedCookie;
    const id = newToken().slice(0, 22);
    return `${id}.${this.mac(id, attempt.email)}`;
  }

  /** The device's id when the cookie was issued by this server for this account. */
  private trustedDevice(cookie: string | undefined, email: string): string | undefined {
    if (!this.trustDevices || !cookie || cookie.length > 200) return undefined;
    const [id, mac, extra] = cookie.split('.');
    if (!id || !mac || extra !== undefined) return undefined;
    return safeEqual(mac, this.mac(id, email)) ? id : undefined;
  }

  private mac(id: string, email: string): string {
    return createHmac('sha256', this.secret).update(`device:${id}:${email}`).digest('base64url');
  }
}
