//! The conclusion rules' tests, beside the rules in `domain/conclusions.rs`.
use super::*;

fn t(s: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap().and_utc()
}

fn full() -> Sections {
    let mut s = Sections::default();
    for k in SectionKey::ALL {
        s.parts.insert(*k, format!("1. Пункт части {}.", k.as_str()));
    }
    s
}

#[test]
fn every_title_names_one_part_and_the_canonical_ones_are_listed() {
    let mut seen: HashMap<String, SectionKey> = HashMap::new();
    for (key, titles) in RECOGNISED_TITLES {
        for title in *titles {
            let n = normalise_title(title);
            assert!(!n.is_empty(), "{title}");
            if let Some(other) = seen.insert(n.clone(), *key) {
                assert_eq!(other, *key, "{title} is listed under two parts");
            }
            assert_eq!(section_for_title(title), Some(*key), "{title}");
        }
    }
    for lang in Lang::ALL {
        for key in SectionKey::ALL {
            let title = key.title(lang);
            assert!(!title.starts_with("conclusions."), "{title}");
            assert_eq!(section_for_title(&title), Some(*key), "{}: {title}", lang.code());
        }
    }
}

#[test]
fn headings_match_regardless_of_case_punctuation_and_numbering() {
    use SectionKey::*;
    let cases = [
        ("1. РЕКОМЕНДАЦИИ:", Recommendations),
        ("IV. Предложения по совершенствованию подзаконных НПА.", BylawProposals),
        ("2) Recommendations", Recommendations),
        ("№ 3 — Proposals to improve service quality", QualityProposals),
        ("  Quality   proposals ", QualityProposals),
        ("Усынымдар", Recommendations),
        ("І. Ұсынымдар", Recommendations),
        ("ІІІ. Сапаны арттыру жөніндегі ұсыныстар;", QualityProposals),
        ("«Заңнаманың сақталуы»", Compliance),
        ("Заңға тәуелді НҚА-ны жетілдіру жөніндегі ұсыныстар", BylawProposals),
        ("1.1 Соблюдение законодательства", Compliance),
        ("COMPLIANCE!", Compliance),
    ];
    for (title, key) in cases {
        assert_eq!(section_for_title(title), Some(key), "{title}");
    }
    for title in ["Выводы", "Рекомендации и предложения", "1.", "", "Proposals"] {
        assert_eq!(section_for_title(title), None, "{title}");
    }
    assert_eq!(normalise_title("Ёлка: Предложения"), "елка предложения");
}

#[test]
fn a_document_splits_into_its_parts() {
    let md = "# Заключение по итогам мониторинга\n\nМониторинг проведён в марте 2026 года.\n\n\
              ## 1. Соблюдение законодательства\n\nВыявлено [obs:12].\n\n### Акимат района\n\nСроки нарушены.\n\n\
              > ## Рекомендации\n> цитата, а не часть\n\n\
              ```\n## Рекомендации\n```\n\n\
              Рекомендации\n------------\n\n1. Соблюдать сроки.\n2. Не требовать лишних документов.\n\n\
              ## Quality proposals:\n\nПеревести услугу в электронный вид.\n\n\
              ## Заңға тәуелді актілерді жетілдіру жөніндегі ұсыныстар\n\n<!-- подсказка -->\n";
    let s = parse_document(md).unwrap();
    assert_eq!(
        s.preamble.as_deref(),
        Some("# Заключение по итогам мониторинга\n\nМониторинг проведён в марте 2026 года.")
    );
    assert_eq!(
        s.get(SectionKey::Compliance),
        Some(
            "Выявлено [obs:12].\n\n### Акимат района\n\nСроки нарушены.\n\n> ## Рекомендации\n> цитата, а не часть\n\n```\n## Рекомендации\n```"
        )
    );
    assert_eq!(s.get(SectionKey::Recommendations), Some("1. Соблюдать сроки.\n2. Не требовать лишних документов."));
    assert_eq!(s.get(SectionKey::QualityProposals), Some("Перевести услугу в электронный вид."));
    assert_eq!(s.get(SectionKey::BylawProposals), Some("<!-- подсказка -->"));
    assert_eq!(missing_or_empty(&s), [SectionKey::BylawProposals]);
    let only = parse_document("Просто текст.\n").unwrap();
    assert_eq!((only.preamble.as_deref(), only.parts.len()), (Some("Просто текст."), 0));
}

