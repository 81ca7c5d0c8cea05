import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Where the bytes of uploaded files live; their metadata is in the database (`attachments`).
 * Keys are `<site id>/<attachment id>`, nothing a sender chose.
 */
export interface FileStore {
  put(key: string, bytes: Buffer, type: string): Promise<void>;
  /** Null when there is no such file. */
  get(key: string): Promise<Buffer | null>;
  delete(keys: string[]): Promise<void>;
  /** Every key with when it was written: the sweep compares them with the database. */
  list(): AsyncIterable<{ key: string; writtenAt: Date }>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
  return key;
}

/** The default: files under `DATA_DIR/files/<site>/<id>`, each written whole or not at all. */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = join(this.root, checkKey(key));
    await mkdir(join(path, '..'), { recursive: true });
    // Written aside, then renamed: a crash leaves no half file under the key.
    const temporary = join(this.root, `.${randomUUID()}.part`);
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.root, checkKey(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(join(this.root, checkKey(key)), { force: true })));
  }

  async *list(): AsyncIterable<{ key: string; writtenAt: Date }> {
    let sites: string[];
    try {
      sites = await readdir(this.root);
    } catch {
      return;
    }
    for (const site of sites) {
      if (site.startsWith('.')) {
        // A write a crash cut short: gone once it is an hour old (no write takes that long).
        if (site.endsWith('.part')) {
          const info = await stat(join(this.root, site)).catch(() => null);
          if (info && Date.now() - info.mtimeMs > 3600_000) await rm(join(this.root, site), { force: true });
        }
        continue;
      }
      let names: string[];
      try {
        names = await readdir(join(this.root, site));
      } catch {
        continue;
      }
      for (const name of names) {
        const key = `${site}/${name}`;
        if (!KEY.test(key)) continue;
        const info = await stat(join(this.root, key)).catch(() => null);
        if (info) yield { key, writtenAt: info.mtime };
      }
    }
  }
}

/** The settings of an S3-compatible store (Config.s3). */
export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
  /** Put before every key (`sportello/`), so the bucket may hold other things. */
  prefix: string;
}

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Backblaze B2…), through AWS's own
 * SDK. Credentials come from the settings or, when unset, from the SDK's usual chain (AWS_*
 * variables, an instance role). The server reads the bytes and serves them itself behind its
 * signed links, so the bucket stays private.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
    });
  }

  async put(key: string, bytes: Buffer, type: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.settings.prefix + checkKey(key), Body: bytes, ContentType: type, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.settings.prefix + checkKey(key) }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000).map((key) => ({ Key: this.settings.prefix + checkKey(key) }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects: chunk, Quiet: true } }));
    }
  }

  async *list(): AsyncIterable<{ key: string; writtenAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: this.settings.prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.settings.prefix.length) ?? '';
        if (KEY.test(key)) yield { key, writtenAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
