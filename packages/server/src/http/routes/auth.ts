import { CallingError, LoginBody, RegisterBody, VerifyRegistrationBody } from '@calling/protocol';
import { decoyHash, hashPassword, verifyPassword } from '../../auth/passwords';
import { toPublicUser } from '../../store/users';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

export const authRoutes = ({ users, tokens, config, verifiedRegistration }: HttpDeps) => [
  defineRoute({
    method: 'POST',
    url: '/api/auth/register',
    auth: false,
    body: RegisterBody,
    rateLimitPerMin: config.authRateLimitPerMin,
    async handler({ body, reply }) {
      if (config.registration === 'closed') {
        throw new CallingError('forbidden', 'sign-up is closed here: accounts come from the marketplace');
      }
      if (verifiedRegistration) {
        reply.status(202);
        return verifiedRegistration.start(body);
      }
      const user = await users.create({
        name: body.name,
        phone: body.phone,
        role: body.role,
        passwordHash: await hashPassword(body.password),
        serviceName: body.role === 'provider' ? (body.serviceName ?? null) : null,
      });
      if (!user) throw new CallingError('conflict', 'an account with this phone number already exists');
      reply.status(201);
      return { token: await tokens.sign({ sub: user.id, role: user.role, name: user.name }), user: toPublicUser(user) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/register/verify',
    auth: false,
    body: VerifyRegistrationBody,
    rateLimitPerMin: config.authRateLimitPerMin,
    async handler({ body, reply }) {
      if (!verifiedRegistration) {
        throw new CallingError('forbidden', 'sign-ups here are not verified by a code (REGISTRATION is not verified)');
      }
      const user = await verifiedRegistration.verify(body);
      reply.status(201);
      return { token: await tokens.sign({ sub: user.id, role: user.role, name: user.name }), user: toPublicUser(user) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    auth: false,
    body: LoginBody,
    rateLimitPerMin: config.authRateLimitPerMin,
    async handler({ body }) {
      const user = await users.byPhone(body.phone);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !ok) throw new CallingError('unauthorized', 'wrong phone number or password');
      return { token: await tokens.sign({ sub: user.id, role: user.role, name: user.name }), user: toPublicUser(user) };
    },
  }),
];
