import type { AssignableRole, Role } from '@community/client';

/** A role's rank (higher outranks lower); muted and banned rank below every member. */
const RANK: Record<Role, number> = { owner: 5, admin: 4, moderator: 3, trusted: 2, member: 1, muted: 0, banned: -1 };
const ASSIGNABLE: AssignableRole[] = ['admin', 'moderator', 'trusted', 'member'];

/** Owners and admins change a room's settings and its members' roles (PROTOCOL.md §3). */
export function managesRoom(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

export function moderatesRoom(role: Role | null | undefined, staff: boolean): boolean {
  return staff || role === 'owner' || role === 'admin' || role === 'moderator';
}

/**
 * The roles I may give someone whose role is `theirs`: only to a member below me, and only roles below my own —
 * the server's rule, mirrored so the page offers nothing it would refuse. Muted and banned are moderation, not here.
 */
export function assignableRoles(mine: Role | null | undefined, theirs: Role): AssignableRole[] {
  if (!managesRoom(mine) || mine == null) return [];
  if (theirs === 'muted' || theirs === 'banned' || RANK[theirs] >= RANK[mine]) return [];
  return ASSIGNABLE.filter((role) => RANK[role] < RANK[mine]);
}

/**
 * Whether I may warn, mute or ban someone whose role is `theirs` (PROTOCOL.md §2.11): moderators and above act
 * only on roles below their own, and nobody on the owner; platform staff on anyone but the owner. The server
 * decides in the end, and its refusal is shown; this only keeps buttons it would refuse off the list.
 */
export function moderatableBy(mine: Role | null | undefined, staff: boolean, theirs: Role): boolean {
  if (theirs === 'owner') return false;
  if (staff) return true;
  return moderatesRoom(mine, false) && mine != null && RANK[theirs] < RANK[mine];
}

/** An error as the server said it (`trust_required: ...`), else a fallback. */
export function refusal(e: unknown, fallback: string): string {
  if (e && typeof e === 'object' && 'code' in e && e instanceof Error) {
    return `${String((e as { code: unknown }).code)}: ${e.message}`;
  }
  return e instanceof Error ? e.message : fallback;
}
