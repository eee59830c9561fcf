/**
 * Tiny element helpers. Text always goes in through `textContent` (never HTML): class names,
 * split names, file names and problem messages come from a log file anyone could have written.
 */

type Child = Node | string | undefined | false;

export interface Attributes {
  class?: string;
  text?: string;
  [attribute: string]: string | undefined;
}

/** Creates an element with attributes (set with setAttribute) and children (strings become text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'class') element.className = value;
    // Inline styles and event handler attributes would fall foul of the panel's CSP.
    else if (name === 'style' || name.startsWith('on')) throw new Error(`el: attribute '${name}' is not allowed`);
    else element.setAttribute(name, value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Sets an element's text, touching the DOM only when it changed. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `<button type="button">` with a label and a click handler. */
/**
 * A button with a text label and, optionally, a codicon before it (VS Code's own icon font, shipped
 * in dist/codicons/). An icon-only button (empty label) needs an `aria-label`.
 */
export function button(label: string, onClick: (event: MouseEvent) => void, attributes: Attributes = {}, icon?: string): HTMLButtonElement {
  const element = el('button', { type: 'button', class: 'button', ...attributes });
  if (icon) element.append(el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  if (label) element.append(el('span', { class: 'button-label', text: label }));
  element.addEventListener('click', onClick);
  return element;
}

/** Shows or hides an element (the `hidden` attribute, styled in inspector.css). */
export function show(element: HTMLElement, visible: boolean): void {
  if (element.hidden === visible) element.hidden = !visible;
}
