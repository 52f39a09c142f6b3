//! The embedded engine: a tantivy index in the process, persisted under the data directory.
//! It indexes folded text (so `кызмет` meets `қызмет`), scores exact words with BM25 and lets
//! typos and the last word's prefix match as well, the way Meilisearch's defaults do.
use std::{
    collections::BTreeMap,
    ops::Bound,
    path::Path,
    sync::{Arc, Mutex},
};

use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term,
    collector::{Collector, Count, SegmentCollector, TopDocs},
    columnar::Column,
    index::SegmentId,
    query::{
        AllQuery, AutomatonWeight, BooleanQuery, BoostQuery, DfaWrapper, EmptyQuery, EnableScoring, FuzzyTermQuery,
        Occur, PhraseQuery, Query, RangeQuery, TermQuery, Weight,
    },
    schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value},
    tokenizer::{
        LowerCaser, PreTokenizedString, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenizerManager,
    },
};

use rustc_hash::FxHashMap;

use super::{
    Facets, MAX_VALUES_PER_FACET, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, Sort, parse_query,
    top_values, typo_budget,
};
use crate::domain::{directory::AgencyKind, text::fold};

const KINDS: &[&str] = &["report", "conclusion", "answer", "draft_act"];
const LANGUAGES: &[&str] = &["kk", "ru", "en"];
/// Queries ignore words longer than this; the index keeps every word up to it (`analyzer`).
const MAX_WORD: usize = 40;
/// How often `compact` tries again when tantivy's own merging got in its way.
const COMPACT_ATTEMPTS: u32 = 20;
/// Words as `super::words` cuts them, lower-cased, the overlong dropped.
const TOKENIZER: &str = "words";

/// tantivy's default tokenizer drops words of 40 bytes or more: twenty Cyrillic letters, so
/// `сельскохозяйственных` was never indexed. This one keeps every word a query may hold
/// (`MAX_WORD` letters of up to four bytes each).
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(4 * MAX_WORD + 1))
        .filter(LowerCaser)
        .build()
}

/// Each two neighbouring words of `text` as one term (`"жер учаскесі"`) at the first one's
/// position. A two-word phrase is then one posting list, and a longer one a phrase of pairs,
/// instead of a position check in every document that has all the words somewhere (what
/// Elasticsearch's `index_phrases` does). Words come from the same analyzer as the words field,
/// so a word it drops leaves a gap no pair spans, as a phrase over the words would see it.
fn word_pairs(analyzer: &mut TextAnalyzer, text: &str) -> PreTokenizedString {
    let mut tokens = Vec::new();
    let mut previous: Option<(usize, String)> = None;
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        if let Some((at, word)) = &previous
            && at + 1 == t.position
        {
            tokens.push(Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: *at,
                text: pair(word, &t.text),
                position_length: 1,
            });
        }
        previous = Some((t.position, t.text.clone()));
    }
    PreTokenizedString { text: String::new(), tokens }
}

fn pair(first: &str, second: &str) -> String {
    let mut p = String::with_capacity(first.len() + 1 + second.len());
    p.push_str(first);
    p.push(' ');
    p.push_str(second);
    p
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    title_pairs: Field,
    body_pairs: Field,
    doc: Field,
    kind: Field,
    agency_id: Field,
    agency_kind: Field,
    region: Field,
    region_path: Field,
    year: Field,
    language: Field,
    published_at: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let coded = INDEXED | FAST;
    let indexed = |record: IndexRecordOption| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(record))
    };
    // Words need no positions: phrases are matched on the pairs fields.
    let words = indexed(IndexRecordOption::WithFreqs);
    let pairs = indexed(IndexRecordOption::WithFreqsAndPositions);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", words.clone()),
        body: b.add_text_field("body", words),
        title_pairs: b.add_text_field("title_pairs", pairs.clone()),
        body_pairs: b.add_text_field("body_pairs", pairs),
        doc: b.add_text_field("doc", STORED),
        kind: b.add_u64_field("kind", coded.clone()),
        agency_id: b.add_u64_field("agency_id", coded.clone()),
        agency_kind: b.add_u64_field("agency_kind", coded.clone()),
        region: b.add_u64_field("region", coded.clone()),
        region_path: b.add_u64_field("region_path", INDEXED),
        year: b.add_u64_field("year", coded.clone()),
        language: b.add_u64_field("language", coded),
        published_at: b.add_i64_field("published_at", FAST),
    };
    (b.build(), fields)
}

