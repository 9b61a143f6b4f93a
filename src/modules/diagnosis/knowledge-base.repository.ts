import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runStatement } from '../../database/statement';
import { ApplianceKind, KnowledgeEntry } from './knowledge-base';
import { Language, turkishLower } from '../../common/i18n/language';

export interface SeedReport {
  version: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface KnowledgeQuery {
  /** The customer's words (full-text search, OR of their stemmed terms). */
  text: string;
  /** Canonical codes read from photos or typed (exact matches, case-insensitive). */
  codes: string[];
  /** Brand families (lower case). */
  brands: string[];
  kind?: ApplianceKind;
  limit: number;
  /** Turkish words are searched under PostgreSQL's `turkish` configuration in the Turkish text. */
  language?: Language;
}

/**
 * The retrieval statement for a language: the customer's words and the symptom words stemmed by that
 * language's text-search configuration, against that language's index of the entries.
 */
function retrieval(config: 'english' | 'turkish', column: 'search' | 'search_tr'): string {
  return `WITH t AS (
         SELECT array_agg(lexeme) AS lexemes,
                to_tsquery('${config}', string_agg(quote_literal(lexeme), ' | ')) AS query
           FROM unnest(to_tsvector('${config}', $1::text))
       ), s AS (
         SELECT array_agg(lexeme) AS symptom FROM unnest(to_tsvector('${config}', $3::text))
       ), q AS (SELECT * FROM t, s)
       SELECT e.entry_key, e.appliance_kind, e.brand, e.code, e.title, e.keywords, e.causes, e.steps, e.parts,
              e.safety_level, e.technician_usually, e.source, e.tr,
              (upper(e.code) = ANY($2::text[])) AS code_matched,
              COALESCE(ts_rank(e.${column}, q.query), 0) AS text_rank,
              COALESCE((SELECT count(*) FROM unnest(q.lexemes) AS l(lexeme)
                         WHERE e.${column} @@ quote_literal(l.lexeme)::tsquery)::float
                       / cardinality(q.lexemes), 0) AS coverage,
              COALESCE((SELECT count(*) FROM unnest(q.symptom) AS l(lexeme)
                         WHERE e.${column} @@ quote_literal(l.lexeme)::tsquery)::float
                       / cardinality(q.symptom), 0) AS symptom_coverage
         FROM kb_entries e, q
        WHERE upper(e.code) = ANY($2::text[]) OR (q.query IS NOT NULL AND e.${column} @@ q.query)`;
}

const RETRIEVAL = { en: retrieval('english', 'search'), tr: retrieval('turkish', 'search_tr') };

export interface KnowledgeMatch extends KnowledgeEntry {
  score: number;
  code_matched: boolean;
  /** ts_rank of the customer's words (weights: code and title A, keywords B, kind C). */
  text_rank: number;
  /** Share (0..1) of the customer's distinct terms the entry contains. */
  coverage: number;
}

const NEGATION =
  /\b(?:not|no|never|won'?t|doesn'?t|isn'?t|can'?t|cannot|stopped|fails? to)\s+(\w+(?:\s+(?!and\b|but\b|or\b)\w+)?)/gi;

/** Turkish verbs in the negative ("boşaltmıyor", "ısıtmıyor", "açılmadı"): what the appliance fails to do. */
export function turkishNegatedWords(text: string): string {
  const words = turkishLower(text).match(/\p{L}+/gu) ?? [];
  return words.filter((word) => /m[ıiuü]yor|m[ae]d[ıi]/u.test(word)).join(' ');
}

/** The words right after a negation: what the appliance fails to do ("will not drain" → "drain"). */
export function negatedWords(text: string): string {
  return [...text.matchAll(NEGATION)].map((m) => m[1]).join(' ');
}

/** kb_entries: the seed's upserts and the retrieval query. */
@Injectable()
export class KnowledgeBaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Brings kb_entries to exactly the file's entries, in one transaction; unchanged rows are not written. */
  async sync(version: number, entries: (KnowledgeEntry & { content_hash: string })[]): Promise<SeedReport> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const existing = new Map(
        (
          (await manager.query('SELECT entry_key, content_hash FROM kb_entries')) as {
            entry_key: string;
            content_hash: string;
          }[]
        ).map((row) => [row.entry_key, row.content_hash]),
      );
      const report: SeedReport = { version, inserted: 0, updated: 0, unchanged: 0, removed: 0 };
      for (const e of entries) {
        const hash = existing.get(e.entry_key);
        existing.delete(e.entry_key);
        if (hash === e.content_hash) {
          report.unchanged += 1;
          continue;
        }
        await manager.query(
          `INSERT INTO kb_entries (entry_key, appliance_kind, brand, code, title, keywords, causes, steps, parts,
                                   safety_level, technician_usually, source, data_version, content_hash, tr)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15::jsonb)
           ON CONFLICT (entry_key) DO UPDATE SET
             appliance_kind = EXCLUDED.appliance_kind, brand = EXCLUDED.brand, code = EXCLUDED.code,
             title = EXCLUDED.title, keywords = EXCLUDED.keywords, causes = EXCLUDED.causes, steps = EXCLUDED.steps,
             parts = EXCLUDED.parts, safety_level = EXCLUDED.safety_level,
             technician_usually = EXCLUDED.technician_usually, source = EXCLUDED.source,
             data_version = EXCLUDED.data_version, content_hash = EXCLUDED.content_hash, tr = EXCLUDED.tr,
             updated_at = now()`,
          [
            e.entry_key,
            e.appliance_kind,
            e.brand,
            e.code,
            e.title,
            e.keywords,
            JSON.stringify(e.causes),
            JSON.stringify(e.steps),
            JSON.stringify(e.parts),
            e.safety_level,
            e.technician_usually,
            e.source,
            version,
            e.content_hash,
            JSON.stringify(e.tr),
          ],
        );
        if (hash === undefined) {
          report.inserted += 1;
        } else {
          report.updated += 1;
        }
      }
      const stale = [...existing.keys()];
      if (stale.length > 0) {
        await manager.query('DELETE FROM kb_entries WHERE entry_key = ANY($1)', [stale]);
      }
      report.removed = stale.length;
      return report;
    });
  }

  /**
   * Ranked entries: an exact code match weighs most (more with the appliance's brand, less with another
   * brand's), then the customer's words through the GIN full-text index (code and title weigh A,
   * keywords and causes B, kind C), then a matching appliance kind; symptom entries edge out code entries
   * that only share words. Read per request: a seed run takes
   * effect at once.
   */
  async search(query: KnowledgeQuery): Promise<KnowledgeMatch[]> {
    const turkish = query.language === 'tr';
    const rows = (await runStatement(
      this.dataSource,
      turkish ? RETRIEVAL.tr : RETRIEVAL.en,
      turkish
        ? // Turkish-lower-cased as the index is; the symptom is the negated verbs ("boşaltmıyor").
          [turkishLower(query.text), query.codes.map((c) => c.toUpperCase()), turkishNegatedWords(query.text)]
        : [query.text, query.codes.map((c) => c.toUpperCase()), negatedWords(query.text)],
    )) as (KnowledgeEntry & {
      code_matched: boolean;
      text_rank: number | string;
      coverage: number | string;
      symptom_coverage: number | string;
    })[];
    return rows
      .map((row) => {
        const textRank = Number(row.text_rank);
        const coverage = Number(row.coverage);
        const brandScore =
          row.brand === null ? 0 : query.brands.includes(row.brand) ? 1 : query.brands.length > 0 ? -2 : 0;
        const kindScore = query.kind === undefined ? 0 : row.appliance_kind === query.kind ? 1.5 : -1.5;
        // Without a code, a symptom entry ("Washer door will not open") describes the customer's words
        // better than some brand's code entry that shares them ("E41: Door open").
        const symptomScore = row.code === null ? 0.5 : 0;
        // Words: the share of the customer's distinct terms the entry has (a word repeated in an entry's
        // causes must not outweigh a term it lacks), more for the symptom itself (the words after "not",
        // "won't": "running but not cooling" is about cooling), then ts_rank's weighting (title first).
        const textScore = 3 * coverage + 1.5 * Number(row.symptom_coverage) + Math.min(1, textRank * 5);
        const score = (row.code_matched ? 6 : 0) + brandScore + kindScore + symptomScore + textScore;
        return { ...row, code_matched: row.code_matched, text_rank: textRank, coverage, score };
      })
      .sort((a, b) => b.score - a.score || a.entry_key.localeCompare(b.entry_key))
      .slice(0, query.limit);
  }

  async count(): Promise<number> {
    const rows = (await this.dataSource.query('SELECT count(*)::int AS n FROM kb_entries')) as { n: number }[];
    return rows[0].n;
  }
}