#[test]
fn unknown_headings_and_repeated_parts_are_named_with_their_lines() {
    let md =
        "## Рекомендации\n\n- а\n\n## Выводы комиссии\n\nтекст\n\n## 2. Рекомендации\n\n- б\n\n## **Прочее** `x`\n";
    let problems = parse_document(md).unwrap_err();
    assert_eq!(
        problems,
        [
            ParseProblem::UnknownHeading { title: "Выводы комиссии".into(), line: 5 },
            ParseProblem::DuplicateSection { key: SectionKey::Recommendations, line: 9, first_line: 1 },
            ParseProblem::UnknownHeading { title: "Прочее x".into(), line: 13 },
        ]
    );
    let e = problems[1].field_error();
    assert_eq!((e.pointer.as_str(), e.code), ("/document", "duplicate_section"));
    assert_eq!(e.args, [("key", "recommendations".into()), ("line", "9".into()), ("first_line", "1".into())]);
    let e = problems[0].field_error();
    assert_eq!(e.code, "unknown_section_heading");
    assert_eq!(e.args, [("heading", "Выводы комиссии".into()), ("line", "5".into())]);
}

#[test]
fn an_untouched_template_parses_with_every_part_empty() {
    for lang in Lang::ALL {
        let md = template(lang);
        assert_eq!(md.matches("\n## ").count() + usize::from(md.starts_with("## ")), 4, "{md}");
        assert_eq!(md.matches("<!--").count(), 4);
        let s = parse_document(&md).unwrap();
        assert_eq!(s.parts.len(), 4);
        assert_eq!(s.preamble, None);
        assert_eq!(missing_or_empty(&s), SectionKey::ALL, "{}", lang.code());
        for key in SectionKey::ALL {
            let hint = i18n::text(lang, &format!("conclusions.hint.{}", key.as_str()));
            assert!(!hint.contains("-->") && !hint.starts_with("conclusions."), "{hint}");
        }
    }
    assert!(template(Lang::Ru).starts_with("## Соблюдение законодательства о государственных услугах\n\n<!-- "));
}

#[test]
fn blank_parts() {
    for md in [
        "",
        "  \n\t\n",
        "<!-- подсказка -->",
        "<!--\nмного\nстрок\n-->\n\n<!-- ещё -->",
        "- \n- \n",
        "1.\n2.\n",
        "---",
        "###",
        "<!-- незакрытый",
    ] {
        assert!(is_blank(md), "{md:?}");
    }
    for md in
        ["текст", "`код`", "![схема](a.png)", "- пункт", "<!-- х --> текст", "<b>жирный</b>", "| a |\n|---|\n| 1 |"]
    {
        assert!(!is_blank(md), "{md:?}");
    }
}

#[test]
fn submitting_needs_all_four_parts() {
    let mut s = full();
    assert_eq!(missing_or_empty(&s), []);
    assert!(Complete::check(&s).is_ok());
    s.parts.remove(&SectionKey::QualityProposals);
    s.parts.insert(SectionKey::Compliance, "<!-- позже -->".into());
    let missing = missing_or_empty(&s);
    assert_eq!(missing, [SectionKey::Compliance, SectionKey::QualityProposals]);
    assert_eq!(Complete::check(&s), Err(missing.clone()));
    let errors = missing_field_errors(&missing);
    assert_eq!(errors[1].pointer, "/sections/quality_proposals");
    assert_eq!(
        (errors[1].code, errors[1].args.clone()),
        ("section_required", vec![("key", "quality_proposals".into())])
    );
}

#[test]
fn parts_as_fields_and_back_as_one_document() {
    let s = Sections::from_fields(
        Some("  \nВведение.\n"),
        [
            ("recommendations", "\n\n1. Первая.\n   - подпункт\n\n"),
            ("compliance", "    отступ кода\n\nтекст"),
            ("bylaw_proposals", ""),
        ],
    )
    .unwrap();
    assert_eq!(s.preamble.as_deref(), Some("Введение."));
    assert_eq!(s.get(SectionKey::Recommendations), Some("1. Первая.\n   - подпункт"));
    assert_eq!(s.get(SectionKey::Compliance), Some("    отступ кода\n\nтекст"));
    for lang in Lang::ALL {
        assert_eq!(parse_document(&s.to_document(lang)), Ok(s.clone()), "{}", lang.code());
    }
    let errors =
        Sections::from_fields(None, [("recommendations", "текст\n\n## Quality proposals\n"), ("summary", "x")])
            .unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!((errors[0].pointer.as_str(), errors[0].code), ("/sections/recommendations", "heading_in_section"));
    assert_eq!(errors[0].args, [("heading", "Quality proposals".into()), ("line", "3".into())]);
    assert_eq!((errors[1].pointer.as_str(), errors[1].code), ("/sections/summary", "invalid_value"));
}

