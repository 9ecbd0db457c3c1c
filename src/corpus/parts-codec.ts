/**
 * How the assembled parts are stored in the snapshot, through packing.ts. The same strings recur
 * across them: every source of a key figure quotes its sentence, syndicated copies quote the same
 * one, summaries and timeline entries are body sentences too, and article and story ids are
 * listed by stories, figures, quotes, timeline and entities alike (at 100k, 3.9 million ids in
 * lists). Each is stored once and read back as one shared string.
 *
 * Each record is rebuilt with its fields in the order the stage that made it gives them, so a
 * served part prints as the assembled one does.
 */
import type { AssembledParts } from './compose.js';
import type { PackReader, PackWriter } from './packing.js';
import type { Entity, FigureSource, KeyFigure, Quote, Story, TimelineEvent } from './types.js';

/**
 * Throws when a record has a field its codec does not store (it would be lost on the way); the
 * parameter's type makes that a compile error for a field added to the type.
 */
export function noOtherFields(rest: Record<string, never>, what: string): void {
  for (const field of Object.keys(rest)) throw new Error(`a ${what} has a field the snapshot does not store: ${field}`);
}

function packStory(s: Story, w: PackWriter): void {
  const { id, articleIds, why, headline, summary, published, lastSeen, onTopic, ...rest } = s;
  noOtherFields(rest, 'story');
  w.str(id);
  w.strs(articleIds);
  w.strs(why);
  w.str(headline);
  w.strs(summary);
  w.optStr(published);
  w.str(lastSeen);
  w.bool(onTopic);
}

const unpackStory = (r: PackReader): Story => ({
  id: r.str(),
  articleIds: r.strs(),
  why: r.strs(),
  headline: r.str(),
  summary: r.strs(),
  published: r.optStr(),
  lastSeen: r.str(),
  onTopic: r.bool(),
});

function packSource(s: FigureSource, w: PackWriter): void {
  const { articleId, qualifier, text, wording, ...rest } = s;
  noOtherFields(rest, 'figure source');
  w.str(articleId);
  w.optStr(qualifier);
  w.str(text);
  w.str(wording);
}

const unpackSource = (r: PackReader): FigureSource => ({ articleId: r.str(), qualifier: r.optStr(), text: r.str(), wording: r.str() });

function packKeyFigure(k: KeyFigure, w: PackWriter): void {
  const { id, value, valueMax, unit, entity, subject, conflict, sources, conflictsWith, ...rest } = k;
  noOtherFields(rest, 'key figure');
  w.str(id);
  w.num(value);
  w.bool(valueMax !== undefined);
  if (valueMax !== undefined) w.num(valueMax);
  w.str(unit);
  w.optStr(entity);
  w.str(subject);
  w.bool(conflict);
  w.list(sources, packSource);
  w.strs(conflictsWith);
}

/** valueMax, when there is one, right after value, where groupKeyFigures puts it. */
const unpackKeyFigure = (r: PackReader): KeyFigure => ({
  id: r.str(),
  value: r.num(),
  ...(r.bool() ? { valueMax: r.num() } : {}),
  unit: r.str(),
  entity: r.optStr(),
  subject: r.str(),
  conflict: r.bool(),
  sources: r.list(unpackSource),
  conflictsWith: r.strs(),
});

function packQuote(q: Quote, w: PackWriter): void {
  const { speaker, role, text, articleIds, ...rest } = q;
  noOtherFields(rest, 'quote');
  w.optStr(speaker);
  w.optStr(role);
  w.str(text);
  w.strs(articleIds);
}

const unpackQuote = (r: PackReader): Quote => ({ speaker: r.optStr(), role: r.optStr(), text: r.str(), articleIds: r.strs() });

function packEvent(e: TimelineEvent, w: PackWriter): void {
  const { date, expression, text, articleIds, until, ...rest } = e;
  noOtherFields(rest, 'timeline event');
  w.str(date);
  w.str(expression);
  w.str(text);
  w.strs(articleIds);
  w.bool(until !== undefined);
  if (until !== undefined) w.str(until);
}

/** until, when there is one, last, where the timeline stage adds it. */
function unpackEvent(r: PackReader): TimelineEvent {
  const event: TimelineEvent = { date: r.str(), expression: r.str(), text: r.str(), articleIds: r.strs() };
  if (r.bool()) event.until = r.str();
  return event;
}

function packEntity(e: Entity, w: PackWriter): void {
  const { name, type, role, mentions, articleIds, storyIds, ...rest } = e;
  noOtherFields(rest, 'entity');
  w.str(name);
  w.str(type);
  w.optStr(role);
  w.num(mentions);
  w.strs(articleIds);
  w.strs(storyIds);
}

const unpackEntity = (r: PackReader): Entity => ({
  name: r.str(),
  type: r.str() as Entity['type'],
  role: r.optStr(),
  mentions: r.num(),
  articleIds: r.strs(),
  storyIds: r.strs(),
});

export function packParts(parts: AssembledParts, w: PackWriter): void {
  const { stories, duplicateOf, keyFigures, quotes, timeline, entities, ...rest } = parts;
  noOtherFields(rest, 'set of parts');
  w.list(stories, packStory);
  w.list(Object.entries(duplicateOf), ([copy, of]) => w.strs([copy, of]));
  w.list(keyFigures, packKeyFigure);
  w.list(quotes, packQuote);
  w.list(timeline, packEvent);
  w.list(entities, packEntity);
}

export function unpackParts(r: PackReader): AssembledParts {
  const stories = r.list(unpackStory);
  const duplicateOf: Record<string, string> = {};
  for (const [copy, of] of r.list((p) => p.strs())) duplicateOf[copy] = of;
  return { stories, duplicateOf, keyFigures: r.list(unpackKeyFigure), quotes: r.list(unpackQuote), timeline: r.list(unpackEvent), entities: r.list(unpackEntity) };
}
