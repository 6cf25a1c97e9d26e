// Mounts GraphiQL (the UMD globals React, ReactDOM, GraphiQL and graphqlWs, loaded by the page
// from /vendor/) with a fetcher to this origin's /graphql. When the editor console (/admin)
// is signed in in this tab, its key prefills the Authorization header. GraphiQL keeps its tabs
// and history (headers included, whatever shouldPersistHeaders says) in the storage it is given:
// sessionStorage, like the console's key, so that no key outlives the tab in localStorage.

import { createSession } from '/assets/admin/session.mjs';
import { subscriptionUrl } from '/assets/shared/graphql.mjs';

const DEFAULT_QUERY = `# The GraphQL IDE of the diplomatic timeline service: the schema is in the Docs panel.
{
  timeline(first: 5) {
    edges {
      node {
        title
      }
    }
  }
}
`;

/** The headers editor's first content: the console's key as a bearer header, when signed in. */
export function initialHeaders(apiKey) {
  return apiKey ? JSON.stringify({ Authorization: `Bearer ${apiKey}` }, null, 2) : undefined;
}

function mount() {
  const { React, ReactDOM, GraphiQL, graphqlWs } = window;
  const status = document.getElementById('status');
  if (!React || !ReactDOM || !GraphiQL) {
    status.textContent = 'The GraphQL IDE could not load its scripts.';
    return;
  }
  const apiKey = createSession(sessionStorage).key();
  const authorization = apiKey ? `Bearer ${apiKey}` : undefined;
  const fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    // Subscriptions (timelineUpdated) over graphql-ws on the same path; connects on first use.
    wsClient: graphqlWs?.createClient({
      url: subscriptionUrl(location),
      lazy: true,
      retryAttempts: 3,
      connectionParams: authorization ? { authorization } : {},
    }),
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      headers: initialHeaders(apiKey),
      storage: sessionStorage,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: apiKey ? 'headers' : false,
    }),
  );
  document.body.dataset.loaded = 'true';
}

mount();
