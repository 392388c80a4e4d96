/** What a caller hears when the team has not written its own prompt, per team locale. */
export interface DefaultPrompts {
  readonly greeting: string;
  readonly afterHoursGreeting: string;
  readonly menuIntro: string;
  /** One line per option; {{ label }} and {{ digit }} are filled in. */
  readonly menuOption: string;
  readonly notAnOption: string;
  readonly voicemail: string;
  /** Appended to the voicemail prompt when the flow has a finish key; {{ key }} is its spoken name. */
  readonly finishHint: string;
  readonly keyNames: Readonly<Record<string, string>>;
  readonly thanks: string;
}

const PROMPTS: Readonly<Record<string, DefaultPrompts>> = {
  en: {
    greeting: 'Thank you for calling {{ company_name }}.',
    afterHoursGreeting:
      'Thank you for calling {{ company_name }}. We are closed right now and open again {{ next_open }}.',
    menuIntro: '',
    menuOption: 'For {{ label }}, press {{ digit }}.',
    notAnOption: 'Sorry, that is not one of the options.',
    voicemail: 'Please leave a message after the tone.',
    finishHint: 'Press {{ key }} when you are done.',
    keyNames: { '#': 'the pound key', '*': 'the star key' },
    thanks: 'Thank you. We will get back to you soon. Goodbye.',
  },
  pl: {
    greeting: 'Dziękujemy za telefon do {{ company_name }}.',
    afterHoursGreeting:
      'Dziękujemy za telefon do {{ company_name }}. Teraz jesteśmy nieczynni, zapraszamy {{ next_open }}.',
    menuIntro: '',
    menuOption: 'W sprawie: {{ label }}, naciśnij {{ digit }}.',
    notAnOption: 'Przepraszamy, nie ma takiej opcji.',
    voicemail: 'Prosimy zostawić wiadomość po sygnale.',
    finishHint: 'Na koniec naciśnij {{ key }}.',
    keyNames: { '#': 'krzyżyk', '*': 'gwiazdkę' },
    thanks: 'Dziękujemy. Wkrótce się odezwiemy. Do widzenia.',
  },
  ru: {
    greeting: 'Спасибо за звонок в {{ company_name }}.',
    afterHoursGreeting: 'Спасибо за звонок в {{ company_name }}. Сейчас мы не работаем, ждём вас {{ next_open }}.',
    menuIntro: '',
    menuOption: 'По вопросу «{{ label }}» нажмите {{ digit }}.',
    notAnOption: 'Извините, такого варианта нет.',
    voicemail: 'Оставьте, пожалуйста, сообщение после сигнала.',
    finishHint: 'В конце нажмите {{ key }}.',
    keyNames: { '#': 'решётку', '*': 'звёздочку' },
    thanks: 'Спасибо. Мы скоро свяжемся с вами. До свидания.',
  },
};

export function defaultPrompts(locale: string): DefaultPrompts {
  return PROMPTS[locale] ?? PROMPTS.en!;
}

/** The default voicemail prompt, telling the caller the finish key the flow really uses (if any). */
export function defaultVoicemailPrompt(prompts: DefaultPrompts, finishOnKey: string): string {
  if (!finishOnKey) return prompts.voicemail;
  const key = prompts.keyNames[finishOnKey] ?? finishOnKey;
  return `${prompts.voicemail} ${prompts.finishHint.replace('{{ key }}', key)}`;
}

/** The language Twilio's <Say> speaks for a team locale. */
export function sayLanguage(locale: string): string {
  return ({ en: 'en-US', pl: 'pl-PL', ru: 'ru-RU' } as Record<string, string>)[locale] ?? 'en-US';
}
