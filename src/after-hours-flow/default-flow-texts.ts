import type { AfterHoursFlow, FlowLocale, FlowTextKey } from './after-hours-flow.js';

/**
 * The conversation's texts in en / pl / ru. Each English one stays within two GSM-7 segments with
 * its placeholders filled (tested); `{{ … }}` names the flow fills in (flowPlaceholders).
 */
const TEXTS: Readonly<Record<FlowLocale, Readonly<Record<FlowTextKey, string>>>> = {
  en: {
    away: "Thanks for writing to {{ company_name }}. We're away now and back {{ next_open }}. Our hours: {{ business_hours }}.",
    menu: 'How can we help?',
    optionMessage: 'Leave a message',
    optionCallback: 'Request a callback',
    optionUrgent: 'Urgent issue',
    optionFaq: 'Search our FAQ',
    askName: 'What is your name?',
    askEmail: 'What is your email address?',
    askPhone: 'What number should we call? Reply 1 to use this number: {{ sender_number }}',
    askBestTime: 'When should we call you? Reply with a number:\n{{ slots }}',
    askTimeZone: 'Which time zone are you in? For example: Europe/Warsaw',
    askRegarding: 'What is the call about?',
    askMessage: 'Please write your message.',
    askDescription: 'Please describe the issue.',
    invalidChoice: 'Please reply with one of the numbers shown.',
    invalidEmail: "That doesn't look like an email address (name@example.com). Please try again.",
    invalidPhone: "That doesn't look like a phone number. Please send it with the country code, e.g. +48 600 700 800.",
    required: 'We need an answer to go on. Please try again.',
    fieldMissing: "No problem, let's go on without it.",
    messageThanks:
      'Thank you, {{ name }}. Your message has reached us, and we will reply {{ next_open }}. Your ticket: {{ ticket_id }}.',
    callbackConfirmed: 'Thank you, {{ name }}. We will call {{ phone }} {{ slot }}. Your ticket: {{ ticket_id }}.',
    urgentIntro: "We're sorry you have an urgent problem. A few questions, and we will alert the person on call.",
    urgentReceived:
      'Thank you. We have alerted the person on call and will let you know as soon as someone is on it. Ticket {{ ticket_id }}.',
    urgentAcknowledged:
      '{{ agent_name }} is on your urgent issue (ticket {{ ticket_id }}) and will contact you shortly.',
    faqAsk: 'What is your question? A few words are enough.',
    faqAnswers: 'This may help:\n{{ answers }}',
    faqNoMatch: "We couldn't find an answer to that.",
    faqFound: 'Did you find what you need? Reply 1 for yes, 2 for no.',
    faqBye: 'Glad we could help. Write any time.',
    expired: "We haven't heard from you, so we closed this conversation. Write again any time.",
    help: 'Reply with a number to choose, 0 or MENU to go back, STOP to stop messages. We are back {{ next_open }}.',
  },
  pl: {
    away: 'Dziękujemy za wiadomość do {{ company_name }}. Teraz nas nie ma, wracamy {{ next_open }}. Godziny pracy: {{ business_hours }}.',
    menu: 'Jak możemy pomóc?',
    optionMessage: 'Zostaw wiadomość',
    optionCallback: 'Poproś o oddzwonienie',
    optionUrgent: 'Pilna sprawa',
    optionFaq: 'Szukaj w FAQ',
    askName: 'Jak się nazywasz?',
    askEmail: 'Jaki jest Twój adres e-mail?',
    askPhone: 'Pod jaki numer mamy zadzwonić? Odpowiedz 1, aby użyć tego numeru: {{ sender_number }}',
    askBestTime: 'Kiedy mamy zadzwonić? Odpowiedz numerem:\n{{ slots }}',
    askTimeZone: 'W jakiej strefie czasowej jesteś? Na przykład: Europe/Warsaw',
    askRegarding: 'W jakiej sprawie mamy zadzwonić?',
    askMessage: 'Napisz swoją wiadomość.',
    askDescription: 'Opisz problem.',
    invalidChoice: 'Odpowiedz jednym z podanych numerów.',
    invalidEmail: 'To nie wygląda na adres e-mail (imie@example.com). Spróbuj ponownie.',
    invalidPhone: 'To nie wygląda na numer telefonu. Podaj go z kodem kraju, np. +48 600 700 800.',
    required: 'Potrzebujemy odpowiedzi, aby kontynuować. Spróbuj ponownie.',
    fieldMissing: 'Nie szkodzi, idziemy dalej bez tego.',
    messageThanks:
      'Dziękujemy, {{ name }}. Twoja wiadomość do nas dotarła, odpowiemy {{ next_open }}. Zgłoszenie: {{ ticket_id }}.',
    callbackConfirmed: 'Dziękujemy, {{ name }}. Zadzwonimy pod {{ phone }} {{ slot }}. Zgłoszenie: {{ ticket_id }}.',
    urgentIntro: 'Przykro nam, że masz pilny problem. Kilka pytań i powiadomimy dyżurnego.',
    urgentReceived:
      'Dziękujemy. Powiadomiliśmy dyżurnego i damy znać, gdy ktoś się tym zajmie. Zgłoszenie {{ ticket_id }}.',
    urgentAcknowledged:
      '{{ agent_name }} zajmuje się Twoją pilną sprawą (zgłoszenie {{ ticket_id }}) i wkrótce się odezwie.',
    faqAsk: 'Jakie masz pytanie? Wystarczy kilka słów.',
    faqAnswers: 'To może pomóc:\n{{ answers }}',
    faqNoMatch: 'Nie znaleźliśmy odpowiedzi na to pytanie.',
    faqFound: 'Czy znalazłeś to, czego szukasz? Odpowiedz 1 – tak, 2 – nie.',
    faqBye: 'Cieszymy się, że mogliśmy pomóc. Pisz w każdej chwili.',
    expired: 'Nie otrzymaliśmy odpowiedzi, więc zamknęliśmy rozmowę. Napisz ponownie w każdej chwili.',
    help: 'Odpowiedz numerem, aby wybrać, 0 lub MENU, aby wrócić, STOP, aby nie otrzymywać wiadomości. Wracamy {{ next_open }}.',
  },
  ru: {
    away: 'Спасибо, что написали в {{ company_name }}. Сейчас мы не на связи и вернёмся {{ next_open }}. Часы работы: {{ business_hours }}.',
    menu: 'Чем мы можем помочь?',
    optionMessage: 'Оставить сообщение',
    optionCallback: 'Заказать обратный звонок',
    optionUrgent: 'Срочный вопрос',
    optionFaq: 'Поиск по FAQ',
    askName: 'Как вас зовут?',
    askEmail: 'Ваш адрес электронной почты?',
    askPhone: 'По какому номеру позвонить? Ответьте 1, чтобы использовать этот номер: {{ sender_number }}',
    askBestTime: 'Когда вам позвонить? Ответьте номером:\n{{ slots }}',
    askTimeZone: 'В каком вы часовом поясе? Например: Europe/Moscow',
    askRegarding: 'По какому вопросу позвонить?',
    askMessage: 'Напишите ваше сообщение.',
    askDescription: 'Опишите проблему.',
    invalidChoice: 'Ответьте одним из указанных номеров.',
    invalidEmail: 'Это не похоже на адрес электронной почты (name@example.com). Попробуйте ещё раз.',
    invalidPhone: 'Это не похоже на номер телефона. Укажите его с кодом страны, например +7 900 123-45-67.',
    required: 'Нам нужен ответ, чтобы продолжить. Попробуйте ещё раз.',
    fieldMissing: 'Ничего страшного, продолжим без этого.',
    messageThanks:
      'Спасибо, {{ name }}. Ваше сообщение получено, мы ответим {{ next_open }}. Обращение: {{ ticket_id }}.',
    callbackConfirmed: 'Спасибо, {{ name }}. Мы позвоним на {{ phone }} {{ slot }}. Обращение: {{ ticket_id }}.',
    urgentIntro: 'Нам жаль, что у вас срочная проблема. Несколько вопросов, и мы оповестим дежурного.',
    urgentReceived:
      'Спасибо. Мы оповестили дежурного и сообщим, как только кто-то возьмётся. Обращение {{ ticket_id }}.',
    urgentAcknowledged:
      '{{ agent_name }} занимается вашим срочным вопросом (обращение {{ ticket_id }}) и скоро свяжется с вами.',
    faqAsk: 'Какой у вас вопрос? Достаточно нескольких слов.',
    faqAnswers: 'Возможно, это поможет:\n{{ answers }}',
    faqNoMatch: 'Мы не нашли ответа на этот вопрос.',
    faqFound: 'Вы нашли то, что искали? Ответьте 1 — да, 2 — нет.',
    faqBye: 'Рады, что смогли помочь. Пишите в любое время.',
    expired: 'Мы не получили ответа и закрыли разговор. Пишите в любое время.',
    help: 'Ответьте номером, чтобы выбрать, 0 или МЕНЮ — назад, STOP — отписаться. Мы вернёмся {{ next_open }}.',
  },
};

export function defaultFlowText(key: FlowTextKey, locale: FlowLocale): string {
  return TEXTS[locale][key];
}

/** The team's wording for `key`, else the default in the team's locale. */
export function flowText(flow: AfterHoursFlow, key: FlowTextKey, locale: FlowLocale): string {
  const own = flow.texts[key];
  return own !== undefined && own.trim() !== '' ? own : defaultFlowText(key, locale);
}
