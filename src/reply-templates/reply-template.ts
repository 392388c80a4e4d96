import { Liquid, type Template } from 'liquidjs';

// Plain text with placeholders and simple conditions: nothing that loops, includes or assigns.
const ALLOWED_TAGS = new Set(['if', 'elsif', 'else', 'endif', 'unless', 'endunless']);
// Twilio refuses a message body over 1600 characters.
export const MAX_BODY_CHARACTERS = 1_600;

const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  lenientIf: true,
  // A missing value is rendered as "": `{% if contact_page_url %}` must treat it as false (Liquid's own rule: only nil/false are).
  jsTruthy: true,
  cache: 256,
});

export type TemplateProblem =
  | { readonly code: 'template_syntax'; readonly message: string; readonly position: number | null }
  | { readonly code: 'unknown_placeholder'; readonly placeholder: string; readonly message: string }
  | { readonly code: 'tag_not_allowed'; readonly tag: string; readonly message: string }
  | { readonly code: 'body_too_long'; readonly message: string };

/** Checks a body a manager saves: it parses, uses only known placeholders and allowed tags. */
export function checkTemplate(body: string, allowed: readonly string[]): TemplateProblem | null {
  if (body.length > MAX_BODY_CHARACTERS) {
    return {
      code: 'body_too_long',
      message: `the text is ${body.length} characters; keep it to ${MAX_BODY_CHARACTERS}`,
    };
  }
  let templates: Template[];
  try {
    templates = engine.parse(body);
  } catch (err) {
    return syntaxProblem(body, err);
  }
  const tag = disallowedTag(body);
  if (tag)
    return {
      code: 'tag_not_allowed',
      tag,
      message: `the tag {% ${tag} %} is not allowed; use placeholders and if/unless only`,
    };
  const known = new Set(allowed);
  for (const name of engine.globalVariablesSync(templates)) {
    if (!known.has(name)) {
      return {
        code: 'unknown_placeholder',
        placeholder: name,
        message: `unknown placeholder {{${name}}}; use one of: ${allowed.join(', ')}`,
      };
    }
  }
  return null;
}

/** Renders a checked body. Every allowed placeholder must be present in `values`. */
export function renderTemplate(body: string, values: Readonly<Record<string, string>>): string {
  return engine.parseAndRenderSync(body, values) as string;
}

function disallowedTag(body: string): string | null {
  for (const match of body.matchAll(/\{%-?\s*(\w+)/g)) {
    const tag = match[1]!;
    if (!ALLOWED_TAGS.has(tag)) return tag;
  }
  return null;
}

function syntaxProblem(body: string, err: unknown): TemplateProblem {
  const message =
    err instanceof Error ? err.message.split(', line:')[0]!.split('\n')[0]! : 'the text could not be read';
  const token = (err as { token?: { begin?: number } }).token;
  const position =
    typeof token?.begin === 'number' ? token.begin : body.indexOf('{{') >= 0 ? body.lastIndexOf('{{') : null;
  return { code: 'template_syntax', message: `the text has a template error: ${message}`, position };
}