fn code_of(list: &[&str], value: &str) -> Option<u64> {
    list.iter().position(|v| *v == value).map(|p| p as u64)
}

fn agency_kind_code(k: &str) -> Option<u64> {
    AgencyKind::ALL.iter().position(|x| x.as_str() == k).map(|p| p as u64)
}

/// KATO codes are nine digits: as a number they filter and facet cheaply; 0 means none.
fn kato(code: &str) -> Option<u64> {
    if crate::domain::directory::is_kato_code(code) { code.parse().ok() } else { None }
}

pub struct EmbeddedIndex {
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    f: Fields,
    codes: Arc<CodeCache>,
    tokenizers: TokenizerManager,
}

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Unavailable(e.to_string())
}

impl EmbeddedIndex {
    /// An index under `dir` (created when missing), or in memory when `dir` is `None`. A directory
    /// holding an index of another shape is emptied: the caller reindexes from the database.
    pub fn open(dir: Option<&Path>) -> Result<Self, SearchError> {
        let (schema, f) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(err)?;
                match Index::open_in_dir(dir) {
                    Ok(i) if i.schema() == schema => i,
                    Ok(_) | Err(_) if dir.join("meta.json").exists() => {
                        tracing::warn!(dir = %dir.display(), "the embedded search index has an older shape: rebuilding it");
                        std::fs::remove_dir_all(dir).map_err(err)?;
                        std::fs::create_dir_all(dir).map_err(err)?;
                        Index::create_in_dir(dir, schema).map_err(err)?
                    }
                    _ => Index::create_in_dir(dir, schema).map_err(err)?,
                }
            }
        };
        index.tokenizers().register(TOKENIZER, analyzer());
        let tokenizers = index.tokenizers().clone();
        let writer = index.writer(50_000_000).map_err(err)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(err)?;
        Ok(Self { reader, writer: Arc::new(Mutex::new(writer)), f, codes: Arc::default(), tokenizers })
    }

    pub fn in_memory() -> Self {
        match Self::open(None) {
            Ok(i) => i,
            Err(e) => panic!("an in-memory tantivy index cannot fail to open: {e}"),
        }
    }

    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Segments the searches read: each costs every search a walk of its term dictionary.
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    fn to_tantivy(&self, d: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let f = self.f;
        let mut t = TantivyDocument::default();
        t.add_text(f.id, &d.id);
        let mut analyzer =
            self.tokenizers.get(TOKENIZER).ok_or_else(|| err("the words tokenizer is not registered"))?;
        let (title, body) = (fold(&d.title), fold(&d.body));
        t.add_pre_tokenized_text(f.title_pairs, word_pairs(&mut analyzer, &title));
        t.add_pre_tokenized_text(f.body_pairs, word_pairs(&mut analyzer, &body));
        t.add_text(f.title, title);
        t.add_text(f.body, body);
        t.add_text(f.doc, serde_json::to_string(d).map_err(|e| SearchError::Rejected(e.to_string()))?);
        let reject = |what: &str, v: &str| SearchError::Rejected(format!("unknown {what} {v}"));
        t.add_u64(f.kind, code_of(KINDS, &d.kind).ok_or_else(|| reject("kind", &d.kind))?);
        t.add_u64(f.language, code_of(LANGUAGES, &d.language).ok_or_else(|| reject("language", &d.language))?);
        t.add_u64(
            f.agency_kind,
            agency_kind_code(&d.agency_kind).ok_or_else(|| reject("agency kind", &d.agency_kind))?,
        );
        t.add_u64(f.agency_id, d.agency_id.max(0) as u64);
        t.add_u64(f.region, d.region.as_deref().and_then(kato).unwrap_or(0));
        for r in d.region_path.iter().filter_map(|r| kato(r)) {
            t.add_u64(f.region_path, r);
        }
        t.add_u64(f.year, d.year.max(0) as u64);
        t.add_i64(f.published_at, d.published_at);
        Ok(t)
    }

    /// Blocking work (commits, searches) runs off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce(&IndexReader, &Mutex<IndexWriter>) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let reader = self.reader.clone();
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || job(&reader, &writer)).await.map_err(err)?
    }

    fn word_query(&self, word: &str, prefix: bool) -> Box<dyn Query> {
        let budget = typo_budget(word.chars().count());
        // One automaton per word, shared by both fields: building it is the costly part.
        let any = Term::from_field_text(self.f.body, word);
        let fuzzy =
            if prefix { FuzzyTermQuery::new_prefix(any, budget, true) } else { FuzzyTermQuery::new(any, budget, true) };
        let automaton = match fuzzy.automaton() {
            Ok(a) => Arc::new(a),
            // Only a distance above 2 fails, and the typo budget never gives one.
            Err(_) => return Box::new(EmptyQuery),
        };
        let per_field = |field: Field, boost: f32| -> Box<dyn Query> {
            let term = Term::from_field_text(field, word);
            let exact: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            let loose: Box<dyn Query> = Box::new(Loose { field, automaton: automaton.clone() });
            // The exact word scores by BM25; a typo or a prefix only lets the document in.
            let q = BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, loose)]);
            Box::new(BoostQuery::new(Box::new(q), boost))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, per_field(self.f.title, 2.0)),
            (Occur::Should, per_field(self.f.body, 1.0)),
        ]))
    }

    /// A phrase of two or more words, on the pairs fields: its pairs in a row.
    fn phrase_query(&self, words: &[String]) -> Box<dyn Query> {
        let per_field = |field: Field, boost: f32| -> Box<dyn Query> {
            let mut terms: Vec<Term> =
                words.windows(2).map(|w| Term::from_field_text(field, &pair(&w[0], &w[1]))).collect();
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::WithFreqs))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            Box::new(BoostQuery::new(q, boost))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, per_field(self.f.title_pairs, 2.0)),
            (Occur::Should, per_field(self.f.body_pairs, 1.0)),
        ]))
    }

    /// The query and filters as one tantivy query; `None` when a filter names a value no document
    /// can have (an unknown kind), so the answer is empty.
    fn build(&self, q: &SearchQuery) -> Option<(Box<dyn Query>, bool)> {
        let f = self.f;
        let parsed = parse_query(&q.q);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let n = parsed.words.len();
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in parsed.words.iter().enumerate() {
            if w.chars().count() <= MAX_WORD {
                let wq = self.word_query(w, parsed.last_is_prefix && i + 1 == n);
                if q.loose { any.push((Occur::Should, wq)) } else { clauses.push((Occur::Must, wq)) }
            }
        }
        if !any.is_empty() {
            // Any word lets a document in; BM25 over the words it has ranks it.
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for p in &parsed.phrases {
            clauses.push((Occur::Must, self.phrase_query(p)));
        }
        let has_text = !clauses.is_empty();
        let term = |field: Field, v: u64| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_u64(field, v), IndexRecordOption::Basic))
        };
        let fl = &q.filters;
        if let Some(k) = &fl.kind {
            clauses.push((Occur::Must, term(f.kind, code_of(KINDS, k)?)));
        }
        if let Some(l) = &fl.language {
            clauses.push((Occur::Must, term(f.language, code_of(LANGUAGES, l)?)));
        }
        if let Some(k) = &fl.agency_kind {
            clauses.push((Occur::Must, term(f.agency_kind, agency_kind_code(k)?)));
        }
        if let Some(a) = fl.agency_id {
            clauses.push((Occur::Must, term(f.agency_id, u64::try_from(a).ok()?)));
        }
        if let Some(r) = &fl.region {
            clauses.push((Occur::Must, term(f.region_path, kato(r)?)));
        }
        if fl.year_from.is_some() || fl.year_to.is_some() {
            let bound = |y: Option<i32>| match y {
                Some(y) => Bound::Included(Term::from_field_u64(f.year, y.max(0) as u64)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(fl.year_from), bound(fl.year_to)))));
        }
        if clauses.is_empty() {
            return Some((Box::new(AllQuery), false));
        }
        if !has_text {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Some((Box::new(BooleanQuery::new(clauses)), has_text))
    }
}

