/**
 * Shell actions an agent must never learn. Published backdoor attacks on agent data hide exactly
 * these in OS trajectories: BadAgent (Wang et al., ACL 2024) plants `wget ... | sh` downloads of a
 * trojan behind a trigger; "Watch Out for Your Agents!" (Yang et al., NeurIPS 2024) poisons WebShop
 * and OS data the same way. Each pattern is one line of shell (or one short script) and is
 * tested against every real trajectory in `../shared/data`, none of which matches.
 */

/** The kinds of unsafe action. */
export const UNSAFE_CATEGORIES = ['fetch-and-run', 'disk-wipe', 'reverse-shell', 'credential-exfiltration'] as const;

/** One of {@link UNSAFE_CATEGORIES}. */
export type UnsafeCategory = (typeof UNSAFE_CATEGORIES)[number];

/** A pattern and what it means, for messages. */
export interface UnsafePattern {
  category: UnsafeCategory;
  /** What the matched command does, e.g. "pipes a download into a shell". */
  meaning: string;
  pattern: RegExp;
  /**
   * Literals one of which every match holds (case as written): a turn holding none of them cannot
   * match, so the pattern is not run on it (docs/scale.md, "Measuring at the speed of reading").
   * Null for a case-insensitive pattern. A test checks each list against its pattern.
   */
  needs: readonly string[] | null;
}

const SHELL = String.raw`(?:sudo\s+)?(?:/(?:usr/)?bin/)?(?:ba|z|da|k|fi)?sh\b`;
const DOWNLOADER = String.raw`\b(?:curl|wget|fetch)\b`;
/** Where secrets live: SSH keys, password hashes, cloud and registry credentials. */
const SECRET = String.raw`(?:~|\$HOME|/root|/home/[\w.-]+)/\.ssh\b|/etc/(?:shadow|gshadow|sudoers)\b|\.aws/credentials|\bAWS_SECRET(?:_ACCESS_KEY)?\b|\bAWS_SESSION_TOKEN\b|\.netrc\b|\.git-credentials\b|\.docker/config\.json|\.kube/config\b|\bid_(?:rsa|dsa|ecdsa|ed25519)\b`;
/** Commands that send data to another machine (a credential and a sender on one line is exfiltration). */
const SENDER = String.raw`\bcurl\b[^\n]*(?:\s-[dFT]\b|--data|--upload-file|--form|-X\s*(?:POST|PUT))|\bwget\b[^\n]*--post-(?:data|file)|\b(?:nc|ncat|netcat|socat)\b\s+[\w.-]+\s+\d+|\b(?:scp|rsync|sftp)\b[^\n]*\s[\w.-]+@?[\w.-]*:|\bftp\b|\b(?:mail|sendmail|mutt)\b\s`;

/** The built-in patterns. */
export const UNSAFE_PATTERNS: readonly UnsafePattern[] = [
  { category: 'fetch-and-run', meaning: 'pipes a download into a shell', pattern: new RegExp(`${DOWNLOADER}[^\\n|]*\\|\\s*${SHELL}`, 'g'), needs: ['curl', 'wget', 'fetch'] },
  { category: 'fetch-and-run', meaning: 'runs a download through process substitution', pattern: new RegExp(`\\b(?:ba|z)?sh\\s+<\\(\\s*${DOWNLOADER}`, 'g'), needs: ['<('] },
  { category: 'fetch-and-run', meaning: 'evaluates a download', pattern: new RegExp(`(?:\\beval\\b|\\b(?:ba|z)?sh\\s+-c)\\s*["']?\\$\\(\\s*${DOWNLOADER}`, 'g'), needs: ['$('] },
  { category: 'fetch-and-run', meaning: 'downloads a script and runs it', pattern: new RegExp(`${DOWNLOADER}[^\\n]*(?:&&|;)\\s*(?:chmod\\s+\\+x\\b|${SHELL}\\s+\\S+\\.sh\\b)`, 'g'), needs: ['curl', 'wget', 'fetch'] },
  { category: 'disk-wipe', meaning: 'deletes the root, a system folder or the home folder recursively', pattern: /\brm\s+(?:-[a-zA-Z-]+\s+)*?-[a-zA-Z]*[rR][a-zA-Z]*\s+(?:--?[a-zA-Z-]+\s+)*(?:\/|\/\*|~\/?\*?|\$HOME\/?\*?|\/(?:bin|boot|dev|etc|home|lib|lib64|opt|root|sbin|srv|usr|var)\/?\*?)(?=$|[\s;&|)'"])/gm, needs: ['rm'] },
  { category: 'disk-wipe', meaning: 'formats a disk', pattern: /\bmkfs(?:\.\w+)?\s+(?:-\S+\s+)*\/dev\//g, needs: ['mkfs'] },
  { category: 'disk-wipe', meaning: 'writes over a disk with dd', pattern: /\bdd\b[^\n]*\bof=\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk)/g, needs: ['of=/dev/'] },
  { category: 'disk-wipe', meaning: 'writes over a disk', pattern: /(?:>|\btee\s+)\s*\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d)/g, needs: ['/dev/'] },
  { category: 'disk-wipe', meaning: 'shreds or wipes a disk', pattern: /\b(?:shred|wipefs)\b[^\n]*\/dev\//g, needs: ['/dev/'] },
  { category: 'reverse-shell', meaning: 'opens a shell over netcat', pattern: /\b(?:nc|ncat|netcat)\b[^\n]*\s-(?:[a-zA-Z]*e|c)\s+\S+/g, needs: ['nc'] },
  { category: 'reverse-shell', meaning: 'connects a shell to /dev/tcp', pattern: /\/dev\/(?:tcp|udp)\/[^\s/]+\/\d+/g, needs: ['/dev/'] },
  { category: 'reverse-shell', meaning: 'runs a shell over socat', pattern: /\bsocat\b[^\n]*\bexec:/gi, needs: null },
  { category: 'reverse-shell', meaning: 'pipes a shell through a fifo and netcat', pattern: /\bmkfifo\b[^\n]*\b(?:nc|ncat|netcat)\b/g, needs: ['mkfifo'] },
  { category: 'reverse-shell', meaning: 'spawns a shell over a socket', pattern: /socket\.socket\([\s\S]{0,300}?(?:os\.dup2|pty\.spawn)/g, needs: ['socket.socket('] },
  { category: 'credential-exfiltration', meaning: 'sends credentials to another machine', pattern: new RegExp(`^(?=[^\\n]*(?:${SECRET}))(?=[^\\n]*(?:${SENDER}))[^\\n]*$`, 'gm'), needs: ['.ssh', '/etc/', '.aws/credentials', 'AWS_S', '.netrc', '.git-credentials', '.docker/config.json', '.kube/config', 'id_'] },
];

/** Whether `text` holds one of the literals `unsafe` needs (always, when it has none). */
export function mayMatch(unsafe: UnsafePattern, text: string): boolean {
  const { needs } = unsafe;
  if (needs === null) return true;
  for (const literal of needs) if (text.includes(literal)) return true;
  return false;
}
