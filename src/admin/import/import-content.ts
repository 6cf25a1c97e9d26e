import { badUserInput } from '../../graphql/errors';
import { MAX_IMPORT_CONTENT_BYTES } from '../../imports/limits';

/**
 * The content of importEvents or startImport as bytes, refused (BAD_USER_INPUT, field content)
 * over 5 MB: larger files go through `npm run import`, which streams them.
 */
export function importContentBytes(content: string, mutation: 'importEvents' | 'startImport'): Buffer {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_IMPORT_CONTENT_BYTES) {
    throw badUserInput(
      `content is ${(bytes / 1024 / 1024).toFixed(1)} MB; ${mutation} takes at most 5 MB: import larger files with npm run import`,
      'content',
      { maxBytes: MAX_IMPORT_CONTENT_BYTES, bytes },
    );
  }
  return Buffer.from(content, 'utf8');
}