#[test]
fn sections_serialise_with_keys_in_the_laws_order() {
    let json = serde_json::to_string(&full()).unwrap();
    let order: Vec<usize> =
        SectionKey::ALL.iter().map(|k| json.find(&format!("\"{}\"", k.as_str())).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
    assert_eq!(serde_json::from_str::<Sections>(&json).unwrap(), full());
    assert!(serde_json::from_str::<Sections>(r#"{"preamble":null,"parts":{"summary":"x"}}"#).is_err());
}

#[test]
fn observation_references() {
    assert_eq!(observation_refs("Нарушение [obs:12] и [OBS:7]; снова [obs:12]."), [12, 7]);
    // What pulldown-cmark does without the callback: the brackets come back as plain text.
    let plain: Vec<String> =
        Parser::new("[obs:12]").filter_map(|e| if let Md::Text(t) = e { Some(t.to_string()) } else { None }).collect();
    assert_eq!(plain.concat(), "[obs:12]");
    assert_eq!(observation_refs("См. [очередь][obs:4] и [obs:5][], [obs:6][obs:8]."), [4, 5, 6, 8]);
    assert_eq!(observation_refs("[obs:9]: https://example.org/obs/9\n\nСм. [obs:9]."), [9]);
    assert_eq!(observation_refs("[obs:10](https://example.org/obs/10)"), [10]);
    assert_eq!(observation_refs("| Орган | Довод |\n|---|---|\n| Акимат | [obs:11] |"), [11]);
    assert_eq!(observation_refs("- пункт [obs:13]\n  > цитата [obs:14]"), [13, 14]);
    for none in [
        "`[obs:1]`",
        "```\n[obs:2]\n```",
        "    [obs:3]",
        "\\[obs:4\\]",
        "[obs:x] [obs:] [obs:0] [obs:-1] [observation:5] [obs:99999999999999999999]",
        "![obs:6]",
    ] {
        assert_eq!(observation_refs(none), Vec::<i64>::new(), "{none}");
    }
}

#[test]
fn a_table_of_violations_by_agency_and_category() {
    let rows = [
        ("Акимат района Байконыр", "deadline_breached", 3u64),
        ("ГК «Правительство для граждан»", "unjustified_refusal", 1),
        ("Акимат района Байконыр", "fee_for_free_service", 2),
        ("ГК «Правительство для граждан»", "deadline_breached", 4),
        ("Акимат района Байконыр", "deadline_breached", 1),
        ("Отдел | ЖКХ *г. Астана*", "zzz_custom", 1),
        ("Пустой", "other", 0),
    ];
    let md = violations_table(Lang::Ru, rows, |c| c.replace("_", " "));
    let expected = "| Орган | deadline breached | unjustified refusal | fee for free service | zzz custom | Итого |\n\
                    |---|---:|---:|---:|---:|---:|\n\
                    | Акимат района Байконыр | 4 | 0 | 2 | 0 | 6 |\n\
                    | ГК «Правительство для граждан» | 4 | 1 | 0 | 0 | 5 |\n\
                    | Отдел \\| ЖКХ \\*г. Астана\\* | 0 | 0 | 0 | 1 | 1 |\n\
                    | **Итого** | 8 | 1 | 2 | 1 | **12** |\n";
    assert_eq!(md, expected);
    // The names come back as written once the table is parsed.
    let html = crate::markdown::to_html(&md);
    assert!(html.contains("<td>Отдел | ЖКХ *г. Астана*</td>"), "{html}");
    assert_eq!(html.matches("<tr>").count(), 5);
    let none: [(&str, &str, u64); 0] = [];
    assert_eq!(violations_table(Lang::Kk, none, |c| c.to_string()), "Бұзушылықтар тіркелмеген.");
}

#[test]
fn line_diffs_between_revisions() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh";
    let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\n";
    let d = line_diff(old, new, 1);
    assert_eq!((d.inserted, d.deleted, d.hunks.len()), (2, 1, 2));
    let h = &d.hunks[0];
    assert_eq!((h.old_start, h.old_lines, h.new_start, h.new_lines), (1, 3, 1, 3));
    let tags: Vec<(LineTag, Option<usize>, Option<usize>, &str)> =
        h.lines.iter().map(|l| (l.tag, l.old_line, l.new_line, l.text.as_str())).collect();
    assert_eq!(
        tags,
        [
            (LineTag::Equal, Some(1), Some(1), "a"),
            (LineTag::Delete, Some(2), None, "b"),
            (LineTag::Insert, None, Some(2), "B"),
            (LineTag::Equal, Some(3), Some(3), "c"),
        ]
    );
    let h = &d.hunks[1];
    assert_eq!((h.old_start, h.old_lines, h.new_start, h.new_lines), (8, 1, 8, 2));
    assert_eq!(h.lines.last().map(|l| (l.tag, l.text.as_str())), Some((LineTag::Insert, "i")));
    // Everything in one hunk with enough context; nothing when only the final line break differs.
    assert_eq!(line_diff(old, new, usize::MAX).hunks.len(), 1);
    assert_eq!(line_diff("a\nb", "a\nb\n", 3), LineDiff { inserted: 0, deleted: 0, hunks: vec![] });
    assert_eq!(line_diff("", "новое", 3).inserted, 1);
    let json = serde_json::to_value(line_diff("x\n", "y\n", 0)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"inserted": 1, "deleted": 1, "hunks": [{
            "old_start": 1, "old_lines": 1, "new_start": 1, "new_lines": 1,
            "lines": [
                {"tag": "delete", "old_line": 1, "new_line": null, "text": "x"},
                {"tag": "insert", "old_line": null, "new_line": 1, "text": "y"}
            ]
        }]})
    );
}

