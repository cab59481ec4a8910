/**
 * REST routes for interactions: the initial callback (one per interaction, within the deadline, of a
 * type that fits), follow-ups, and the webhook routes that read, edit and delete the responses.
 */
import type { APIMessage, APIUser } from 'discord.js';
import { MessageFlag } from '../payloads.js';
import { applyEdit, buildBotMessage, isEmptyMessage } from './messages.js';
import {
  discordError,
  errorResult,
  fieldError,
  invalidMessage,
  messageBody,
  route,
  type FakeContext,
  type Route,
  type RouteContext,
  type RouteResult,
} from './rest.js';
import type { CallbackData, InteractionCallback, InteractionRecord, MessageBody, RecordedRequest } from './types.js';
import { validateAutocompleteResult, validateMessageBody, validateModal, type DiscordErrorBody } from './validate.js';
import { isObj } from './world.js';

/** Which callback types each interaction type accepts (2 command, 3 component, 4 autocomplete, 5 modal submit). */
function callbackAllowed(callbackType: number, interactionType: number, fromMessage: boolean): boolean {
  const it = interactionType;
  switch (callbackType) {
    case 4:
    case 5:
      return it === 2 || it === 3 || it === 5;
    case 6:
    case 7:
      return it === 3 || (it === 5 && fromMessage);
    case 8:
      return it === 4;
    case 9:
      return it === 2 || it === 3;
    default:
      return false;
  }
}

export function interactionRoutes(fake: FakeContext): Route[] {
  return [
    route('POST', '/interactions/:id/:token/callback', (ctx) => interactionCallback(fake, ctx)),
    route('POST', '/webhooks/:app/:token', (ctx) => followUp(fake, ctx)),
    ...(['GET', 'PATCH', 'DELETE'] as const).map((method) =>
      route(method, '/webhooks/:app/:token/messages/:mid', (ctx) => webhookMessage(fake, ctx, method)),
    ),
  ];
}

function validateCallback(type: number, data: CallbackData, fileCount: number): DiscordErrorBody | null {
  if (type === 4 || type === 7) return validateMessageBody(data, { create: type === 4, fileCount, nestUnder: 'data' });
  if (type === 8) return validateAutocompleteResult(data);
  if (type === 9) return validateModal(data);
  return null;
}

function interactionCallback(fake: FakeContext, { req, params }: RouteContext): RouteResult {
  const { world, recorder, opts } = fake;
  const [id, token] = params as [string, string];
  const interaction = world.interactions.get(id);
  if (!interaction || interaction.token !== token) return discordError(404, 10062, 'Unknown interaction');
  if (interaction.callbacks.length > 0) return discordError(400, 40060, 'Interaction has already been acknowledged.');
  const deadline = opts.interactionDeadlineMs;
  const elapsed = req.at - interaction.dispatchedAt;
  if (deadline !== null && elapsed > deadline) {
    recorder.warn(
      `interaction ${id} answered after ${Math.round(elapsed)}ms (deadline ${deadline}ms): Discord answers 10062 Unknown interaction`,
    );
    return discordError(404, 10062, 'Unknown interaction');
  }
  const body = isObj(req.body) ? req.body : {};
  const type = Number(body.type);
  const data = (isObj(body.data) ? body.data : {}) as CallbackData;
  const itype = interaction.type;
  const componentMessage = isObj(interaction.payload.message)
    ? (interaction.payload.message as unknown as APIMessage)
    : undefined;
  if (!callbackAllowed(type, itype, componentMessage !== undefined)) {
    return fieldError(
      'type',
      'INTERACTION_CALLBACK_TYPE_INVALID',
      `Callback type ${type} is not valid for interaction type ${itype}`,
    );
  }
  const invalid = opts.validate ? validateCallback(type, data, req.files.length) : null;
  if (invalid) return errorResult(400, invalid);

  const message = respond(fake, interaction, type, data, req, componentMessage);
  const callback: InteractionCallback = {
    n: recorder.next(),
    at: performance.now(),
    interactionId: interaction.id,
    token: interaction.token,
    type,
    data,
    files: req.files,
    request: req,
  };
  interaction.callbacks.push(callback);
  recorder.callbacks.push(callback);

  if (req.query.with_response !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id: interaction.id,
        type: itype,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === 5,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message && type !== 6 ? { message } : {}) },
    },
  };
}

