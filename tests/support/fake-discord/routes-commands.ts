/** REST routes for application commands, global and per guild, with Discord's validation. */
import type { APIApplicationCommand } from 'discord.js';
import { snowflake } from '../payloads.js';
import { discordError, errorResult, route, type FakeContext, type Route, type RouteResult } from './rest.js';
import { validateCommandList, validateSingleCommand } from './validate.js';

const unknownCommand = (): RouteResult => discordError(404, 10063, 'Unknown application command');

export function commandRoutes(fake: FakeContext): Route[] {
  return [...scopeRoutes(fake, ''), ...scopeRoutes(fake, '/guilds/:gid')];
}

/** The same six routes for one scope; `params` start with the application id (then the guild id). */
function scopeRoutes(fake: FakeContext, scope: '' | '/guilds/:gid'): Route[] {
  const { world, opts } = fake;
  const { commands } = world;
  const base = `/applications/:app${scope}/commands`;
  const single = `${base}/:cmd`;
  const cmdIndex = scope ? 2 : 1;
  /** The commands map key (`global` or the guild id), or 403 for another app or a guild the bot is not in. */
  const scopeOf = (params: string[]): string | RouteResult => {
    if (params[0] !== world.applicationId) return discordError(403, 50001, 'Missing Access');
    if (!scope) return 'global';
    return world.guilds.some((g) => g.id === params[1]) ? params[1]! : discordError(403, 50001, 'Missing Access');
  };
  /** Runs `fn` with the scope key and its command list, or answers the scope's error. */
  const inScope =
    (fn: (s: string, list: APIApplicationCommand[], params: string[], body: unknown) => RouteResult) =>
    ({ params, req }: { params: string[]; req: { body: unknown } }): RouteResult => {
      const s = scopeOf(params);
      return typeof s === 'string' ? fn(s, commands.get(s) ?? [], params, req.body) : s;
    };
  const toCommand = (body: Record<string, unknown>, s: string, previous: APIApplicationCommand[]) =>
    buildCommand(world.applicationId, body, s, previous);
  return [
    route(
      'GET',
      base,
      inScope((_s, list) => ({ status: 200, body: list })),
    ),
    route(
      'PUT',
      base,
      inScope((s, previous, _params, body) => {
        if (!Array.isArray(body)) return discordError(400, 50035, 'Invalid Form Body');
        const invalid = opts.validate ? validateCommandList(body) : null;
        if (invalid) return errorResult(400, invalid);
        const next = (body as Array<Record<string, unknown>>).map((b) => toCommand(b, s, previous));
        commands.set(s, next);
        return { status: 200, body: next };
      }),
    ),
    route(
      'POST',
      base,
      inScope((s, list, _params, body) => {
        const invalid = opts.validate ? validateSingleCommand(body) : null;
        if (invalid) return errorResult(400, invalid);
        const cmd = toCommand(body as Record<string, unknown>, s, list);
        const existed = list.some((c) => c.id === cmd.id);
        commands.set(s, [...list.filter((c) => c.id !== cmd.id), cmd]);
        return { status: existed ? 200 : 201, body: cmd };
      }),
    ),
    route(
      'GET',
      single,
      inScope((_s, list, params) => {
        const cmd = list.find((c) => c.id === params[cmdIndex]);
        return cmd ? { status: 200, body: cmd } : unknownCommand();
      }),
    ),
    route(
      'PATCH',
      single,
      inScope((s, list, params, body) => {
        const cmd = list.find((c) => c.id === params[cmdIndex]);
        if (!cmd) return unknownCommand();
        const updated = { ...cmd, ...(body as object), id: cmd.id, version: snowflake() } as APIApplicationCommand;
        commands.set(
          s,
          list.map((c) => (c.id === cmd.id ? updated : c)),
        );
        return { status: 200, body: updated };
      }),
    ),
    route(
      'DELETE',
      single,
      inScope((s, list, params) => {
        if (!list.some((c) => c.id === params[cmdIndex])) return unknownCommand();
        commands.set(
          s,
          list.filter((c) => c.id !== params[cmdIndex]),
        );
        return { status: 204 };
      }),
    ),
  ];
}

/** The stored command: a re-registered name keeps its id (as Discord's bulk overwrite does), with a new version. */
function buildCommand(
  applicationId: string,
  body: Record<string, unknown>,
  scope: string,
  previous: APIApplicationCommand[],
): APIApplicationCommand {
  const type = typeof body.type === 'number' ? body.type : 1;
  const existing = previous.find((c) => c.name === body.name && (c.type ?? 1) === type);
  const command = {
    id: existing?.id ?? snowflake(),
    application_id: applicationId,
    version: snowflake(),
    type,
    name: body.name,
    name_localizations: body.name_localizations ?? null,
    description: body.description ?? '',
    description_localizations: body.description_localizations ?? null,
    options: body.options ?? [],
    default_member_permissions: body.default_member_permissions ?? null,
    dm_permission: body.dm_permission ?? true,
    contexts: body.contexts ?? null,
    integration_types: body.integration_types ?? [0],
    nsfw: body.nsfw ?? false,
    ...(scope === 'global' ? {} : { guild_id: scope }),
  };
  return command as unknown as APIApplicationCommand;
}
