// Building DOM from data: every piece of text goes in as a text node (textContent), never as
// HTML, because event titles, summaries, quotes and sources come from imports and editors.

/** An element with attributes (set as properties or attributes, never as HTML) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties an element and fills it again. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** An http(s) address as a link; anything else (javascript:, data:) only as text. */
export function safeLink(url, text) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return document.createTextNode(text);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return document.createTextNode(text);
  return el('a', { href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, text);
}