/** The response message a callback creates or updates (none for autocomplete and modals). */
function respond(
  fake: FakeContext,
  interaction: InteractionRecord,
  type: number,
  data: CallbackData,
  req: RecordedRequest,
  componentMessage: APIMessage | undefined,
): APIMessage | undefined {
  const { world, gateway } = fake;
  const payload = interaction.payload;
  const channelId = String(payload.channel_id ?? (payload.channel as { id?: string } | undefined)?.id);
  const invoker = ((payload.member as { user?: APIUser } | undefined)?.user ?? payload.user) as APIUser;
  const asResponse: Partial<APIMessage> = {
    type: interaction.type === 2 ? 20 : 0,
    webhook_id: world.applicationId,
    application_id: world.applicationId,
    interaction_metadata: {
      id: interaction.id,
      type: interaction.type,
      user: invoker,
      authorizing_integration_owners: payload.authorizing_integration_owners ?? {},
    } as APIMessage['interaction_metadata'],
  };
  let message: APIMessage | undefined;
  if (type === 4) {
    message = buildBotMessage(world, channelId, data, req.files, asResponse);
    gateway.echoBotMessage(message);
  } else if (type === 5) {
    // A deferred reply is a "thinking…" message: no content yet, only the ephemeral flag carries over.
    const flags = (typeof data.flags === 'number' ? data.flags : 0) & MessageFlag.Ephemeral;
    message = buildBotMessage(world, channelId, {}, [], { ...asResponse, flags: flags | MessageFlag.Loading });
    interaction.loading = true;
  } else if ((type === 6 || type === 7) && componentMessage) {
    const current = world.messages.get(componentMessage.id) ?? componentMessage;
    message = type === 7 ? applyEdit(world, current, data, req.files, true) : current;
  }
  if (message) {
    interaction.original = message;
    world.storeMessage(message);
  }
  return message;
}

function webhookInteraction(fake: FakeContext, app: string, token: string): InteractionRecord | RouteResult {
  const interaction = fake.world.interactionsByToken.get(token);
  if (!interaction || app !== fake.world.applicationId) return discordError(404, 10015, 'Unknown Webhook');
  return interaction;
}

function followUp(fake: FakeContext, { req, params }: RouteContext): RouteResult {
  const { world, gateway } = fake;
  const interaction = webhookInteraction(fake, params[0]!, params[1]!);
  if ('status' in interaction) return interaction;
  if (interaction.callbacks.length === 0) return discordError(404, 10015, 'Unknown Webhook');
  const body = messageBody(req);
  const invalid = invalidMessage(fake, body, req.files, true);
  if (invalid) return invalid;
  let message: APIMessage;
  if (interaction.loading && interaction.original) {
    // Discord: the first follow-up after a deferred reply replaces the "thinking…" message.
    message = applyEdit(world, interaction.original, body, req.files, false);
    message.flags = (message.flags ?? 0) & ~MessageFlag.Loading;
    interaction.loading = false;
    interaction.original = message;
  } else {
    message = buildBotMessage(world, String(interaction.payload.channel_id), body, req.files, {
      webhook_id: world.applicationId,
      application_id: world.applicationId,
      type: 0,
    });
    interaction.followUps.push(message);
  }
  gateway.echoBotMessage(message);
  world.storeMessage(message);
  fake.recorder.recordSent({
    kind: 'followup',
    message,
    body,
    files: req.files,
    request: req,
    token: interaction.token,
  });
  return req.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
}

/** The response or follow-up a webhook route names: `@original` or a message id. */
function webhookTarget(interaction: InteractionRecord, target: string): APIMessage | undefined {
  if (target === '@original') return interaction.originalDeleted ? undefined : (interaction.original ?? undefined);
  return (
    interaction.followUps.find((m) => m.id === target) ??
    (interaction.original?.id === target ? interaction.original : undefined)
  );
}

function webhookMessage(
  fake: FakeContext,
  { req, params }: RouteContext,
  method: 'GET' | 'PATCH' | 'DELETE',
): RouteResult {
  const { world } = fake;
  const interaction = webhookInteraction(fake, params[0]!, params[1]!);
  if ('status' in interaction) return interaction;
  const target = params[2]!;
  const current = webhookTarget(interaction, target);
  if (!current) return discordError(404, 10008, 'Unknown Message');
  const latest = world.messages.get(current.id) ?? current;
  const isOriginal = latest.id === interaction.original?.id;
  if (method === 'GET') return { status: 200, body: latest };
  if (method === 'DELETE') {
    if (target === '@original' || isOriginal) interaction.originalDeleted = true;
    interaction.followUps = interaction.followUps.filter((m) => m.id !== latest.id);
    world.messages.delete(latest.id);
    return { status: 204 };
  }
  return editResponse(fake, interaction, latest, isOriginal, req, target);
}

function editResponse(
  fake: FakeContext,
  interaction: InteractionRecord,
  latest: APIMessage,
  isOriginal: boolean,
  req: RecordedRequest,
  target: string,
): RouteResult {
  const { world, gateway } = fake;
  const body: MessageBody = messageBody(req);
  const invalid = invalidMessage(fake, body, req.files, false);
  if (invalid) return invalid;
  // Editing the "thinking…" message is its first content: not marked edited, and it must not stay empty.
  const wasLoading = ((latest.flags ?? 0) & MessageFlag.Loading) !== 0;
  const updated = applyEdit(world, latest, body, req.files, !wasLoading);
  updated.flags = (updated.flags ?? 0) & ~MessageFlag.Loading;
  if (wasLoading && fake.opts.validate && isEmptyMessage(updated))
    return discordError(400, 50006, 'Cannot send an empty message');
  world.storeMessage(updated);
  if (isOriginal) {
    interaction.original = updated;
    interaction.loading = false;
    if (wasLoading) gateway.echoBotMessage(updated);
  } else {
    interaction.followUps = interaction.followUps.map((m) => (m.id === updated.id ? updated : m));
  }
  fake.recorder.recordSent({
    kind: 'edit',
    message: updated,
    body,
    files: req.files,
    request: req,
    token: interaction.token,
    target,
  });
  return { status: 200, body: updated };
}