/// The words within a query word's typo budget (and, for the last word, their continuations) in
/// one field: what `FuzzyTermQuery` matches, with the automaton built once for every field.
#[derive(Clone)]
struct Loose {
    field: Field,
    automaton: Arc<DfaWrapper>,
}

impl std::fmt::Debug for Loose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loose").field("field", &self.field).finish_non_exhaustive()
    }
}

impl Query for Loose {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<DfaWrapper>::new(self.field, self.automaton.clone())))
    }
}

/// Facet fields, in the order of `Facets`' maps.
const FACET_FIELDS: [&str; 5] = ["agency_id", "region", "year", "kind", "language"];
/// A facet whose values in a segment span fewer than this many numbers counts into an array
/// (kind, language, year, agency ids); a wider one (KATO codes) into a hash map.
const DENSE_RANGE: u64 = 1 << 14;
/// Matches are buffered and their facet values read from the columns a block at a time.
const BLOCK: usize = 64;

/// Counts of one facet's values.
#[derive(Default)]
struct Tally {
    /// `dense[v - min]` counts value `v`.
    min: u64,
    dense: Vec<u64>,
    /// Values outside `dense`.
    sparse: FxHashMap<u64, u64>,
}

impl Tally {
    /// Dense over `min..=max` when that range is small.
    fn over(min: u64, max: u64) -> Self {
        match max.checked_sub(min) {
            Some(span) if span < DENSE_RANGE => Tally { min, dense: vec![0; span as usize + 1], ..Default::default() },
            _ => Tally::default(),
        }
    }

