/** What a caller hears when the team has not written its own prompt, per team locale. */
export interface DefaultPrompts {
  readonly greeting: string;
  readonly afterHoursGreeting: string;
  readonly menuIntro: string;
  /** One line per option; {{ label }} and {{ digit }} are filled in. */
  readonly menuOption: string;
  readonly notAnOption: string;
  readonly voicemail: string;
  readonly thanks: string;
}

const PROMPTS: Readonly<Record<string, DefaultPrompts>> = {
  en: {
    greeting: 'Thank you for calling {{ company_name }}.',
    afterHoursGreeting: 'Thank you for calling {{ company_name }}. We are closed right now and open again {{ next_open }}.',
    menuIntro: '',
    menuOption: 'For {{ label }}, press {{ digit }}.',
    notAnOption: 'Sorry, that is not one of the options.',
    voicemail: 'Please leave a message after the tone, and press the pound key when you are done.',
    thanks: 'Thank you. We will get back to you soon. Goodbye.',
  },
  pl: {
    greeting: 'Dziękujemy za telefon do {{ company_name }}.',
    afterHoursGreeting: 'Dziękujemy za telefon do {{ company_name }}. Teraz jesteśmy nieczynni, zapraszamy {{ next_open }}.',
    menuIntro: '',
    menuOption: 'W sprawie: {{ label }}, naciśnij {{ digit }}.',
    notAnOption: 'Przepraszamy, nie ma takiej opcji.',
    voicemail: 'Prosimy zostawić wiadomość po sygnale i nacisnąć krzyżyk na koniec.',
    thanks: 'Dziękujemy. Wkrótce się odezwiemy. Do widzenia.',
  },
  ru: {
    greeting: 'Спасибо за звонок в {{ company_name }}.',
    afterHoursGreeting: 'Спасибо за звонок в {{ company_name }}. Сейчас мы не работаем, ждём вас {{ next_open }}.',
    menuIntro: '',
    menuOption: 'По вопросу «{{ label }}» нажмите {{ digit }}.',
    notAnOption: 'Извините, такого варианта нет.',
    voicemail: 'Оставьте, пожалуйста, сообщение после сигнала и нажмите решётку в конце.',
    thanks: 'Спасибо. Мы скоро свяжемся с вами. До свидания.',
  },
};

export function defaultPrompts(locale: string): DefaultPrompts {
  return PROMPTS[locale] ?? PROMPTS.en!;
}

/** The language Twilio's <Say> speaks for a team locale. */
export function sayLanguage(locale: string): string {
  return ({ en: 'en-US', pl: 'pl-PL', ru: 'ru-RU' } as Record<string, string>)[locale] ?? 'en-US';
}
