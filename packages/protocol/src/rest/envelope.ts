import { z } from 'zod';
import { ErrorCode } from '../errors';

/** Every REST response: `{status:'success', data}` or `{status:'error', code, message}`. */
export type Success<T> = { status: 'success'; data: T };
export const ErrorResponse = z.object({ status: z.literal('error'), code: ErrorCode, message: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;
export const success = <T extends z.ZodType>(data: T) => z.object({ status: z.literal('success'), data });
