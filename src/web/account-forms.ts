/**
 * The one script of the account pages the server renders (docs/decisions/0027): "forgot
 * password" (`#forgot`), setting a password from an invitation or reset link (`#set-password`)
 * and unsubscribing from a kind of mail (`#unsubscribe`). Each form goes to the unchanged JSON
 * API; the server's checks and messages (the password rules among them) are the only ones, this
 * script only says "required" and "the two passwords differ" before sending. No framework: a
 * phone on a slow network downloads a few kilobytes, not the signed-in app.
 */
import type { TokenUsedDto } from '#src/core/auth/dto.ts';
import type { ErrorDto } from '#src/core/errors.ts';

type ApiFailure = ErrorDto['error'];
type Answer<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

const byId = <E extends HTMLElement>(id: string) => document.getElementById(id) as E | null;

/** POST `body` as JSON; the server's messages in the page's language, whatever the browser's. */
async function post<T>(url: string, body?: unknown): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const data = (await response.json().catch(() => null)) as ({ error?: ApiFailure } & T) | null;
  if (response.ok) return { ok: true, data: data as T };
  return { ok: false, error: data?.error ?? { code: 'HTTP_ERROR', message: response.statusText } };
}

/** A form's messages: one box for the form, one line under each field (tied by aria-describedby). */
function messages(form: HTMLFormElement, inputs: HTMLInputElement[]) {
  const box = byId<HTMLDivElement>('form-error')!;
  const clear = () => {
    box.hidden = true;
    box.textContent = '';
    for (const input of inputs) {
      input.removeAttribute('aria-invalid');
      const line = byId(`${input.id}-error`);
      if (line) {
        line.hidden = true;
        line.textContent = '';
      }
    }
  };
  /** Under the field the server (or the check) names, else in the form's box. */
  const show = (message: string, fieldName?: string) => {
    const input = inputs.find((i) => i.name === fieldName);
    const line = input && byId(`${input.id}-error`);
    if (input && line) {
      line.textContent = message;
      line.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } else {
      box.textContent = message;
      box.hidden = false;
    }
  };
  /** The first empty field says so; true when all are filled. */
  const filled = () => {
    const missing = inputs.find((i) => i.value.trim() === '');
    if (missing) show(missing.dataset.required ?? '', missing.name);
    return !missing;
  };
  const network = () => show(form.dataset.network ?? 'Network error');
  return { clear, show, filled, network };
}

/** Hide the form, show what happened, and move the reader there. */
function done(hide: string, show: string) {
  byId(hide)!.hidden = true;
  const shown = byId(show)!;
  shown.hidden = false;
  shown.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
}

/** Run `send` on submit, the button disabled meanwhile; a failure to reach the server says so. */
function onSubmit(form: HTMLFormElement, m: ReturnType<typeof messages>, send: () => Promise<boolean | void>) {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    m.clear();
    button.disabled = true;
    send()
      .catch(() => m.network())
      .then((keepDisabled) => {
        if (!keepDisabled) button.disabled = false;
      });
  });
}

const forgot = byId<HTMLFormElement>('forgot');
if (forgot) {
  const login = byId<HTMLInputElement>('login')!;
  const m = messages(forgot, [login]);
  onSubmit(forgot, m, async () => {
    if (!m.filled()) return;
    const value = login.value.trim();
    const answer = await post('/api/auth/password-reset', { login: value });
    if (!answer.ok) return m.show(answer.error.message, answer.error.field);
    byId('sent-login')!.textContent = value;
    done('forgot-ask', 'forgot-sent');
  });
}

const setPassword = byId<HTMLFormElement>('set-password');
if (setPassword) {
  const password = byId<HTMLInputElement>('password')!;
  const confirm = byId<HTMLInputElement>('confirm')!;
  const m = messages(setPassword, [password, confirm]);
  onSubmit(setPassword, m, async () => {
    if (!m.filled()) return;
    if (password.value !== confirm.value) return m.show(setPassword.dataset.differ ?? '', 'confirm');
    const answer = await post<TokenUsedDto>(setPassword.action, { password: password.value });
    if (!answer.ok) return m.show(answer.error.message, answer.error.field);
    const { username } = answer.data;
    // Signed in with the new password; an account with two-factor sign-in (or any refusal) goes to the sign-in page.
    const signedIn = await post('/api/auth/login', { username, password: password.value }).catch(() => ({ ok: false }));
    window.location.assign(signedIn.ok ? '/app' : `/login?${new URLSearchParams({ notice: 'password-set', username }).toString()}`);
    return true;
  });
}

const unsubscribe = byId<HTMLFormElement>('unsubscribe');
if (unsubscribe) {
  const m = messages(unsubscribe, []);
  onSubmit(unsubscribe, m, async () => {
    const answer = await post(unsubscribe.action);
    if (!answer.ok) return m.show(answer.error.message);
    done('unsubscribe-ask', 'unsubscribe-done');
    return true;
  });
}
