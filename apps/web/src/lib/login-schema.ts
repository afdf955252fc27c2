import { z } from 'zod';

/** The login form's schema, shared by the form and `auth.login`. */
export const LoginSchema = z
  .object({ password: z.string().min(1, 'Type the admin password.') })
  .strict();