    #[inline]
    fn add(&mut self, value: u64, n: u64) {
        match self.dense.get_mut(value.wrapping_sub(self.min) as usize) {
            Some(c) => *c += n,
            None => *self.sparse.entry(value).or_insert(0) += n,
        }
    }

    /// The values counted, with their counts.
    fn counts(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let dense = self.dense.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (self.min + i as u64, *n));
        dense.chain(self.sparse.iter().map(|(v, n)| (*v, *n)))
    }
}

/// A segment's facet values as small codes, one row of five per document, read from the columns
/// once per segment (segments never change) instead of five column lookups per match per search.
struct SegmentCodes {
    /// `rows[doc][field]`: the code of the document's value, or `NONE`.
    rows: Vec<[u16; 5]>,
    /// `values[field][code]`: the value a code stands for.
    values: [Vec<u64>; 5],
}

const NONE: u16 = u16::MAX;

impl SegmentCodes {
    /// `None` when a field has more distinct values in the segment than codes fit in 16 bits; that
    /// segment is then counted from its columns.
    fn read(columns: &[Column<u64>; 5], max_doc: DocId) -> Option<SegmentCodes> {
        let mut rows = vec![[NONE; 5]; max_doc as usize];
        let mut values: [Vec<u64>; 5] = Default::default();
        let mut docs = [0 as DocId; BLOCK];
        let mut vals = [None; BLOCK];
        for (field, column) in columns.iter().enumerate() {
            let mut code_of: FxHashMap<u64, u16> = FxHashMap::default();
            for start in (0..max_doc).step_by(BLOCK) {
                let n = (max_doc - start).min(BLOCK as DocId) as usize;
                for (i, d) in docs[..n].iter_mut().enumerate() {
                    *d = start + i as DocId;
                }
                vals[..n].fill(None);
                column.first_vals(&docs[..n], &mut vals[..n]);
                for (i, v) in vals[..n].iter().enumerate() {
                    let Some(v) = *v else { continue };
                    let next = values[field].len();
                    let code = *code_of.entry(v).or_insert_with(|| {
                        values[field].push(v);
                        next as u16
                    });
                    if values[field].len() >= usize::from(NONE) {
                        return None;
                    }
                    rows[start as usize + i][field] = code;
                }
            }
        }
        Some(SegmentCodes { rows, values })
    }
}

/// The codes of the segments searched lately, by segment.
#[derive(Default)]
struct CodeCache(Mutex<FxHashMap<SegmentId, Option<Arc<SegmentCodes>>>>);

impl CodeCache {
    fn get(&self, segment: &SegmentReader, columns: &[Column<u64>; 5]) -> Option<Arc<SegmentCodes>> {
        let mut cache = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(segment.segment_id())
            .or_insert_with(|| SegmentCodes::read(columns, segment.max_doc()).map(Arc::new))
            .clone()
    }

    /// Forget segments that merges have replaced.
    fn keep_only(&self, live: &[SegmentReader]) {
        let mut cache = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.keys().any(|id| !live.iter().any(|s| s.segment_id() == *id)) {
            cache.retain(|id, _| live.iter().any(|s| s.segment_id() == *id));
        }
    }
}

/// Counts matching documents per facet value, from the cached codes (or the fast fields).
struct FacetCounter(Arc<CodeCache>);

struct SegmentFacets {
    columns: [Column<u64>; 5],
    tallies: [Tally; 5],
    codes: Option<Arc<SegmentCodes>>,
    /// `counts[field][code]`, with `codes`.
    counts: [Vec<u32>; 5],
    buffer: [DocId; BLOCK],
    buffered: usize,
    values: [Option<u64>; BLOCK],
}

