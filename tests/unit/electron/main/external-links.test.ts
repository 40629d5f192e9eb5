import { describe, expect, it } from 'vitest';
import { ClickedLinks, webLink } from '../../../../electron/main/external-links';

describe('web links the shell opens', () => {
  it('takes http(s) links only, without credentials', () => {
    expect(webLink('https://example.org/docs?a=1')).toBe('https://example.org/docs?a=1');
    expect(webLink('http://example.org')).toBe('http://example.org/');
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'vscode://x', 'https://user:pw@example.org/', 'not a url']) expect(webLink(url)).toBeNull();
  });

  it('opens a link only after the user clicked it, and once per click', () => {
    const links = new ClickedLinks();
    expect(links.take('https://example.org/')).toBe(false);
    links.noteClick('https://example.org');
    links.noteClick('file:///etc/passwd');
    expect(links.take('file:///etc/passwd')).toBe(false);
    expect(links.take('https://example.org/')).toBe(true);
    expect(links.take('https://example.org/')).toBe(false);
  });

  it('forgets old clicks that opened nothing', () => {
    const links = new ClickedLinks();
    for (let index = 0; index < 20; index++) links.noteClick(`https://example.org/${index}`);
    expect(links.take('https://example.org/0')).toBe(false);
    expect(links.take('https://example.org/19')).toBe(true);
  });
});