fn events() -> Vec<Event> {
    vec![
        Event::Edit,
        Event::Submit(Complete::check(&full()).unwrap()),
        Event::Publish,
        Event::Correct(CorrectionReason::parse("Опечатка в наименовании органа").unwrap()),
    ]
}

/// Every state against every event: exactly the legal moves succeed, the rest name the state
/// the event needs.
#[test]
fn the_lifecycle_exhaustively() {
    use ConclusionState::*;
    for state in ConclusionState::ALL {
        for event in events() {
            let name = event.name();
            let got = state.apply(event);
            let want = match (state, name) {
                (Draft, "edit") => Ok(Draft),
                (Draft, "submit") => Ok(Submitted),
                (Submitted, "publish") => Ok(Published),
                (Published, "correct") => Ok(Published),
                (_, "edit" | "submit") => Err("conclusion_not_draft"),
                (_, "publish") => Err("conclusion_not_submitted"),
                (_, "correct") => Err("conclusion_not_published"),
                _ => unreachable!(),
            };
            assert_eq!(got.map_err(|e| (e.code(), e.from())), want.map_err(|c| (c, *state)), "{state:?} + {name}");
        }
    }
    assert_eq!(Event::Edit.revision_kind(), Some(RevisionKind::Draft));
    assert_eq!(events()[3].revision_kind(), Some(RevisionKind::Correction));
    assert_eq!(events()[2].revision_kind(), None);
}

#[test]
fn a_correction_needs_a_reason() {
    assert_eq!(CorrectionReason::parse("  \n").unwrap_err().code, "required");
    assert_eq!(CorrectionReason::parse(&"я".repeat(CORRECTION_REASON_MAX + 1)).unwrap_err().code, "too_long");
    assert_eq!(CorrectionReason::parse(" Опечатка ").unwrap().as_str(), "Опечатка");
}

