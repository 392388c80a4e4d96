/** A TwiML verb, as far as the simulated caller (and Twilio) acts on it. */
export type TwimlVerb =
  | { readonly verb: 'Say' | 'Play'; readonly text: string }
  | { readonly verb: 'Gather'; readonly action: string | null }
  | { readonly verb: 'Dial'; readonly action: string | null }
  | { readonly verb: 'Record'; readonly action: string | null; readonly recordingStatusCallback: string | null }
  | { readonly verb: 'Redirect'; readonly url: string }
  | { readonly verb: 'Hangup' | 'Reject' | 'Pause' | 'Other'; readonly name: string };

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!);

// Top-level verbs of <Response>: a self-closing tag, or an element with its content (no nesting of the same name).
const VERB = /<([A-Z][A-Za-z]*)((?:\s+[A-Za-z:]+="[^"]*")*)\s*(?:\/>|>([\s\S]*?)<\/\1>)/g;

/** The verbs of a TwiML document's <Response>, in order. */
export function twimlVerbs(twiml: string): TwimlVerb[] {
  const inner = /<Response\s*>([\s\S]*)<\/Response>/.exec(twiml)?.[1] ?? '';
  return [...inner.matchAll(VERB)].map(([, name, attrs = '', content = '']) =>
    verbOf(name!, attributes(attrs), content),
  );
}

function verbOf(name: string, attrs: Readonly<Record<string, string>>, content: string): TwimlVerb {
  switch (name) {
    case 'Say':
    case 'Play':
      return { verb: name, text: unescapeXml(content) };
    case 'Gather':
    case 'Dial':
      return { verb: name, action: attrs.action ?? null };
    case 'Record':
      return {
        verb: 'Record',
        action: attrs.action ?? null,
        recordingStatusCallback: attrs.recordingStatusCallback ?? null,
      };
    case 'Redirect':
      return { verb: 'Redirect', url: unescapeXml(content.trim()) };
    case 'Hangup':
    case 'Reject':
    case 'Pause':
      return { verb: name, name };
    default:
      return { verb: 'Other', name };
  }
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, key, value] of text.matchAll(/([A-Za-z:]+)="([^"]*)"/g)) out[key!] = unescapeXml(value!);
  return out;
}
