import { UserError } from './errors.js';
import type { OptionSpec, OptionValue, Subcommand } from './command.js';

export const COMMAND_PREFIX = '/rareearth';

/** A line of text read as a subcommand: `search "rare earth magnets" --json`. */
export interface ParsedLine {
  command: string;
  /** Raw option values before checking against the spec. */
  options: Record<string, string>;
  flags: { json: boolean; private: boolean };
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/** Splits on whitespace, keeping quoted runs ("…", '…', “…”) together without their quotes. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let token = '';
    while (i < line.length && !/\s/.test(line[i])) {
      const close = QUOTES[line[i]];
      if (close && (token === '' || token.endsWith('='))) {
        const end = line.indexOf(close, i + 1);
        if (end === -1) {
          token += line.slice(i + 1);
          i = line.length;
        } else {
          token += line.slice(i + 1, end);
          i = end + 1;
        }
      } else {
        token += line[i++];
      }
    }
    tokens.push(token);
  }
  return tokens;
}

/**
 * Text form of an invocation. Positional words fill the options in spec order; an option marked
 * `rest` takes all remaining words; `--name value` and `--name=value` set an option by name.
 * `--json` and `--private` are flags, not options.
 */
export function parseLine(line: string, commands: readonly Subcommand[]): ParsedLine {
  let tokens = tokenize(line.trim());
  if (tokens[0]?.toLowerCase() === COMMAND_PREFIX) tokens = tokens.slice(1);
  const flags = { json: false, private: false };
  tokens = tokens.filter((t) => {
    if (t === '--json') return !(flags.json = true);
    if (t === '--private') return !(flags.private = true);
    return true;
  });
  const command = (tokens.shift() ?? 'help').toLowerCase();
  const sub = commands.find((c) => c.name === command);
  const options: Record<string, string> = {};
  if (!sub) return { command, options, flags };

  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const named = /^--([a-z][\w-]*)(?:=(.*))?$/i.exec(t);
    if (named && sub.options.some((o) => o.name === named[1])) {
      const spec = sub.options.find((o) => o.name === named[1])!;
      if (named[2] !== undefined) options[spec.name] = named[2];
      else if (spec.type === 'boolean') options[spec.name] = 'true';
      else if (i + 1 < tokens.length) options[spec.name] = tokens[++i];
      else throw new UserError('missing-value', `--${spec.name} needs a value. ${usage(sub)}`);
    } else if (named) {
      throw new UserError('unknown-option', `\`${sub.name}\` has no option --${named[1]}. ${usage(sub)}`);
    } else {
      positional.push(t);
    }
  }
  const free = sub.options.filter((o) => options[o.name] === undefined);
  for (const spec of free) {
    if (positional.length === 0) break;
    options[spec.name] = spec.rest ? positional.splice(0).join(' ') : positional.shift()!;
  }
  if (positional.length > 0) {
    throw new UserError('too-many-arguments', `\`${sub.name}\` does not take "${positional.join(' ')}". ${usage(sub)}`);
  }
  return { command, options, flags };
}

export function usage(sub: Subcommand): string {
  const opts = sub.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `Usage: ${COMMAND_PREFIX} ${sub.name}${opts ? ` ${opts}` : ''}`;
}

function convert(spec: OptionSpec, raw: OptionValue, sub: Subcommand): OptionValue {
  if (spec.type === 'string') {
    const s = String(raw).trim();
    if (spec.maxLength !== undefined && s.length > spec.maxLength) {
      throw new UserError('too-long', `${spec.name} is ${s.length} characters; the most is ${spec.maxLength}.`);
    }
    return s;
  }
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (/^(true|yes|1)$/i.test(String(raw))) return true;
    if (/^(false|no|0)$/i.test(String(raw))) return false;
    throw new UserError('bad-option', `${spec.name} must be true or false, not "${raw}".`);
  }
  // integer: "7" or "7d" (a unit letter is tolerated for day counts)
  const m = /^(-?\d+)[a-z]?$/i.exec(String(raw).trim());
  if (!m) throw new UserError('bad-option', `${spec.name} must be a whole number, not "${raw}". ${usage(sub)}`);
  const n = Number(m[1]);
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    throw new UserError('out-of-range', `${spec.name} must be between ${spec.min ?? '−∞'} and ${spec.max ?? '∞'}; got ${n}.`);
  }
  return n;
}

/** Checks raw option values against the subcommand's spec and returns them typed. */
export function checkOptions(sub: Subcommand, raw: Record<string, OptionValue>): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const name of Object.keys(raw)) {
    if (!sub.options.some((o) => o.name === name)) {
      throw new UserError('unknown-option', `\`${sub.name}\` has no option "${name}". ${usage(sub)}`);
    }
  }
  for (const spec of sub.options) {
    const value = raw[spec.name];
    if (value === undefined || value === '') {
      if (spec.required) throw new UserError('missing-option', `\`${sub.name}\` needs ${spec.name}. ${usage(sub)}`);
      continue;
    }
    const typed = convert(spec, value, sub);
    if (spec.choices && !spec.choices.some((c) => c.value === typed)) {
      throw new UserError(
        'bad-choice',
        `${spec.name} must be one of ${spec.choices.map((c) => c.value).join(', ')}; got "${typed}".`,
      );
    }
    out[spec.name] = typed;
  }
  return out;
}
