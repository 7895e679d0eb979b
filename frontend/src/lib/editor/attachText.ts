// What attaching a file or an image writes into the text, and how its
// bytes travel to Go, without the editor: the attach button, the video
// recorder and the editor share it.

/** The image types Go accepts (it checks the bytes again); never SVG. */
export const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The most Go stores for one image, in bytes. */
export const maxImageBytes = 10 * 1024 * 1024;

/** isShownImage tells whether a file is an image the page shows inline (else it is attached as a file). */
export function isShownImage(f: { type: string; size: number }): boolean {
  return imageTypes.includes(f.type) && f.size <= maxImageBytes;
}

/** fileMarkdown writes the Markdown for an attached file: a link the read view shows as a file chip. */
export function fileMarkdown(name: string, ref: string): string {
  const text = name.replace(/[\\[\]\n\r]/g, ' ').replace(/\s+/g, ' ').trim() || 'file';
  return `[${text}](${ref})`;
}

/** checkImage says why a file cannot be attached, or null when it may be sent. */
export function checkImage(f: { name: string; type: string; size: number }): string | null {
  const name = f.name || 'The image';
  if (!imageTypes.includes(f.type)) return `“${name}” is not a PNG, JPEG, GIF or WebP image.`;
  if (f.size > maxImageBytes) return `“${name}” is ${(f.size / 1024 / 1024).toFixed(1)} MB; an image can be at most 10 MB.`;
  if (f.size === 0) return `“${name}” is empty.`;
  return null;
}

/** imageMarkdown writes the Markdown for an attached image, its alt text made from the file name. */
export function imageMarkdown(name: string, ref: string): string {
  const alt =
    name
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[\\[\]\n\r]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'image';
  return `![${alt}](${ref})`;
}

/** toBase64 reads a file as base64, how bytes travel to Go. */
export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      // The type may hold commas itself (video/webm;codecs=vp8,opus).
      const url = String(r.result);
      resolve(url.slice(url.indexOf(';base64,') + ';base64,'.length));
    };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

