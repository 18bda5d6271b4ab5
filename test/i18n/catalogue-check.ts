/**
 * Checks a language's catalogue against the English one: the same keys, every message valid ICU
 * MessageFormat, the same arguments (none the English lacks; every value the English shows kept;
 * a plural or select may be dropped where the language needs no choice) and only plural forms
 * the locale has. Returns what is wrong, one sentence each.
 */
import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';

export interface CatalogueUnderTest {
  locale: string;
  messages: Readonly<Record<string, string>>;
}

type Use = 'value' | 'number' | 'date' | 'time' | 'plural' | 'select';

interface Usage {
  uses: Map<string, Set<Use>>;
  pluralForms: string[];
  hasOther: boolean;
}

function collect(elements: readonly MessageFormatElement[], usage: Usage): Usage {
  const use = (name: string, kind: Use) => {
    const kinds = usage.uses.get(name) ?? new Set<Use>();
    kinds.add(kind);
    usage.uses.set(name, kinds);
  };
  for (const element of elements) {
    if (element.type === TYPE.argument) use(element.value, 'value');
    else if (element.type === TYPE.number) use(element.value, 'number');
    else if (element.type === TYPE.date) use(element.value, 'date');
    else if (element.type === TYPE.time) use(element.value, 'time');
    else if (element.type === TYPE.plural || element.type === TYPE.select) {
      use(element.value, element.type === TYPE.plural ? 'plural' : 'select');
      if (!Object.hasOwn(element.options, 'other')) usage.hasOther = false;
      for (const [form, option] of Object.entries(element.options)) {
        if (element.type === TYPE.plural && !form.startsWith('=')) usage.pluralForms.push(form);
        collect(option.value, usage);
      }
    } else if (element.type === TYPE.tag) collect(element.children, usage);
  }
  return usage;
}

function usageOf(message: string): Usage | string {
  try {
    return collect(parse(message, { ignoreTag: true, requiresOtherClause: true }), { uses: new Map(), pluralForms: [], hasOther: true });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const isChoice = (use: Use) => use === 'plural' || use === 'select';

function argumentProblems(reference: Usage, usage: Usage): string[] {
  const problems: string[] = [];
  for (const [name, uses] of usage.uses) {
    const referenceUses = reference.uses.get(name);
    if (!referenceUses) {
      problems.push(`uses {${name}}, which the English message does not have`);
      continue;
    }
    for (const use of uses) if (!referenceUses.has(use)) problems.push(`uses {${name}} as ${use}, the English as ${[...referenceUses].join(' and ')}`);
  }
  for (const [name, referenceUses] of reference.uses) {
    const shown = [...referenceUses].filter((use) => !isChoice(use));
    const uses = usage.uses.get(name);
    if (shown.length > 0 && !shown.some((use) => uses?.has(use))) problems.push(`drops {${name}}`);
  }
  return problems;
}

export function catalogueProblems(reference: CatalogueUnderTest, catalogue: CatalogueUnderTest): string[] {
  const problems: string[] = [];
  if (Intl.PluralRules.supportedLocalesOf(catalogue.locale).length === 0) problems.push(`locale ${catalogue.locale} is not supported by Intl`);
  const pluralForms = new Set<string>(new Intl.PluralRules(catalogue.locale).resolvedOptions().pluralCategories);
  for (const key of Object.keys(catalogue.messages)) {
    if (!Object.hasOwn(reference.messages, key)) problems.push(`${key}: not an English key`);
  }
  for (const [key, referenceMessage] of Object.entries(reference.messages)) {
    const message = catalogue.messages[key];
    if (message === undefined) {
      problems.push(`${key}: missing`);
      continue;
    }
    const usage = usageOf(message);
    if (typeof usage === 'string') {
      problems.push(`${key}: not valid ICU MessageFormat (${usage})`);
      continue;
    }
    if (!usage.hasOther) problems.push(`${key}: a plural or select without an "other" form`);
    for (const form of usage.pluralForms) {
      if (!pluralForms.has(form)) problems.push(`${key}: plural form "${form}" does not exist in ${catalogue.locale}`);
    }
    const referenceUsage = usageOf(referenceMessage);
    if (typeof referenceUsage === 'string') continue; // reported when the English catalogue is checked
    problems.push(...argumentProblems(referenceUsage, usage).map((problem) => `${key}: ${problem}`));
  }
  return problems;
}
