import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, type TemplateProblem } from '../../../src/reply-templates/reply-template.js';

const ALLOWED = ['company_name', 'team_name', 'customer_name', 'next_open'];

describe('checkTemplate', () => {
  it.each([
    ['plain text', 'We are closed.'],
    ['a placeholder', 'Hi from {{ company_name }}'],
    ['a placeholder without spaces', 'Hi from {{company_name}}'],
    ['several placeholders', '{{ team_name }} at {{ company_name }} opens {{ next_open }}'],
    ['a filter', 'Hi {{ customer_name | capitalize }}'],
    ['a default filter', 'Hi {{ customer_name | default: "there" }}'],
    ['if / else', '{% if customer_name %}Hi {{ customer_name }}{% else %}Hello{% endif %}'],
    ['if / elsif', '{% if team_name %}A{% elsif company_name %}B{% endif %}'],
    ['unless', '{% unless next_open %}Soon{% endunless %}'],
    ['whitespace-trimming tags', '{%- if team_name -%} {{ team_name }} {%- endif -%}'],
    ['non-ASCII text', 'Dziękujemy! Спасибо! 👋 {{ company_name }}'],
    ['exactly 1600 characters', 'x'.repeat(1_600)],
    ['an empty string', ''],
  ])('accepts %s', (_name, body) => {
    expect(checkTemplate(body, ALLOWED)).toBeNull();
  });

  it.each<[string, string, string]>([
    ['an unknown placeholder', 'Hello {{ unknown_thing }}', 'unknown_thing'],
    ['an unknown one after a known one', '{{ company_name }} {{ amount }}', 'amount'],
    ['an unknown one in a condition', '{% if vip %}VIP{% endif %}', 'vip'],
    ['an unknown one as a filter argument', '{{ company_name | append: suffix }}', 'suffix'],
    ['a property of an unknown root', '{{ customer.name }}', 'customer'],
  ])('reports %s', (_name, body, placeholder) => {
    const problem = checkTemplate(body, ALLOWED);
    expect(problem).toMatchObject({ code: 'unknown_placeholder', placeholder });
    expect(problem!.message).toContain(`{{${placeholder}}}`);
    expect(problem!.message).toContain(ALLOWED.join(', '));
  });

  it('accepts a placeholder only when it is in the allowed list given', () => {
    expect(checkTemplate('{{ amount }}', [...ALLOWED, 'amount'])).toBeNull();
    expect(checkTemplate('{{ amount }}', ALLOWED)?.code).toBe('unknown_placeholder');
  });

  it.each<[string, string, unknown, RegExp]>([
    ['an unclosed output', 'Hi {{ company_name', 3, /not closed/],
    ['an output closed by one brace', 'Hi there {{ company_name }', 9, /not closed/],
    ['an empty output', 'Hi {{ }}', expect.any(Number), /invalid value expression/],
    ['an unknown filter', 'Hi {{ company_name | shout }}', 3, /undefined filter: shout/],
    ['an if without a condition', 'A{% if %}B{% endif %}', 6, /invalid value expression/],
    ['an endif without an if', 'Hi {% endif %}', 3, /endif/],
    ['an unclosed if', 'Hi {% if team_name %}there', 3, /not closed/],
  ])('reports a syntax error: %s, with its position', (_name, body, position, message) => {
    const problem = checkTemplate(body, ALLOWED) as Extract<TemplateProblem, { code: 'template_syntax' }>;
    expect(problem.code).toBe('template_syntax');
    expect(problem.position).toEqual(position);
    expect(problem.position).toBeGreaterThanOrEqual(0);
    expect(problem.position).toBeLessThan(body.length);
    expect(problem.message).toMatch(/^the text has a template error: /);
    expect(problem.message).toMatch(message);
    expect(problem.message).not.toContain('\n');
    expect(problem.message).not.toContain(', line:');
  });

  it.each([
    ['for', 'for', '{% for i in (1..3) %}x{% endfor %}'],
    ['assign', 'assign', '{% assign x = "y" %}{{ x }}'],
    ['capture', 'capture', '{% capture x %}y{% endcapture %}'],
    ['include', 'include', '{% include "footer" %}'],
    ['render', 'render', '{% render "footer" %}'],
    ['raw', 'raw', '{% raw %}{{ x }}{% endraw %}'],
    ['comment', 'comment', '{% comment %}note{% endcomment %}'],
    ['case', 'case', '{% case team_name %}{% when "A" %}a{% endcase %}'],
    ['cycle', 'cycle', '{% cycle "a", "b" %}'],
    ['for, in its whitespace-trimming form,', 'for', '{%- for i in (1..2) -%}x{%- endfor -%}'],
    ['for, inside an allowed if,', 'for', '{% if team_name %}{% for i in (1..2) %}x{% endfor %}{% endif %}'],
  ])('refuses the %s tag', (_name, tag, body) => {
    const problem = checkTemplate(body, ALLOWED);
    expect(problem).toMatchObject({ code: 'tag_not_allowed', tag });
    expect(problem!.message).toContain(`{% ${tag} %}`);
  });

  it.each([
    ['1601 characters', 'x'.repeat(1_601), 1_601],
    ['a long text with placeholders', '{{ company_name }} '.repeat(100), 1_900],
  ])('refuses a body over 1600 characters: %s', (_name, body, length) => {
    const problem = checkTemplate(body, ALLOWED);
    expect(problem).toEqual({ code: 'body_too_long', message: `the text is ${length} characters; keep it to 1600` });
  });

  it('checks the length before the syntax', () => {
    expect(checkTemplate('{{ '.repeat(600), ALLOWED)?.code).toBe('body_too_long');
  });
});

describe('renderTemplate', () => {
  it('fills placeholders and conditions', () => {
    const body = '{% if customer_name %}Hi {{ customer_name }}{% else %}Hello{% endif %}, {{ company_name }} here.';
    expect(renderTemplate(body, { customer_name: 'Ann', company_name: 'Acme' })).toBe('Hi Ann, Acme here.');
    expect(renderTemplate(body, { customer_name: '', company_name: 'Acme' })).toBe('Hello, Acme here.');
  });

  it('does not HTML-escape values', () => {
    expect(renderTemplate('{{ company_name }}', { company_name: 'Smith & Sons <Ltd>' })).toBe('Smith & Sons <Ltd>');
  });

  it('throws on a placeholder without a value rather than printing nothing', () => {
    expect(() => renderTemplate('Hi {{ customer_name }}', {})).toThrow();
  });
});