impl SegmentFacets {
    #[inline]
    fn count_one(&mut self, doc: DocId) {
        if let Some(codes) = &self.codes {
            if let Some(row) = codes.rows.get(doc as usize) {
                for (counts, code) in self.counts.iter_mut().zip(row) {
                    if let Some(c) = counts.get_mut(usize::from(*code)) {
                        *c += 1;
                    }
                }
            }
            return;
        }
        self.buffer[self.buffered] = doc;
        self.buffered += 1;
        if self.buffered == BLOCK {
            self.flush();
        }
    }

    fn count(&mut self, docs: &[DocId]) {
        let values = &mut self.values[..docs.len()];
        for (column, tally) in self.columns.iter().zip(&mut self.tallies) {
            values.fill(None);
            column.first_vals(docs, values);
            for v in values.iter().flatten() {
                tally.add(*v, 1);
            }
        }
    }

    fn flush(&mut self) {
        let buffer = self.buffer;
        self.count(&buffer[..self.buffered]);
        self.buffered = 0;
    }
}

impl Collector for FacetCounter {
    type Fruit = [Tally; 5];
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = segment.fast_fields();
        let columns = [
            ff.u64(FACET_FIELDS[0])?,
            ff.u64(FACET_FIELDS[1])?,
            ff.u64(FACET_FIELDS[2])?,
            ff.u64(FACET_FIELDS[3])?,
            ff.u64(FACET_FIELDS[4])?,
        ];
        let tallies = columns.each_ref().map(|c| Tally::over(c.min_value(), c.max_value()));
        let codes = self.0.get(segment, &columns);
        let counts = match &codes {
            Some(c) => c.values.each_ref().map(|v| vec![0; v.len()]),
            None => Default::default(),
        };
        Ok(SegmentFacets { columns, tallies, codes, counts, buffer: [0; BLOCK], buffered: 0, values: [None; BLOCK] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[Tally; 5]>) -> tantivy::Result<[Tally; 5]> {
        Ok(std::array::from_fn(|field| {
            let dense = fruits.iter().map(|f| &f[field]).filter(|t| !t.dense.is_empty());
            let min = dense.clone().map(|t| t.min).min().unwrap_or(0);
            let max = dense.map(|t| t.min + t.dense.len() as u64 - 1).max().unwrap_or(0);
            let mut all = Tally::over(min, max);
            for t in fruits.iter().map(|f| &f[field]) {
                match all.dense.get_mut(t.min.wrapping_sub(all.min) as usize..).and_then(|d| d.get_mut(..t.dense.len()))
                {
                    Some(d) => d.iter_mut().zip(&t.dense).for_each(|(a, b)| *a += b),
                    None => t.dense.iter().enumerate().for_each(|(i, n)| {
                        if *n > 0 {
                            all.add(t.min + i as u64, *n)
                        }
                    }),
                }
                for (v, n) in &t.sparse {
                    all.add(*v, *n);
                }
            }
            all
        }))
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = [Tally; 5];

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        self.count_one(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if self.codes.is_some() {
            docs.iter().for_each(|d| self.count_one(*d));
            return;
        }
        for block in docs.chunks(BLOCK) {
            self.count(block);
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        if let Some(codes) = &self.codes {
            for ((tally, counts), values) in self.tallies.iter_mut().zip(&self.counts).zip(&codes.values) {
                for (n, v) in counts.iter().zip(values) {
                    if *n > 0 {
                        tally.add(*v, u64::from(*n));
                    }
                }
            }
        }
        self.tallies
    }
}

/// `v` as its decimal digits (at least `width` of them, zero-padded), left-aligned and padded with
/// NULs: arrays of these compare as the rendered strings do, without rendering them.
fn decimal_key(v: u64, width: usize) -> [u8; 20] {
    let mut key = [0u8; 20];
    let (mut n, mut len) = (v, 0);
    while n > 0 || len < width.max(1) {
        key[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    key[..len].reverse();
    key
}

/// The `MAX_VALUES_PER_FACET` values with the most matches, ties by the rendered value, as
/// `Facets::capped` picks them; only the values kept are rendered. A common word matches nearly
/// every agency, and sorting 3,925 rendered ids cost more than counting them.
fn top_rendered(
    counts: impl Iterator<Item = (u64, u64)>,
    width: usize,
    render: impl Fn(u64) -> String,
) -> BTreeMap<String, u64> {
    let mut pairs: Vec<([u8; 20], u64, u64)> = counts.map(|(v, n)| (decimal_key(v, width), v, n)).collect();
    if pairs.len() > MAX_VALUES_PER_FACET {
        pairs.select_nth_unstable_by(MAX_VALUES_PER_FACET - 1, |a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        pairs.truncate(MAX_VALUES_PER_FACET);
    }
    pairs.into_iter().map(|(_, v, n)| (render(v), n)).collect()
}

fn facets_from(tallies: [Tally; 5]) -> Facets {
    let mut f = Facets::default();
    let [agency, region, year, kind, language] = &tallies;
    f.agency = top_rendered(agency.counts(), 1, |v| v.to_string());
    f.region = top_rendered(region.counts().filter(|(v, _)| *v != 0), 9, |v| format!("{v:09}"));
    f.year = top_rendered(year.counts(), 1, |v| v.to_string());
    let named = |list: &[&str], v: u64| list.get(v as usize).map_or_else(|| v.to_string(), |s| s.to_string());
    f.kind = top_values(kind.counts().map(|(v, n)| (named(KINDS, v), n)).collect());
    f.language = top_values(language.counts().map(|(v, n)| (named(LANGUAGES, v), n)).collect());
    f
}

#[async_trait::async_trait]
impl SearchIndex for EmbeddedIndex {
    fn engine(&self) -> &'static str {
        "embedded"
    }

    async fn ensure_settings(&self) -> Result<(), SearchError> {
        Ok(())
    }

    async fn upsert(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let id_field = self.f.id;
        let prepared =
            docs.iter().map(|d| self.to_tantivy(d).map(|t| (d.id.clone(), t))).collect::<Result<Vec<_>, _>>()?;
        self.blocking(move |reader, writer| {
            let mut w = writer.lock().map_err(err)?;
            for (id, doc) in prepared {
                w.delete_term(Term::from_field_text(id_field, &id));
                w.add_document(doc).map_err(err)?;
            }
            w.commit().map_err(err)?;
            reader.reload().map_err(err)
        })
        .await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let id_field = self.f.id;
        self.blocking(move |reader, writer| {
            let mut w = writer.lock().map_err(err)?;
            for id in ids {
                w.delete_term(Term::from_field_text(id_field, &id));
            }
            w.commit().map_err(err)?;
            reader.reload().map_err(err)
        })
        .await
    }

    async fn clear(&self) -> Result<(), SearchError> {
        self.blocking(|reader, writer| {
            let mut w = writer.lock().map_err(err)?;
            w.delete_all_documents().map_err(err)?;
            w.commit().map_err(err)?;
            reader.reload().map_err(err)
        })
        .await
    }

    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let Some((query, has_text)) = self.build(q) else { return Ok(SearchResults::default()) };
        let limit = q.limit.clamp(1, super::MAX_DEPTH);
        let offset = q.offset.min(super::MAX_DEPTH.saturating_sub(limit));
        let by_newest = q.sort == Sort::Newest || !has_text;
        let doc_field = self.f.doc;
        let codes = self.codes.clone();
        self.blocking(move |reader, _| {
            let searcher = reader.searcher();
            codes.keep_only(searcher.segment_readers());
            let facets = FacetCounter(codes);
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let (addresses, total, counts): (Vec<DocAddress>, usize, _) = if by_newest {
                let (hits, total, counts) = searcher
                    .search(&query, &(top.order_by_fast_field::<i64>("published_at", Order::Desc), Count, facets))
                    .map_err(err)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total, counts)
            } else {
                let (hits, total, counts) =
                    searcher.search(&query, &(top.order_by_score(), Count, facets)).map_err(err)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total, counts)
            };
            let mut hits = Vec::with_capacity(addresses.len());
            for a in addresses {
                let d: TantivyDocument = searcher.doc(a).map_err(err)?;
                let json = d.get_first(doc_field).and_then(|v| v.as_str()).unwrap_or("{}");
                hits.push(serde_json::from_str::<SearchDoc>(json).map_err(err)?);
            }
            Ok(SearchResults { hits, total: total as u64, facets: facets_from(counts) })
        })
        .await
    }

    async fn health(&self) -> Result<(), SearchError> {
        Ok(())
    }

    async fn is_empty(&self) -> Result<Option<bool>, SearchError> {
        Ok(Some(self.document_count() == 0))
    }

    /// Merges every segment into one: each search pays per segment (the typo automaton walks
    /// every segment's term dictionary), so after a bulk load one segment answers fastest.
    async fn compact(&self) -> Result<(), SearchError> {
        self.blocking(|reader, writer| {
            let mut attempt = 1;
            loop {
                let merging = {
                    let mut w = writer.lock().map_err(err)?;
                    let ids = w.index().searchable_segment_ids().map_err(err)?;
                    if ids.len() < 2 {
                        return reader.reload().map_err(err);
                    }
                    w.merge(&ids)
                };
                // The writer is free while the merge runs; searches read the old segments until then.
                match merging.wait() {
                    Ok(_) => return reader.reload().map_err(err),
                    // tantivy's own merging may have taken some of these segments meanwhile (it
                    // only refuses this merge when it ends); once that is done, try again.
                    Err(e) if attempt < COMPACT_ATTEMPTS => {
                        tracing::debug!(error = %e, attempt, "compaction overlapped a merge; trying again");
                        attempt += 1;
                        std::thread::sleep(std::time::Duration::from_millis(500));
                    }
                    Err(e) => return Err(err(e)),
                }
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str, year: i32, lang: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            kind: "report".into(),
            title: title.into(),
            body: body.into(),
            agency_id: 7,
            agency_kind: "district_akimat".into(),
            region: Some("113200000".into()),
            region_path: vec!["113200000".into(), "110000000".into()],
            year,
            language: lang.into(),
            published_at: i64::from(year) * 1000,
            url: format!("/api/v1/reports/{id}"),
        }
    }

    fn query(q: &str) -> SearchQuery {
        SearchQuery { q: fold(q), limit: 10, ..Default::default() }
    }

    #[tokio::test]
    async fn upsert_replaces_by_id_and_delete_removes() {
        let idx = EmbeddedIndex::in_memory();
        idx.upsert(vec![doc("report-1", "Есеп", "мемлекеттік қызмет", 2024, "kk")]).await.unwrap();
        idx.upsert(vec![doc("report-1", "Есеп", "жер учаскесі", 2024, "kk")]).await.unwrap();
        assert_eq!(idx.document_count(), 1);
        assert_eq!(idx.search(&query("қызмет")).await.unwrap().total, 0);
        assert_eq!(idx.search(&query("учаскесі")).await.unwrap().total, 1);
        idx.delete(vec!["report-1".into()]).await.unwrap();
        assert_eq!(idx.document_count(), 0);
    }

    #[tokio::test]
    async fn facets_count_every_match_not_just_the_page() {
        let idx = EmbeddedIndex::in_memory();
        let docs = (0..30)
            .map(|i| {
                doc(&format!("report-{i}"), "Отчёт", "услуги", 2020 + (i % 3), if i % 2 == 0 { "ru" } else { "kk" })
            })
            .collect();
        idx.upsert(docs).await.unwrap();
        let r = idx.search(&SearchQuery { q: fold("услуги"), limit: 5, ..Default::default() }).await.unwrap();
        assert_eq!(r.hits.len(), 5);
        assert_eq!(r.total, 30);
        assert_eq!(r.facets.language["ru"], 15);
        assert_eq!(r.facets.year["2021"], 10);
        assert_eq!(r.facets.region["113200000"], 30);
        assert_eq!(r.facets.agency["7"], 30);
    }

    #[test]
    fn numeric_top_values_pick_what_the_rendered_ones_would() {
        // Ids whose string order differs from their numeric order, many tied counts.
        let counts: Vec<(u64, u64)> = (1..=3925u64).map(|v| (v, if v % 97 == 0 { 14 } else { 13 - v % 3 })).collect();
        let all: BTreeMap<String, u64> = counts.iter().map(|(v, n)| (v.to_string(), *n)).collect();
        let expected = Facets { agency: all, ..Default::default() }.capped().agency;
        assert_eq!(top_rendered(counts.iter().copied(), 1, |v| v.to_string()), expected);
        let regions = [(110000000u64, 5u64), (7, 5), (999999999, 5)];
        let rendered: BTreeMap<String, u64> = regions.iter().map(|(v, n)| (format!("{v:09}"), *n)).collect();
        assert_eq!(top_rendered(regions.into_iter(), 9, |v| format!("{v:09}")), rendered);
        assert!(decimal_key(2, 1) > decimal_key(1000, 1) && decimal_key(10, 1) > decimal_key(1, 1));
        assert_eq!(&decimal_key(0, 1)[..2], b"0\0");
    }

    #[tokio::test]
    async fn phrases_match_their_words_in_a_row_and_nothing_else() {
        let idx = EmbeddedIndex::in_memory();
        let long = "ұ".repeat(MAX_WORD + 1);
        idx.upsert(vec![
            doc("report-1", "Есеп", "Жер учаскесін беру мерзімі бұзылды", 2024, "kk"),
            doc("report-2", "Есеп", "жер және учаскесін беру", 2024, "kk"),
            doc("report-3", "Есеп", "беру учаскесін жер", 2024, "kk"),
            // Both pairs of the three-word phrase, but not one after the other.
            doc("report-4", "Есеп", "жер учаскесін, сондай-ақ учаскесін беру", 2024, "kk"),
            doc("report-5", "Жер учаскесін беру туралы", "басқа мәтін", 2024, "kk"),
            // A word too long to search for is still a word between its neighbours.
            doc("report-6", "Есеп", &format!("жер {long} учаскесін"), 2024, "kk"),
        ])
        .await
        .unwrap();
        let ids = |q: &str| {
            let idx = &idx;
            let q = SearchQuery { limit: 20, ..query(q) };
            async move {
                let mut ids: Vec<String> = idx.search(&q).await.unwrap().hits.into_iter().map(|h| h.id).collect();
                ids.sort();
                ids
            }
        };
        assert_eq!(ids("\"жер учаскесін\"").await, ["report-1", "report-4", "report-5"]);
        assert_eq!(ids("\"учаскесін беру\"").await, ["report-1", "report-2", "report-4", "report-5"]);
        assert_eq!(ids("\"жер учаскесін беру\"").await, ["report-1", "report-5"]);
        assert_eq!(ids("\"учаскесін беру мерзімі бұзылды\"").await, ["report-1"]);
        assert_eq!(ids("\"беру жер\"").await, Vec::<String>::new());
        // The title counts double: the report with the phrase in its title comes first.
        let first = idx.search(&query("\"учаскесін беру\"")).await.unwrap().hits[0].id.clone();
        assert_eq!(first, "report-5");
    }

    #[tokio::test]
    async fn long_words_are_found_up_to_the_longest_a_query_may_hold() {
        let idx = EmbeddedIndex::in_memory();
        let longest = "ж".repeat(MAX_WORD);
        idx.upsert(vec![
            doc("report-1", "Есеп", "поддержка сельскохозяйственных товаропроизводителей", 2024, "ru"),
            doc("report-2", "Есеп", &format!("сөз {longest} сөз"), 2024, "kk"),
        ])
        .await
        .unwrap();
        // Twenty Cyrillic letters are forty bytes, which tantivy's default tokenizer drops.
        assert_eq!(idx.search(&query("сельскохозяйственных ")).await.unwrap().total, 1);
        assert_eq!(idx.search(&query("\"сельскохозяйственных товаропроизводителей\"")).await.unwrap().total, 1);
        assert_eq!(idx.search(&query(&format!("{longest} "))).await.unwrap().total, 1);
    }

    #[tokio::test]
    async fn compacting_merges_the_segments_and_keeps_every_answer() {
        let idx = EmbeddedIndex::in_memory();
        for batch in 0..3 {
            let docs = (0..4)
                .map(|i| {
                    let n = batch * 4 + i;
                    doc(&format!("report-{n}"), "Есеп", &format!("мемлекеттік қызмет {n}"), 2020 + n % 3, "kk")
                })
                .collect();
            idx.upsert(docs).await.unwrap();
        }
        idx.delete(vec!["report-5".into()]).await.unwrap();
        assert!(idx.segment_count() >= 3, "one segment per commit");
        let all = SearchQuery { limit: 20, ..query("қызмет") };
        let before = idx.search(&all).await.unwrap();
        idx.compact().await.unwrap();
        assert_eq!(idx.segment_count(), 1);
        let after = idx.search(&all).await.unwrap();
        assert_eq!((after.total, &after.facets.year), (before.total, &before.facets.year));
        assert_eq!(after.total, 11, "the deleted document stays deleted");
        let ids = |r: &SearchResults| {
            let mut ids: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&after), ids(&before));
        // Nothing left to merge: a no-op.
        idx.compact().await.unwrap();
        assert_eq!(idx.segment_count(), 1);
    }

    #[tokio::test]
    async fn an_index_on_disk_survives_reopening() {
        let dir = std::env::temp_dir().join(format!("baqylau-idx-{}", uuid::Uuid::new_v4().simple()));
        {
            let idx = EmbeddedIndex::open(Some(&dir)).unwrap();
            idx.upsert(vec![doc("report-1", "Есеп", "мемлекеттік қызмет", 2024, "kk")]).await.unwrap();
        }
        let idx = EmbeddedIndex::open(Some(&dir)).unwrap();
        assert_eq!(idx.document_count(), 1);
        drop(idx);
        std::fs::remove_dir_all(dir).ok();
    }
}
