import { join } from 'node:path';
import type { Env } from '#src/config/env.ts';
import type { FileStore } from './file-store.ts';
import { LocalFileStore } from './local-file-store.ts';
import { S3FileStore } from './s3-file-store.ts';

/** Where uploads live when `FILE_STORE=local`: the folder older versions already used. */
export const localUploadsDir = (dataDir: string) => join(dataDir, 'uploads');

/** The store the configuration names: `FILE_STORE=local` (default, `<DATA_DIR>/uploads`) or `s3`. */
export function createFileStore(env: Pick<Env, 'DATA_DIR' | 'FILE_STORE' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>): FileStore {
  if (env.FILE_STORE === 's3') {
    return new S3FileStore({
      bucket: env.S3_BUCKET!,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'on',
    });
  }
  return new LocalFileStore(localUploadsDir(env.DATA_DIR));
}
