import type { Attachment } from '@sportello/protocol';
import type { ChatClient, Upload } from './chat-client';

/**
 * Uploads each file (a size over the site's limit is refused here, without sending it), then sends
 * it as a message through the outbox, which keeps it until the server has it.
 */
export function upload(client: ChatClient, files: File[], maxMb: number, kinds: string[]): void {
  for (const file of files) {
    const u: Upload = { name: file.name, done: 0 };
    client.uploads = [...client.uploads, u];
    const end = (error?: Upload['error']) => {
      if (error) u.error = error;
      else client.uploads = client.uploads.filter((x) => x !== u);
      client.changed();
    };
    if (file.size > maxMb * 1048576) {
      end(['FILE_TOO_LARGE', String(maxMb)]);
      continue;
    }
    void send(client, file, u).then(
      (attachment) => {
        end();
        client.send('', [attachment]);
      },
      (error: Upload['error']) => end(error && error[0] === 'FILE_TYPE_NOT_ALLOWED' ? [error[0], kinds.join()] : error && error[0] === 'FILE_TOO_LARGE' ? [error[0], String(maxMb)] : error),
    );
  }
  client.changed();
}

async function send(client: ChatClient, file: File, u: Upload): Promise<Attachment> {
  let [url, token] = client.uploadTarget();
  // The first connection gives the visitor token: wait for it (a few seconds at most).
  for (let i = 0; !token && i < 40; i++) {
    client.connect();
    await new Promise((resolve) => setTimeout(resolve, 250));
    [url, token] = client.uploadTarget();
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.upload.onprogress = (e) => {
      u.done = e.total ? e.loaded / e.total : 0;
      client.changed();
    };
    xhr.onload = () => {
      let body: { attachment?: Attachment; error?: { code: string; message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: a proxy's error page
      }
      if (body.attachment) resolve(body.attachment);
      else reject([body.error?.code ?? 'network', body.error?.message]);
    };
    xhr.onerror = xhr.ontimeout = () => reject(['network']);
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
