import { avatarPath, checkAvatar } from './agent-avatar';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { agentAvatars, agentSessions, agents, siteAgents, type Database } from '@sportello/db';
import type { AgentProfile } from '@sportello/protocol';
import { AppError } from '../app-error';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../password';
import { hashToken, newToken } from '../token';
import type { AgentPrincipal } from './principal';

export interface AuthServiceOptions {
  pepper: string;
  sessionTtlMs: number;
}

export type AgentRow = typeof agents.$inferSelect;

/** Agents, passwords and sessions. */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly options: AuthServiceOptions,
  ) {}

  /**
   * Checks email and password and opens a session. Unknown email and wrong password take the
   * same time and give the same error.
   */
  async login(email: string, password: string, meta: { ip?: string; userAgent?: string }): Promise<{ token: string; agent: AgentPrincipal; expiresAt: Date }> {
    const [agent] = await this.db.select().from(agents).where(eq(agents.email, email.trim().toLowerCase()));
    const valid = await verifyPassword(password, agent?.passwordHash ?? (await DUMMY_PASSWORD_HASH));
    if (!agent || !valid || !agent.active) throw new AppError('INVALID_CREDENTIALS');
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.options.sessionTtlMs);
    const [session] = await this.db
      .insert(agentSessions)
      .values({
        agentId: agent.id,
        tokenHash: hashToken(token, this.options.pepper),
        expiresAt,
        ip: meta.ip?.slice(0, 64) ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .returning({ id: agentSessions.id });
    await this.db.update(agents).set({ lastLoginAt: new Date() }).where(eq(agents.id, agent.id));
    return { token, agent: await this.principal(agent, session!.id), expiresAt };
  }

  /** The agent behind a session token, or null when it is unknown, expired, revoked or deactivated. */
  async authenticate(token: string | undefined): Promise<AgentPrincipal | null> {
    if (!token || token.length > 200) return null;
    const [row] = await this.db
      .select({ agent: agents, sessionId: agentSessions.id })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(
        and(
          eq(agentSessions.tokenHash, hashToken(token, this.options.pepper)),
          isNull(agentSessions.revokedAt),
          gt(agentSessions.expiresAt, new Date()),
          eq(agents.active, true),
        ),
      );
    return row ? this.principal(row.agent, row.sessionId) : null;
  }

  /** Ends a session; the caller disconnects its sockets. */
  async logout(sessionId: string): Promise<void> {
    await this.db.update(agentSessions).set({ revokedAt: new Date() }).where(eq(agentSessions.id, sessionId));
  }

  async principal(agent: AgentRow, sessionId: string): Promise<AgentPrincipal> {
    const memberships = await this.db.select({ siteId: siteAgents.siteId }).from(siteAgents).where(eq(siteAgents.agentId, agent.id));
    return {
      id: agent.id,
      email: agent.email,
      name: agent.name,
      role: agent.role,
      siteIds: memberships.map((m) => m.siteId),
      sessionId,
    };
  }

  async profile(principal: AgentPrincipal): Promise<AgentProfile> {
    const [agent] = await this.db.select().from(agents).where(eq(agents.id, principal.id));
    if (!agent) throw new AppError('UNAUTHENTICATED');
    return {
      id: agent.id,
      email: agent.email,
      name: agent.name,
      displayName: agent.displayName,
      avatarUrl: agent.avatarVersion ? avatarPath(agent.id, agent.avatarVersion) : null,
      role: agent.role,
      presence: agent.presence,
      siteIds: principal.siteIds,
    };
  }

  /** Sets the name shoppers see (null: the agent's own name). */
  async setDisplayName(agentId: string, displayName: string | null): Promise<void> {
    await this.db.update(agents).set({ displayName }).where(eq(agents.id, agentId));
  }

  /** Sets the agent's picture for shoppers (checked by checkAvatar), or removes it. */
  async setAvatar(agentId: string, avatar: { type: string; data: string } | null): Promise<void> {
    const checked = avatar ? checkAvatar(avatar) : null;
    await this.db.transaction(async (tx) => {
      if (checked) {
        await tx
          .insert(agentAvatars)
          .values({ agentId, type: checked.type, data: checked.data })
          .onConflictDoUpdate({ target: agentAvatars.agentId, set: { type: checked.type, data: checked.data } });
      } else {
        await tx.delete(agentAvatars).where(eq(agentAvatars.agentId, agentId));
      }
      await tx.update(agents).set({ avatarVersion: checked?.version ?? null }).where(eq(agents.id, agentId));
    });
  }

  async setPresence(agentId: string, presence: 'online' | 'away'): Promise<void> {
    await this.db.update(agents).set({ presence }).where(eq(agents.id, agentId));
  }

  /** Creates an agent (email lower-cased) and, when given, adds them to sites. */
  async createAgent(input: { email: string; name: string; password: string; role: 'admin' | 'agent'; siteIds?: string[] }): Promise<AgentRow> {
    const [agent] = await this.db
      .insert(agents)
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
      })
      .returning();
    if (input.siteIds?.length) {
      await this.db.insert(siteAgents).values(input.siteIds.map((siteId) => ({ siteId, agentId: agent!.id })));
    }
    return agent!;
  }
}
