// Importing a file (admins): the file is read here as text (its size checked before it is read and
// before it is sent), checked first as a dry run (startImport with dryRun), which shows what would
// be imported and every rejected line with its number, code and reason; only then is "Import"
// offered, for that same content and those options. A job is followed with importJob until it
// ends. Text from the file and the service goes in as text only (../shared/dom.ts), never as HTML.
import { control, el, field, find, replaceChildren } from '../shared/dom';
import { GraphQLRequestError } from '../shared/graphql';
import { clearProblems, showProblems } from './form-fields';
import {
  formatOfName,
  type ImportJob,
  outcomeLine,
  progressLine,
  rejectsNote,
  sizeProblem,
  summaryRows,
} from './import-file';
import type { Api } from './queries';

const JOB_FIELDS = `
  id status dryRun contentBytes error
  progress { lines bytesRead imported rejected }
  summary {
    dryRun lines imported alreadyPresent reportsAttached skipped rejected actorsCreated seconds
    rejects { lineNumber code reason }
  }
`;

export const START_IMPORT = `
  mutation StartImport($format: ImportFormat!, $content: String!, $dryRun: Boolean, $allEvents: Boolean, $cluster: ImportCluster) {
    startImport(format: $format, content: $content, dryRun: $dryRun, allEvents: $allEvents, cluster: $cluster) { ${JOB_FIELDS} }
  }`;

export const IMPORT_JOB = `query ImportJob($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`;

/** How often a running job is asked for (the service writes its progress at most every 250 ms). */
const POLL_MS = 500;
/** Failed polls in a row before the panel gives up following a job. */
const POLL_FAILURES = 5;

/** The options of an import, as the form sets them. */
interface ImportOptions {
  format: string;
  cluster: string;
  allEvents: boolean;
}

interface StartImportData {
  startImport: ImportJob;
}

interface ImportJobData {
  importJob: ImportJob;
}

export class ImportPanel {
  private readonly form: HTMLFormElement;
  private readonly importButton: HTMLButtonElement;
  private readonly progress: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly summary: HTMLElement;
  private readonly rejects: HTMLTableElement;
  private readonly note: HTMLElement;
  private readonly file: HTMLInputElement;
  /** What the last dry run checked: the content and options an import would use. */
  private checked: (ImportOptions & { content: string }) | undefined;
  private busy = false;

