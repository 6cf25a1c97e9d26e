// Building DOM from data: every piece of text goes in as a text node (textContent), never as
// HTML, because event titles, summaries, quotes and sources come from imports and editors.

/** What el() and replaceChildren() take as children: nodes, text, nothing, or lists of these. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

/** An attribute's value: set as text, `true` as present, left out when absent or false. */
type AttributeValue = string | number | boolean | null | undefined;

export interface Attributes {
  dataset?: Record<string, string>;
  className?: string;
  [name: string]: AttributeValue | Record<string, string>;
}

/** An element with attributes (set as properties or attributes, never as HTML) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset' && typeof value === 'object') Object.assign(node.dataset, value);
    else if (name === 'className') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child as readonly Child[]);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties an element and fills it again. */
export function replaceChildren(node: Element, ...children: Child[]): void {
  node.replaceChildren();
  append(node, children);
}

/** An http(s) address as a link; anything else (javascript:, data:) only as text. */
export function safeLink(url: string, text: string): Node {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return document.createTextNode(text);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return document.createTextNode(text);
  return el('a', { href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, text);
}

/** A constructor of a kind of element (HTMLInputElement, HTMLFormElement…), for the checks below. */
type ElementKind<T extends Element> = abstract new () => T;

/**
 * The page's element with this id, of the kind the page's HTML gives it. The HTML and the script
 * ship together, so a missing or different element is a bug to report at once, not to step around.
 */
export function byId<T extends Element>(id: string, kind: ElementKind<T>): T {
  return ofKind(document.getElementById(id), kind, `#${id}`);
}

/** The first element under `root` that the selector matches, of the given kind (see byId). */
export function find<T extends Element>(root: ParentNode, selector: string, kind: ElementKind<T>): T {
  return ofKind(root.querySelector(selector), kind, selector);
}

/** A form's control by name, of the given kind (see byId). */
export function control<T extends Element>(form: HTMLFormElement, name: string, kind: ElementKind<T>): T {
  return ofKind(form.elements.namedItem(name), kind, `[name="${name}"]`);
}

/** A text-like control (input, select, textarea) by name: what has a value to read and set. */
export function field(form: HTMLFormElement, name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const found = form.elements.namedItem(name);
  if (found instanceof HTMLInputElement || found instanceof HTMLSelectElement || found instanceof HTMLTextAreaElement)
    return found;
  throw new Error(`the page has no control ${name}`);
}

function ofKind<T extends Element>(found: unknown, kind: ElementKind<T>, what: string): T {
  if (found instanceof kind) return found;
  throw new Error(`the page has no ${kind.name} ${what}`);
}

/** The element an event happened on, when it is an element (a click's or a change's target). */
export function targetElement(event: Event): HTMLElement | undefined {
  return event.target instanceof HTMLElement ? event.target : undefined;
}
