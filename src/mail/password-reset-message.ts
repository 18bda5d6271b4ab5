/**
 * The password-reset message. It is rendered (and stored) when the reset is requested, with a slot
 * where the token goes: the token is put in only as the engine hands the message to the transport,
 * so neither the stored message nor its task ever holds it (see src/services/password-resets.ts).
 */
import { type Language, translate } from '../i18n/index.js';
import { type RenderedMessage, renderMessage } from './message-layout.js';

/** Stands for the token in a stored message; braces are outside base64url and untouched by HTML escaping. */
const TOKEN_SLOT = '{reset-token}';

/** The message for `<origin>/reset-password?token=…`, the token left as a slot. */
export function passwordResetMessage(language: Language, origin: string): RenderedMessage {
  return renderMessage({
    language,
    subject: translate(language, 'email.passwordReset.subject'),
    blocks: [
      { text: translate(language, 'email.passwordReset.intro') },
      { link: { label: translate(language, 'email.passwordReset.action'), url: `${origin}/reset-password?token=${TOKEN_SLOT}` } },
      { text: translate(language, 'email.passwordReset.ignore') },
    ],
  });
}

/** The stored message's text and HTML with the token in its slot (a base64url token needs no escaping). */
export function withResetToken<T extends { text: string; html: string }>(message: T, token: string): T {
  return { ...message, text: message.text.replaceAll(TOKEN_SLOT, token), html: message.html.replaceAll(TOKEN_SLOT, token) };
}
