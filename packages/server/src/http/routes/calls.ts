import {
  CallEndBody,
  CallEndParams,
  CallHistoryParams,
  CallHistoryQuery,
  CallInitiateBody,
  CallingError,
  CallLogBody,
} from '@calling/protocol';
import { sideOf } from '../../bookings/parties';
import { admitCaller } from '../../calls/engine/admission';
import { durationOf } from '../../calls/engine/call';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

export const callRoutes = ({ bookings, callLogs, calls }: HttpDeps) => {
  async function participantBooking(bookingId: string, personId: string) {
    const b = await bookings.byId(bookingId);
    if (!b || !sideOf(b, personId)) throw new CallingError('not_found', 'no such booking');
    return b;
  }
  return [
    /** The seed's pre-call lookup: who is calling whom on this booking. Creates nothing. */
    defineRoute({
      method: 'POST',
      url: '/api/calls/initiate',
      auth: true,
      body: CallInitiateBody,
      async handler({ me, body }) {
        const b = await bookings.byId(body.bookingId);
        const admission = admitCaller(b, {
          requesterId: me.sub,
          requesterRole: me.role,
          claimedCallerType: body.callerType,
        });
        if (!admission.ok) throw new CallingError(admission.code, admission.message);
        if (!b) throw new CallingError('not_found', 'no such booking');
        const callerIsUser = admission.callerType === 'user';
        return {
          bookingId: b.id,
          callerId: me.sub,
          callerName: callerIsUser ? b.userName : b.providerName,
          receiverId: admission.receiverId,
          receiverName: callerIsUser ? b.providerName : b.userName,
          serviceName: b.serviceName,
        };
      },
    }),
    /**
     * The seed's post-call log, kept for old clients. The server already wrote the row; this attaches what
     * only the client knows and returns the stored row. Repeating it changes nothing further. Without a callId
     * (seed apps, either side) it is the newest call on the booking in which the requester took part.
     */
    defineRoute({
      method: 'POST',
      url: '/api/calls/log',
      auth: true,
      body: CallLogBody,
      async handler({ me, body }) {
        await participantBooking(body.bookingId, me.sub);
        const row = body.callId
          ? await callLogs.byId(body.callId)
          : await callLogs.latestWithParticipant(body.bookingId, me.sub);
        if (!row || row.booking_id !== body.bookingId || (row.caller_id !== me.sub && row.receiver_id !== me.sub)) {
          throw new CallingError('not_found', 'no call to log on this booking');
        }
        const report = {
          reportedBy: me.sub,
          duration: body.duration ?? null,
          status: body.status ?? null,
          callerType: body.callerType ?? null,
        };
        if (body.summary) {
          const side = row.caller_id === me.sub ? 'caller' : 'receiver';
          await callLogs.attachQualitySummary(row.id, side, body.summary);
        }
        return (await callLogs.attachClientReport(row.id, report, body.quality ?? null)) ?? row;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/calls/history/:bookingId',
      auth: true,
      params: CallHistoryParams,
      query: CallHistoryQuery,
      async handler({ me, params, query }) {
        await participantBooking(params.bookingId, me.sub);
        return { calls: await callLogs.history(params.bookingId, query.limit, query.before) };
      },
    }),
    /** A hang-up that does not need the socket (it is down, or the page is closing: sendBeacon). */
    defineRoute({
      method: 'POST',
      url: '/api/calls/:callId/end',
      auth: true,
      beacon: true,
      params: CallEndParams,
      body: CallEndBody,
      async handler({ me, params, body }) {
        const call = await calls.act(
          me.sub,
          { callId: params.callId },
          {
            type: 'hangup',
            userId: me.sub,
            reason: body.reason,
            socketId: body.socketId ?? null,
            deviceId: body.deviceId ?? null,
          },
        );
        return { callId: call.id, bookingId: call.bookingId, reason: call.endReason, duration: durationOf(call) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/calls/ice-servers',
      auth: true,
      async handler({ me }) {
        return calls.iceServersInCall(me.sub);
      },
    }),
  ];
};
