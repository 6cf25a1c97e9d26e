// Mounts GraphiQL (the UMD globals React, ReactDOM and GraphiQL, loaded by the page from /vendor/)
// with a fetcher to this origin's /graphql; graphql-ws is bundled into this module. When the editor console (/admin)
// is signed in in this tab, its key prefills the Authorization header. GraphiQL keeps its tabs
// and history (headers included, whatever shouldPersistHeaders says) in the storage it is given:
// sessionStorage, like the console's key, so that no key outlives the tab in localStorage.

import { type Client, createClient } from 'graphql-ws';
import { createSession } from '../admin/session';
import { byId } from '../shared/dom';
import { subscriptionUrl } from '../shared/graphql';

/**
 * What this page uses of the UMD globals. graphiql 4's standalone build and React 18's UMD builds
 * ship no declarations of their globals (graphiql's own types need @types/react, which the
 * service does not install for one page): these are the calls made below, as they are documented.
 */
interface GraphiQLGlobals {
  React: { createElement(component: unknown, props: Record<string, unknown>): unknown };
  ReactDOM: { createRoot(container: Element): { render(element: unknown): void } };
  GraphiQL: { createFetcher(options: { url: string; wsClient?: Client }): unknown };
}

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
export function initialHeaders(apiKey: string | undefined): string | undefined {
  return apiKey ? JSON.stringify({ Authorization: `Bearer ${apiKey}` }, null, 2) : undefined;
}

function mount(): void {
  // Each global is missing when its script failed to load.
  const { React, ReactDOM, GraphiQL } = window as unknown as Partial<GraphiQLGlobals>;
  const status = byId('status', HTMLElement);
  if (!React || !ReactDOM || !GraphiQL) {
    status.textContent = 'The GraphQL IDE could not load its scripts.';
    return;
  }
  const apiKey = createSession(sessionStorage).key();
  const authorization = apiKey ? `Bearer ${apiKey}` : undefined;
  const fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    // Subscriptions (timelineUpdated) over graphql-ws on the same path; connects on first use.
    wsClient: createClient({
      url: subscriptionUrl(location),
      lazy: true,
      retryAttempts: 3,
      connectionParams: authorization ? { authorization } : {},
    }),
  });
  ReactDOM.createRoot(byId('graphiql', HTMLElement)).render(
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
