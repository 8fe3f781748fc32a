import type { PublicUser } from '@calling/protocol';

/** A signed-in person: their token and public face. */
export interface Session {
  token: string;
  user: PublicUser;
}

/** Where the session is kept between launches; one implementation per platform. */
export interface SessionStorage {
  load(key: string): Promise<string | null>;
  save(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}