  constructor(
    private readonly section: HTMLElement,
    private readonly api: Api,
  ) {
    this.form = find(section, '#import-form', HTMLFormElement);
    this.importButton = find(section, '#import-run', HTMLButtonElement);
    this.progress = find(section, '#import-progress', HTMLElement);
    this.bar = find(section, '#import-bar', HTMLProgressElement);
    this.summary = find(section, '#import-summary', HTMLElement);
    this.rejects = find(section, '#import-rejects', HTMLTableElement);
    this.note = find(section, '#import-rejects-note', HTMLElement);
    this.file = control(this.form, 'file', HTMLInputElement);
    this.setState('idle');
    this.form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.check();
    });
    this.importButton.addEventListener('click', () => void this.importChecked());
    this.file.addEventListener('change', () => {
      const format = formatOfName(this.file.files?.[0]?.name);
      if (format) field(this.form, 'format').value = format;
      this.forgetCheck();
    });
    for (const name of ['format', 'cluster', 'allEvents'])
      field(this.form, name).addEventListener('change', () => this.forgetCheck());
  }

  setState(state: string): void {
    this.section.dataset.state = state;
  }

  /** A file or an option changed: what was checked is not what would be imported. */
  forgetCheck(): void {
    if (this.busy) return;
    this.checked = undefined;
    this.importButton.hidden = true;
  }

  options(): ImportOptions {
    return {
      format: field(this.form, 'format').value,
      cluster: field(this.form, 'cluster').value,
      allEvents: control(this.form, 'allEvents', HTMLInputElement).checked,
    };
  }

  async check(): Promise<void> {
    if (this.busy) return;
    clearProblems(this.form);
    this.forgetCheck();
    const file = this.file.files?.[0];
    if (!file) return this.problem('Choose a file to import.');
    // The file's size first: a large file is refused before it is read.
    const tooLarge = sizeProblem(file.size);
    if (tooLarge) return this.problem(tooLarge);
    let content: string;
    try {
      content = await file.text();
    } catch {
      return this.problem('The file could not be read.');
    }
    // Decoding may have replaced bytes that are not UTF-8, which takes more room: measured again.
    const encoded = sizeProblem(new TextEncoder().encode(content).length);
    if (encoded) return this.problem(encoded);
    const options = this.options();
    const job = await this.run({ ...options, content, dryRun: true }, 'checking');
    if (job?.status === 'SUCCEEDED') {
      this.checked = { ...options, content };
      this.importButton.hidden = false;
      this.importButton.textContent = `Import ${job.summary?.imported ?? 0} events`;
      this.setState('checked');
      // The check button was disabled while the job ran, which took the focus from it.
      this.importButton.focus();
    }
  }

  async importChecked(): Promise<void> {
    if (this.busy || !this.checked) return;
    const checked = this.checked;
    this.forgetCheck();
    const job = await this.run({ ...checked, dryRun: false }, 'importing');
    if (job?.status === 'SUCCEEDED') this.setState('imported');
  }

  /** Starts a job and follows it to its end; answers the ended job, or undefined when it could not be. */
  async run(
    variables: ImportOptions & { content: string; dryRun: boolean },
    state: string,
  ): Promise<ImportJob | undefined> {
    this.busy = true;
    this.setState(state);
    this.showRunning();
    try {
      const data = await this.api<StartImportData>(START_IMPORT, { ...variables });
      const job = await this.follow(data.startImport);
      this.showEnded(job);
      return job;
    } catch (error) {
      this.setState('failed');
      this.progress.textContent = '';
      showProblems(this.form, error);
      return undefined;
    } finally {
      this.busy = false;
      this.setButtons(false);
    }
  }

  async follow(started: ImportJob): Promise<ImportJob> {
    let job = started;
    let failures = 0;
    while (job.status === 'RUNNING') {
      this.showProgress(job);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      try {
        job = (await this.api<ImportJobData>(IMPORT_JOB, { id: job.id })).importJob;
        failures = 0;
      } catch (error) {
        // A busy service or a lost connection may pass; a refused key or an unknown job will not.
        const codes = (error instanceof GraphQLRequestError ? error.errors : [])
          .map((e) => e.extensions?.code)
          .filter(Boolean);
        const passing = codes.every((code) => code === 'SERVICE_UNAVAILABLE');
        failures += 1;
        if (!passing || failures >= POLL_FAILURES) throw error;
      }
    }
    return job;
  }

  showRunning(): void {
    this.setButtons(true);
    replaceChildren(this.summary);
    replaceChildren(this.rejects.tBodies[0]);
    this.rejects.hidden = true;
    replaceChildren(this.note);
    this.progress.textContent = 'Sending the file…';
    this.bar.hidden = false;
    this.bar.value = 0;
  }

  showProgress(job: ImportJob): void {
    this.progress.textContent = progressLine(job);
    this.bar.value = job.contentBytes > 0 ? Math.min(1, job.progress.bytesRead / job.contentBytes) : 0;
  }

  showEnded(job: ImportJob): void {
    this.bar.hidden = true;
    this.progress.textContent = outcomeLine(job);
    if (job.status !== 'SUCCEEDED' || !job.summary) {
      this.setState('failed');
      return;
    }
    const { summary } = job;
    replaceChildren(
      this.summary,
      summaryRows(summary).map(([label, value]) => [el('dt', {}, label), el('dd', {}, value)]),
    );
    const rows = summary.rejects.map((reject) =>
      el(
        'tr',
        { dataset: { line: String(reject.lineNumber) } },
        el('td', {}, reject.lineNumber),
        el('td', {}, reject.code),
        el('td', {}, reject.reason),
      ),
    );
    replaceChildren(this.rejects.tBodies[0], rows);
    this.rejects.hidden = rows.length === 0;
    replaceChildren(this.note, rejectsNote(summary));
  }

  setButtons(disabled: boolean): void {
    for (const button of this.section.querySelectorAll('button')) button.disabled = disabled;
  }

  problem(message: string): void {
    this.setState('idle');
    replaceChildren(find(this.form, ':scope > .form-errors', HTMLElement), message);
  }
}
