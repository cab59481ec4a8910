/** Discord's permission resolution (base permissions + channel overwrites), used for `app_permissions` and `member.permissions`. */
import { ALL_PERMISSIONS, Permission, type GuildPayload, type RawChannel } from '../payloads.js';

interface Overwrite {
  id: string;
  type: number;
  allow: string;
  deny: string;
}

export function computePermissions(
  guild: GuildPayload,
  userId: string,
  memberRoles: string[],
  channel?: RawChannel,
): bigint {
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const everyone = guild.roles.find((r) => r.id === guild.id);
  let perms = BigInt(everyone?.permissions ?? '0');
  for (const role of guild.roles) {
    if (memberRoles.includes(role.id)) perms |= BigInt(role.permissions);
  }
  if ((perms & Permission.Administrator) !== 0n) return ALL_PERMISSIONS;
  if (!channel) return perms;

  // Threads inherit the overwrites of their parent channel.
  let target: RawChannel | undefined = channel;
  const parentId = (channel as { parent_id?: string | null }).parent_id;
  if ([10, 11, 12].includes(channel.type) && parentId) {
    target = guild.channels.find((c) => c.id === parentId) as RawChannel | undefined;
  }
  const overwrites = ((target as { permission_overwrites?: Overwrite[] } | undefined)?.permission_overwrites ??
    []) as Overwrite[];
  const apply = (o: Overwrite | undefined): void => {
    if (!o) return;
    perms &= ~BigInt(o.deny);
    perms |= BigInt(o.allow);
  };
  apply(overwrites.find((o) => o.id === guild.id));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && memberRoles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  apply(overwrites.find((o) => o.type === 1 && o.id === userId));
  return perms;
}
