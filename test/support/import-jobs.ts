import { PassThrough } from 'node:stream';

/**
 * NDJSON lines for import-job tests: distinct meetings of Putin and Raisi (one a day from
 * 2020-01-01), each about 450 bytes. `badLines` (1-based) hold a line that is not JSON.
 */
export function meetingsNdjson(count: number, badLines: number[] = [], from = 0): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    lines.push(badLines.includes(i) ? '{"kind": "MEETING", "title": ' : JSON.stringify(meeting(from + i)));
  }
  return `${lines.join('\n')}\n`;
}

const PUTIN = 'bb83f452-ada1-4d01-8211-936646194367';
const RAISI = 'ae792064-cb82-4b4f-8da2-df3d3b54ca82';

function meeting(n: number) {
  const day = new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  return {
    kind: 'MEETING',
    title: `Putin and Raisi meet (${n})`,
    start: { value: day, precision: 'DAY', timeZone: 'Asia/Tehran' },
    participants: [
      { actorId: PUTIN, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
      { actorId: RAISI, role: 'HOST', actor: { kind: 'PERSON', name: 'Ebrahim Raisi', country: 'IRN' } },
    ],
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
  };
}

/**
 * Content a test hands over part by part, so that a job is seen running: the import reads what
 * was written and waits for more. (Its first 64 KiB are read before anything is parsed.)
 */
export class GatedContent {
  readonly stream = new PassThrough();

  write(text: string): void {
    this.stream.write(Buffer.from(text, 'utf8'));
  }

  end(text = ''): void {
    this.stream.end(Buffer.from(text, 'utf8'));
  }
}
