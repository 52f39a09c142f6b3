//! Markdown written by people, rendered to HTML that is safe to show: pulldown-cmark parses,
//! ammonia sanitizes (no scripts, no event attributes, no `javascript:` or `data:` URLs; links
//! marked `nofollow noopener`). Also plain text, for the search index.
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

pub fn to_html(md: &str) -> String {
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, Parser::new_ext(md, options()));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener"))
        .clean(&raw)
        .to_string()
}

/// The words of the document without markup, blocks separated by blank lines.
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::CodeBlock,
            ) => out.push_str("\n\n"),
            Event::End(TagEnd::TableCell) | Event::Start(Tag::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_xss_payloads_are_neutralised() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "![x](javascript:alert(1))",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        ];
        for p in payloads {
            let html = to_html(p).to_lowercase();
            for bad in ["<script", "onerror", "onload", "javascript:", "data:text", "<iframe", "<svg", "style="] {
                assert!(!html.contains(bad), "{p} -> {html}");
            }
        }
    }

    #[test]
    fn links_are_marked_and_tables_render() {
        let html = to_html("[сайт](https://gov.kz)\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(html.contains("rel=\"nofollow noopener\""), "{html}");
        assert!(html.contains("<table>"));
    }

    #[test]
    fn text_keeps_words_and_drops_markup() {
        let t = to_text("## Есеп\n\n**Мемлекеттік** қызмет [сайт](https://gov.kz)\n\n- бір\n- екі");
        assert_eq!(t, "Есеп\n\nМемлекеттік қызмет сайт\n\nбір\n\nекі");
    }
}
