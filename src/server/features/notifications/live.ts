/**
 * Live unread counts: every app node LISTENs on `chungtay_notifications` (one connection of its
 * pool) and tells its own open event streams when a person's notifications change. The signal
 * is sent with pg_notify in the transaction of the change, so every node hears it once it is
 * committed — the same on the embedded PostgreSQL and on a server.
 */
import type pg from 'pg';
import { poolOf } from '#src/db/database.ts';

export const CHANNEL = 'chungtay_notifications';

type Listener = () => void;

export class LiveNotifications {
  private client: pg.PoolClient | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  constructor(private readonly db: object) {}

  /** Call `fn` whenever `userId`'s notifications change; returns the way to stop. */
  async subscribe(userId: string, fn: Listener): Promise<() => void> {
    await this.connect();
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const pool = poolOf(this.db);
      if (!pool) throw new Error('no pool to listen on');
      const client = await pool.connect();
      client.on('notification', (msg) => {
        if (msg.channel !== CHANNEL || !msg.payload) return;
        for (const fn of this.listeners.get(msg.payload) ?? []) fn();
      });
      client.on('error', () => this.drop(client, true));
      await client.query(`listen ${CHANNEL}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** A lost connection: open another and tell every stream to re-read (a signal may have been missed). */
  private drop(client: pg.PoolClient, broken: boolean) {
    if (this.client === client) this.client = null;
    client.release(broken);
    if (this.closed) return;
    setTimeout(() => {
      void this.connect()
        .then(() => {
          for (const set of this.listeners.values()) for (const fn of set) fn();
        })
        .catch(() => {});
    }, 1000).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.connecting) await this.connecting.catch(() => {});
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`unlisten ${CHANNEL}`).catch(() => {});
      client.release();
    }
  }
}
