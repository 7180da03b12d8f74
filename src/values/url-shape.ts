import type { Refusal } from './refusal.js';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The URL `text` spells, or null where it spells none. */
export function tryParseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Parses a URL as typed; a bare host is taken to mean https. */
export function parseUrl(text: string): URL | Refusal {
  if (text === '') {
    const hint = 'Give a URL that starts with https://.';
    return { reason: 'is empty', hint };
  }
  if (/\s/.test(text)) {
    return {
      reason: 'contains white space',
      hint: 'Copy the URL again without spaces.',
    };
  }

  const url = tryParseUrl(URL_SCHEME.test(text) ? text : `https://${text}`);
  if (url) return url;
  return {
    reason: 'is not a valid URL',
    hint: 'Give a URL such as https://eu-api.mimecast.com.',
  };
}

/** Refuses what no URL here may carry: other schemes, logins, queries. */
export function checkUrlShape(url: URL, text: string): Refusal | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      reason: `uses ${url.protocol.slice(0, -1)}, not https`,
      hint: 'Give a URL that starts with https://.',
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      reason: 'contains a user name or password',
      hint: 'Remove the part before @: credentials never go in the URL.',
      echo: false,
    };
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return {
      reason: 'has a query string or fragment',
      hint: 'Remove everything from the ? or # on.',
    };
  }
  return undefined;
}
