//! The embedded engine: a tantivy index in the process, persisted under the data directory.
//! It indexes folded text (so `кызмет` meets `қызмет`), scores exact words with BM25 and lets
//! typos and the last word's prefix match as well, the way Meilisearch's defaults do.
use std::{
    collections::HashMap,
    ops::Bound,
    path::Path,
    sync::{Arc, Mutex},
};

use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term,
    collector::{Collector, Count, SegmentCollector, TopDocs},
    columnar::Column,
    query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery},
    schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, Value},
};

use super::{Facets, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults, Sort, parse_query, typo_budget};
use crate::domain::{directory::AgencyKind, text::fold};

const KINDS: &[&str] = &["report", "conclusion", "answer", "draft_act"];
const LANGUAGES: &[&str] = &["kk", "ru", "en"];
/// Words longer than this are not indexed by the default tokenizer; queries ignore them too.
const MAX_WORD: usize = 40;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
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
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", TEXT),
        body: b.add_text_field("body", TEXT),
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
        let writer = index.writer(50_000_000).map_err(err)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(err)?;
        Ok(Self { reader, writer: Arc::new(Mutex::new(writer)), f })
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

    fn to_tantivy(&self, d: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let f = self.f;
        let mut t = TantivyDocument::default();
        t.add_text(f.id, &d.id);
        t.add_text(f.title, fold(&d.title));
        t.add_text(f.body, fold(&d.body));
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
        let per_field = |field: Field, boost: f32| -> Box<dyn Query> {
            let term = Term::from_field_text(field, word);
            let exact: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            let loose: Box<dyn Query> = if prefix {
                Box::new(FuzzyTermQuery::new_prefix(term, budget, true))
            } else {
                Box::new(FuzzyTermQuery::new(term, budget, true))
            };
            // The exact word scores by BM25; a typo or a prefix only lets the document in.
            let q = BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, loose)]);
            Box::new(BoostQuery::new(Box::new(q), boost))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, per_field(self.f.title, 2.0)),
            (Occur::Should, per_field(self.f.body, 1.0)),
        ]))
    }

    fn phrase_query(&self, words: &[String]) -> Box<dyn Query> {
        let per_field = |field: Field, boost: f32| -> Box<dyn Query> {
            let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(field, w)).collect();
            Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, per_field(self.f.title, 2.0)),
            (Occur::Should, per_field(self.f.body, 1.0)),
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

/// Counts matching documents per facet value, from the fast fields.
struct FacetCounter;

struct SegmentFacets {
    columns: [(usize, Column<u64>); 5],
    counts: HashMap<(usize, u64), u64>,
}

const FACET_FIELDS: [&str; 5] = ["agency_id", "region", "year", "kind", "language"];

impl Collector for FacetCounter {
    type Fruit = HashMap<(usize, u64), u64>;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = segment.fast_fields();
        Ok(SegmentFacets {
            columns: [
                (0, ff.u64(FACET_FIELDS[0])?),
                (1, ff.u64(FACET_FIELDS[1])?),
                (2, ff.u64(FACET_FIELDS[2])?),
                (3, ff.u64(FACET_FIELDS[3])?),
                (4, ff.u64(FACET_FIELDS[4])?),
            ],
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<(usize, u64), u64>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::new();
        for fruit in fruits {
            for (k, v) in fruit {
                *all.entry(k).or_insert(0) += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = HashMap<(usize, u64), u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (i, col) in &self.columns {
            if let Some(v) = col.first(doc) {
                *self.counts.entry((*i, v)).or_insert(0) += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

fn facets_from(counts: HashMap<(usize, u64), u64>) -> Facets {
    let mut f = Facets::default();
    for ((field, value), n) in counts {
        let (map, key) = match field {
            0 => (&mut f.agency, value.to_string()),
            1 if value == 0 => continue,
            1 => (&mut f.region, format!("{value:09}")),
            2 => (&mut f.year, value.to_string()),
            3 => (&mut f.kind, KINDS.get(value as usize).map_or_else(|| value.to_string(), |s| s.to_string())),
            _ => (&mut f.language, LANGUAGES.get(value as usize).map_or_else(|| value.to_string(), |s| s.to_string())),
        };
        map.insert(key, n);
    }
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
        self.blocking(move |reader, _| {
            let searcher = reader.searcher();
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let (addresses, total, counts): (Vec<DocAddress>, usize, _) = if by_newest {
                let (hits, total, counts) = searcher
                    .search(&query, &(top.order_by_fast_field::<i64>("published_at", Order::Desc), Count, FacetCounter))
                    .map_err(err)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total, counts)
            } else {
                let (hits, total, counts) =
                    searcher.search(&query, &(top.order_by_score(), Count, FacetCounter)).map_err(err)?;
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