#[test]
fn items_are_top_level_list_items_or_paragraphs() {
    let mut s = Sections::default();
    s.parts.insert(SectionKey::Compliance, "1. Не пункт, а вывод.".into());
    s.parts.insert(
        SectionKey::Recommendations,
        "Мониторинг рекомендует:\n\n1. Соблюдать сроки.\n2. Не требовать справок:\n   - о составе семьи;\n   - о месте жительства.\n3.\n\n### Акимату\n\n10. Обучить работников.\n    Ежеквартально.\n".into(),
    );
    s.parts.insert(
        SectionKey::QualityProposals,
        "Первое предложение.\n\n<!-- подсказка -->\n\nВторое\nв две строки.".into(),
    );
    s.parts.insert(SectionKey::BylawProposals, "<!-- пусто -->".into());
    let got: Vec<(String, SectionKey, u32, String)> =
        items(&s).into_iter().map(|i| (i.key, i.section, i.number, i.text_md)).collect();
    use SectionKey::*;
    assert_eq!(
        got,
        [
            ("recommendations.1".into(), Recommendations, 1, "Соблюдать сроки.".into()),
            (
                "recommendations.2".into(),
                Recommendations,
                2,
                "Не требовать справок:\n- о составе семьи;\n- о месте жительства.".into()
            ),
            ("recommendations.3".into(), Recommendations, 3, "Обучить работников.\nЕжеквартально.".into()),
            ("quality_proposals.1".into(), QualityProposals, 1, "Первое предложение.".into()),
            ("quality_proposals.2".into(), QualityProposals, 2, "Второе\nв две строки.".into()),
        ]
    );
}

#[test]
fn a_rejection_needs_a_reason() {
    use MeasureStatus::*;
    assert_eq!(Rejected.check_reason(None).unwrap_err().pointer, "/reason");
    assert_eq!(Rejected.check_reason(Some("  ")).unwrap_err().code, "required");
    assert_eq!(Rejected.check_reason(Some(" Нет полномочий ")).unwrap(), Some("Нет полномочий".into()));
    assert_eq!(Accepted.check_reason(None).unwrap(), None);
    assert_eq!(Done.check_reason(Some("Приказ №5")).unwrap(), Some("Приказ №5".into()));
    assert_eq!(InProgress.check_reason(Some(&"x".repeat(ANSWER_REASON_MAX + 1))).unwrap_err().code, "too_long");
    assert!(Rejected.needs_reason() && !Accepted.needs_reason() && !InProgress.needs_reason() && !Done.needs_reason());
}

#[test]
fn answers_are_editable_for_seven_days() {
    let created = t("2026-03-02 10:00:00");
    assert!(editable(created, created));
    assert!(editable(created, t("2026-03-09 09:59:59")));
    assert!(!editable(created, t("2026-03-09 10:00:00")));
    assert!(!editable(created, t("2026-04-01 00:00:00")));
}

#[test]
fn the_scorecard_counts_the_latest_answer_and_the_silence() {
    use MeasureStatus::*;
    let keys = ["recommendations.1", "recommendations.2", "quality_proposals.1"];
    let a = |id, agency_id, item: &str, status, at| AnswerRow {
        id,
        agency_id,
        item_key: item.into(),
        status,
        created_at: t(at),
    };
    let answers = [
        a(1, 10, "recommendations.1", Accepted, "2026-04-01 09:00:00"),
        a(2, 10, "recommendations.1", Done, "2026-05-01 09:00:00"),
        a(3, 10, "recommendations.2", Rejected, "2026-04-02 09:00:00"),
        a(5, 20, "recommendations.1", InProgress, "2026-04-03 09:00:00"),
        a(4, 20, "recommendations.1", Accepted, "2026-04-03 09:00:00"),
        a(6, 20, "bylaw_proposals.9", Done, "2026-04-03 09:00:00"),
        a(7, 99, "recommendations.2", Done, "2026-04-03 09:00:00"),
    ];
    let card = scorecard(&[10, 20, 30, 10], &keys, &answers);
    let row = |agency_id, accepted, in_progress, done, rejected, ignored| AgencyScore {
        agency_id,
        accepted,
        in_progress,
        done,
        rejected,
        ignored,
    };
    assert_eq!(card, [row(10, 0, 0, 1, 1, 1), row(20, 0, 1, 0, 0, 2), row(30, 0, 0, 0, 0, 3)]);
}

#[test]
fn field_codes_have_texts() {
    for code in ["unknown_section_heading", "duplicate_section", "section_required", "heading_in_section"] {
        for lang in Lang::ALL {
            let key = format!("fields.{code}");
            assert_ne!(i18n::text(lang, &key), key, "{}", lang.code());
        }
    }
}
