// The editor console: sign in with an API key (kept in sessionStorage for this tab only, sent
// only as a bearer header), ask `viewer` what the key may do, and offer that: record, correct,
// retract and restore, import files. The key never goes into a URL, the page's text or a log line.
import { byId, control, find, replaceChildren } from '../shared/dom';
import { graphql, hasCode, type Variables } from '../shared/graphql';
import { clearProblems, showProblems } from './form-fields';
import { ImportPanel } from './import-panel';
import { VIEWER, type ViewerData } from './queries';
import { RecordForm } from './record-form';
import { RevisePanel } from './revise-panel';
import { createSession, normaliseKey, offersFor } from './session';

const session = createSession(sessionStorage);
const statusLine = byId('status', HTMLElement);
const signInForm = byId('sign-in', HTMLFormElement);
const signOutButton = byId('sign-out', HTMLButtonElement);
const recordForm = byId('record', HTMLFormElement);
const correctSection = byId('correct', HTMLElement);
const readOnly = byId('read-only', HTMLElement);
const importSection = byId('import', HTMLElement);

/** Every request of the console, with the key; a key refused mid-session (revoked) signs the tab out. */
async function api<T>(query: string, variables?: Variables): Promise<T> {
  try {
    return await graphql<T>(query, variables, { apiKey: session.key() });
  } catch (error) {
    if (query !== VIEWER && hasCode(error, 'UNAUTHENTICATED')) {
      session.signOut();
      showSignedOut('Your key was refused (revoked?): sign in again.');
    }
    throw error;
  }
}
let record: RecordForm | undefined;
let panel: RevisePanel | undefined;
let importPanel: ImportPanel | undefined;

function showSignedOut(message = 'Signed out.'): void {
  statusLine.textContent = message;
  signInForm.hidden = false;
  signOutButton.hidden = true;
  recordForm.hidden = true;
  correctSection.hidden = true;
  readOnly.hidden = true;
  importSection.hidden = true;
  delete document.body.dataset.role;
  document.body.dataset.ready = 'signed-out';
}

function showSignedIn(viewer: ViewerData['viewer']): void {
  const offers = offersFor(viewer.role);
  statusLine.textContent = `Signed in as ${viewer.name} (${viewer.role}).`;
  signInForm.hidden = true;
  signOutButton.hidden = false;
  readOnly.hidden = offers.record;
  recordForm.hidden = !offers.record;
  correctSection.hidden = !offers.revise;
  importSection.hidden = !offers.import;
  if (offers.import) importPanel ??= new ImportPanel(importSection, api);
  const revisePanel = (panel ??= new RevisePanel(correctSection, api, offers));
  revisePanel.offers = offers;
  record ??= new RecordForm(recordForm, api, {
    onRecorded: ({ eventId, position }) => void revisePanel.load(eventId, position),
  });
  document.body.dataset.role = viewer.role;
  document.body.dataset.ready = 'signed-in';
}

/** Asks the service who the stored key is; a key it refuses is forgotten. */
async function checkKey(): Promise<boolean> {
  try {
    const data = await api<ViewerData>(VIEWER);
    showSignedIn(data.viewer);
    return true;
  } catch (error) {
    const refused = hasCode(error, 'UNAUTHENTICATED');
    if (refused) session.signOut();
    showSignedOut(refused ? 'That key was refused: it is unknown or revoked.' : 'The service could not be reached.');
    showProblems(signInForm, error);
    return false;
  }
}

signInForm.addEventListener('submit', (submit) => {
  submit.preventDefault();
  const field = control(signInForm, 'apiKey', HTMLInputElement);
  const key = normaliseKey(field.value);
  field.value = '';
  clearProblems(signInForm);
  if (!key) {
    replaceChildren(find(signInForm, '.form-errors', HTMLElement), 'Paste an API key such as dtl_…');
    return;
  }
  session.signIn(key);
  void checkKey();
});

signOutButton.addEventListener('click', () => {
  session.signOut();
  // Forget what the page holds for the key: the simplest way is a fresh page.
  location.replace('/admin');
});

if (session.key()) void checkKey();
else showSignedOut('Sign in with an API key.');
