/** POST /api/v1/engagements/{engagementId}/notes — an internal note on the engagement's timeline. */
import { addEngagementNote as addNote } from "~/modules/engagements/engagements.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { addEngagementNote } from "~/web/api/operations/engagements.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(addEngagementNote, async ({ db, params, caller, body }) => {
  const engagementId = params.engagementId ?? "";
  const note = await addNote(db, { engagementId, actor: caller.actor, note: body.text });
  const stored = await db.needEvent.findUniqueOrThrow({ where: { id: note.id }, select: { createdAt: true } });
  return {
    status: 201,
    body: { id: note.id, engagementId, text: body.text, createdAt: stored.createdAt.toISOString() },
  };
});
