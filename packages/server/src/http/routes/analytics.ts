import { AnalyticsQuery } from '@calling/protocol';
import { callAnalyticsRepo } from '../../store/call-analytics';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

/** Operators only (OPERATOR_API_KEY): how calls go, per day, never who called whom. */
export const analyticsRoutes = ({ db }: HttpDeps) => {
  const analytics = callAnalyticsRepo(db);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/ops/analytics',
      auth: 'operator',
      query: AnalyticsQuery,
      handler: async ({ query }) => ({
        from: query.from,
        to: query.to,
        days: await analytics.days(query.from, query.to),
      }),
    }),
  ];
};
