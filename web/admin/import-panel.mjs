// Importing a file (admins): the file is read here as text (its size checked before it is read and
// before it is sent), checked first as a dry run (startImport with dryRun), which shows what would
// be imported and every rejected line with its number, code and reason; only then is "Import"
// offered, for that same content and those options. A job is followed with importJob until it
// ends. Text from the file and the service goes in as text only (dom.mjs), never as HTML.
import { el, replaceChildren } from '../shared/dom.mjs';
import { clearProblems, showProblems } from './form-fields.mjs';
import { formatOfName, outcomeLine, progressLine, rejectsNote, sizeProblem, summaryRows } from './import-file.mjs';

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

export class ImportPanel {
  constructor(section, api) {
    this.section = section;
    this.api = api;
    this.form = section.querySelector('#import-form');
    this.importButton = section.querySelector('#import-run');
    this.progress = section.querySelector('#import-progress');
    this.bar = section.querySelector('#import-bar');
    this.summary = section.querySelector('#import-summary');
    this.rejects = section.querySelector('#import-rejects');
    this.note = section.querySelector('#import-rejects-note');
    /** What the last dry run checked: the content and options an import would use. */
    this.checked = undefined;
    this.busy = false;
    this.setState('idle');
    this.form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.check();
    });
    this.importButton.addEventListener('click', () => void this.importChecked());
    this.form.elements.file.addEventListener('change', () => {
      const format = formatOfName(this.form.elements.file.files?.[0]?.name);
      if (format) this.form.elements.format.value = format;
      this.forgetCheck();
    });
    for (const name of ['format', 'cluster', 'allEvents'])
      this.form.elements[name].addEventListener('change', () => this.forgetCheck());
  }

  setState(state) {
    this.section.dataset.state = state;
  }

  /** A file or an option changed: what was checked is not what would be imported. */
  forgetCheck() {
    if (this.busy) return;
    this.checked = undefined;
    this.importButton.hidden = true;
  }

  options() {
    const { format, cluster, allEvents } = this.form.elements;
    return { format: format.value, cluster: cluster.value, allEvents: allEvents.checked };
  }

  async check() {
    if (this.busy) return;
    clearProblems(this.form);
    this.forgetCheck();
    const file = this.form.elements.file.files?.[0];
    if (!file) return this.problem('Choose a file to import.');
    // The file's size first: a large file is refused before it is read.
    const tooLarge = sizeProblem(file.size);
    if (tooLarge) return this.problem(tooLarge);
    let content;
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
      this.importButton.textContent = `Import ${job.summary.imported} events`;
      this.setState('checked');
      // The check button was disabled while the job ran, which took the focus from it.
      this.importButton.focus();
    }
  }

  async importChecked() {
    if (this.busy || !this.checked) return;
    const checked = this.checked;
    this.forgetCheck();
    const job = await this.run({ ...checked, dryRun: false }, 'importing');
    if (job?.status === 'SUCCEEDED') this.setState('imported');
  }

  /** Starts a job and follows it to its end; answers the ended job, or undefined when it could not be. */
  async run(variables, state) {
    this.busy = true;
    this.setState(state);
    this.showRunning();
    try {
      const data = await this.api(START_IMPORT, variables);
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

  async follow(started) {
    let job = started;
    let failures = 0;
    while (job.status === 'RUNNING') {
      this.showProgress(job);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      try {
        job = (await this.api(IMPORT_JOB, { id: job.id })).importJob;
        failures = 0;
      } catch (error) {
        // A busy service or a lost connection may pass; a refused key or an unknown job will not.
        const codes = (error?.errors ?? []).map((e) => e.extensions?.code).filter(Boolean);
        const passing = codes.every((code) => code === 'SERVICE_UNAVAILABLE');
        failures += 1;
        if (!passing || failures >= POLL_FAILURES) throw error;
      }
    }
    return job;
  }

  showRunning() {
    this.setButtons(true);
    replaceChildren(this.summary);
    replaceChildren(this.rejects.tBodies[0]);
    this.rejects.hidden = true;
    replaceChildren(this.note);
    this.progress.textContent = 'Sending the file…';
    this.bar.hidden = false;
    this.bar.value = 0;
  }

  showProgress(job) {
    this.progress.textContent = progressLine(job);
    this.bar.value = job.contentBytes > 0 ? Math.min(1, job.progress.bytesRead / job.contentBytes) : 0;
  }

  showEnded(job) {
    this.bar.hidden = true;
    this.progress.textContent = outcomeLine(job);
    if (job.status !== 'SUCCEEDED') {
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
        { dataset: { line: reject.lineNumber } },
        el('td', {}, reject.lineNumber),
        el('td', {}, reject.code),
        el('td', {}, reject.reason),
      ),
    );
    replaceChildren(this.rejects.tBodies[0], rows);
    this.rejects.hidden = rows.length === 0;
    replaceChildren(this.note, rejectsNote(summary));
  }

  setButtons(disabled) {
    for (const button of this.section.querySelectorAll('button')) button.disabled = disabled;
  }

  problem(message) {
    this.setState('idle');
    replaceChildren(this.form.querySelector(':scope > .form-errors'), message);
  }
}
