/**
 * The shapes that flow through the pipeline, from a file on disk to the Corpus snapshot that
 * commands read. Every fact carries its provenance (articleId + sentence).
 */

export type ArticleFormat = 'txt' | 'md' | 'html';

/** What a file gave us before any cleaning. */
export interface RawArticle {
  /** File name without extension: `2026-02-03_lithium-quebec`. */
  id: string;
  /** Path relative to the corpus folder. */
  file: string;
  format: ArticleFormat;
  /** sha256 of the file's bytes: the cache key. */
  hash: string;
  /** Decoded text: the file for .txt, the body after front matter for .md, readability's text for .html. */
  text: string;
  /** Metadata stated outside the text (front matter, HTML meta tags); undefined = not stated. */
  meta: Partial<ArticleMeta>;
  /** Canonical URL when the file states one (front matter `url:`, HTML canonical link). */
  url: string | null;
}

/** null means "the text does not say": never a guess. */
export interface ArticleMeta {
  title: string | null;
  publisher: string | null;
  author: string | null;
  /** ISO date `YYYY-MM-DD`. */
  published: string | null;
}

/** One article after boilerplate removal and metadata reading. */
export interface CleanArticle extends ArticleMeta {
  id: string;
  file: string;
  hash: string;
  url: string | null;
  /** Body paragraphs, in order, boilerplate removed. */
  paragraphs: string[];
  /** paragraphs joined by blank lines. */
  body: string;
  /** Non-blank lines dropped as boilerplate or metadata. */
  removedLines: number;
  removed: string[];
  /**
   * Headline-shaped lines inside the body ("Prices Under Pressure"), kept apart from paragraphs so
   * sentence-based stages never read them as sentences; `paragraph` is the index of the paragraph
   * each stands above. Optional: articles cached before it existed lack it.
   */
  subheadings?: Subheading[];
}

export interface Subheading {
  text: string;
  paragraph: number;
}

export type FigureUnit = string; // '%', 'USD', 'AUD', 't', 'kg', 'count', 'years', 'USD/kg'…

export interface Figure {
  /** Base units: "$8.5 billion" → 8.5e9. For a range, the low end. */
  value: number;
  /** High end of a range ("12% to 15%" → 15), else undefined. */
  valueMax?: number;
  unit: FigureUnit;
  /** over, nearly, about, approximately, an estimated, up to… or null. */
  qualifier: string | null;
  /** What the figure is about: "China", "MP Materials"; null when unclear. */
  entity: string | null;
  /** Normalised subject: "share of rare-earth refining", "US–Australia framework". */
  subject: string;
  /** The words as printed: "nearly 90%". */
  wording: string;
  sentence: string;
  articleId: string;
}

export interface FigureSource {
  articleId: string;
  qualifier: string | null;
  /** The sentence the figure was read from. */
  text: string;
  wording: string;
}

/** Figures that state the same fact across articles. */
export interface KeyFigure {
  id: string;
  value: number;
  valueMax?: number;
  unit: FigureUnit;
  entity: string | null;
  subject: string;
  /** True when sources give incompatible values for the same entity and subject. */
  conflict: boolean;
  sources: FigureSource[];
  /** Other key figures (ids) this one conflicts with. */
  conflictsWith: string[];
}

export interface Quote {
  speaker: string | null;
  role: string | null;
  text: string;
  articleIds: string[];
}

export interface TimelineEvent {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; for periods the start, with `until` the end. */
  date: string;
  until?: string;
  /** How the text put it: "on Tuesday", "by 2030", "over the next six months". */
  expression: string;
  text: string;
  articleIds: string[];
}

export type EntityType = 'person' | 'organization' | 'place';

export interface EntityMention {
  name: string;
  type: EntityType;
  role: string | null;
  count: number;
  articleId: string;
}

export interface Entity {
  name: string;
  type: EntityType;
  role: string | null;
  mentions: number;
  articleIds: string[];
  storyIds: string[];
}

/** Everything read from one article alone; cached by the file's content hash. */
export interface ArticleFacts {
  sentences: string[];
  figures: Figure[];
  quotes: Quote[];
  events: TimelineEvent[];
  entities: EntityMention[];
  /** Topic relevance in [0, 1]. */
  relevance: number;
  /** MinHash signature of the body (see dedup.ts). */
  signature: number[];
  /**
   * Undated articles only: sentences whose relative dates ("on Tuesday", "next six months") need an
   * anchor. The story's date, known only once stories exist, resolves them at assembly.
   */
  unanchored?: string[];
}

/** One processed file: the unit of the on-disk cache. */
export interface ProcessedArticle {
  article: CleanArticle;
  facts: ArticleFacts;
}

export interface Article extends CleanArticle {
  storyId: string;
  /** Id of the copy this one duplicates (same text syndicated), or null. */
  duplicateOf: string | null;
  /** ISO timestamp when this file first appeared in the corpus (remembered across restarts). */
  firstSeen: string;
  relevance: number;
  onTopic: boolean;
}

export interface Story {
  id: string;
  /** Most complete / earliest first. */
  articleIds: string[];
  /** Why these articles were grouped, in words a person can check. */
  why: string[];
  headline: string;
  summary: string[];
  /** Earliest known published date among the articles, or null. */
  published: string | null;
  /** Latest firstSeen among its articles. */
  lastSeen: string;
  onTopic: boolean;
}

export interface SearchHit {
  articleId: string;
  storyId: string;
  score: number;
  snippet: string;
  terms: string[];
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchHit[];
}

/** An immutable snapshot: commands only read it. */
export interface Corpus {
  articles: Article[];
  byId: ReadonlyMap<string, Article>;
  stories: Story[];
  storyById: ReadonlyMap<string, Story>;
  keyFigures: KeyFigure[];
  quotes: Quote[];
  timeline: TimelineEvent[];
  entities: Entity[];
  index: SearchIndex;
  /** Files skipped at load, with the reason. */
  skipped: { file: string; reason: string }[];
  builtAt: string;
}
