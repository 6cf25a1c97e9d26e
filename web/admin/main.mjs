// The editor console: sign in with an API key (kept in sessionStorage for this tab only, sent
// only as a bearer header), ask `viewer` what the key may do, and offer that: record, correct,
// retract and restore, import files. The key never goes into a URL, the page's text or a log line.
import { replaceChildren } from '../shared/dom.mjs';
import { graphql } from '../shared/graphql.mjs';
import { clearProblems, showProblems } from './form-fields.mjs';
import { ImportPanel } from './import-panel.mjs';
import { VIEWER } from './queries.mjs';
import { RecordForm } from './record-form.mjs';
import { RevisePanel } from './revise-panel.mjs';
import { createSession, normaliseKey, offersFor } from './session.mjs';

const session = createSession(sessionStorage);
const statusLine = document.getElementById('status');
const signInForm = document.getElementById('sign-in');
const signOutButton = document.getElementById('sign-out');
const recordForm = document.getElementById('record');
const correctSection = document.getElementById('correct');
const readOnly = document.getElementById('read-only');
const importSection = document.getElementById('import');

/** Every request of the console, with the key; a key refused mid-session (revoked) signs the tab out. */
async function api(query, variables) {
  try {
    return await graphql(query, variables, { apiKey: session.key() });
  } catch (error) {
    if (query !== VIEWER && error?.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
      session.signOut();
      showSignedOut('Your key was refused (revoked?): sign in again.');
    }
    throw error;
  }
}
let record;
let panel;
let importPanel;

function showSignedOut(message = 'Signed out.') {
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

function showSignedIn(viewer) {
  const offers = offersFor(viewer.role);
  statusLine.textContent = `Signed in as ${viewer.name} (${viewer.role}).`;
  signInForm.hidden = true;
  signOutButton.hidden = false;
  readOnly.hidden = offers.record;
  recordForm.hidden = !offers.record;
  correctSection.hidden = !offers.revise;
  importSection.hidden = !offers.import;
  if (offers.import) importPanel ??= new ImportPanel(importSection, api);
  panel ??= new RevisePanel(correctSection, api, offers);
  panel.offers = offers;
  record ??= new RecordForm(recordForm, api, {
    onRecorded: ({ eventId, position }) => void panel.load(eventId, position),
  });
  document.body.dataset.role = viewer.role;
  document.body.dataset.ready = 'signed-in';
}

/** Asks the service who the stored key is; a key it refuses is forgotten. */
async function checkKey() {
  try {
    const data = await api(VIEWER);
    showSignedIn(data.viewer);
    return true;
  } catch (error) {
    const refused = error?.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (refused) session.signOut();
    showSignedOut(refused ? 'That key was refused: it is unknown or revoked.' : 'The service could not be reached.');
    showProblems(signInForm, error);
    return false;
  }
}

signInForm.addEventListener('submit', (submit) => {
  submit.preventDefault();
  const field = signInForm.elements.apiKey;
  const key = normaliseKey(field.value);
  field.value = '';
  clearProblems(signInForm);
  if (!key) {
    replaceChildren(signInForm.querySelector('.form-errors'), 'Paste an API key such as dtl_…');
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
