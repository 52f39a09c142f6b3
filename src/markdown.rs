//! Markdown written by people, rendered to HTML that is safe to show: pulldown-cmark parses,
//! ammonia sanitizes (no scripts, no event attributes, no `javascript:` or `data:` URLs; links
//! marked `nofollow noopener`). Also plain text, for the search index.
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown dialect of the portal; parsing rules elsewhere (conclusions' sections) use the same
/// one, so what they see is what is rendered.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Text for HTML, appended to `out`: the five characters that could open markup or end an
/// attribute, escaped. The one escaper for text the portal writes into HTML itself.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

pub fn to_html(md: &str) -> String {
    to_html_under(md, 1)
}

/// As `to_html`, for a document shown under a page's own headings: its highest heading becomes
/// `h{top}` and the others keep their distance below it, so the page's outline stays one tree.
pub fn to_html_under(md: &str, top: usize) -> String {
    use pulldown_cmark::HeadingLevel;
    let highest = Parser::new_ext(md, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let levels = top.saturating_sub(highest);
    let shift = |l: HeadingLevel| HeadingLevel::try_from((l as usize + levels).min(6)).unwrap_or(HeadingLevel::H6);
    let events = Parser::new_ext(md, options()).map(|e| match e {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: shift(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        other => other,
    });
    sanitized(events)
}

/// HTML from parser events, sanitized.
fn sanitized<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener"))
        .clean(&raw)
        .to_string()
}

/// As `to_html`, with the citations `[obs:N]` written in the text (not in code, not inside a link)
/// turned into links to `href(N)`: the parser's own link events, so the sanitizer sees them too.
pub fn to_html_citing(md: &str, href: impl Fn(u64) -> String) -> String {
    use pulldown_cmark::{CowStr, LinkType, TextMergeStream};
    let mut out: Vec<Event> = Vec::new();
    let (mut in_code, mut in_link) = (false, false);
    for e in TextMergeStream::new(Parser::new_ext(md, options())) {
        match &e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Link { .. }) => in_link = true,
            Event::End(TagEnd::Link) => in_link = false,
            _ => {}
        }
        let Event::Text(text) = &e else {
            out.push(e);
            continue;
        };
        if in_code || in_link {
            out.push(e);
            continue;
        }
        let mut rest: &str = text;
        while let Some(at) = rest.to_ascii_lowercase().find("[obs:") {
            let digits = rest[at + 5..].bytes().take_while(u8::is_ascii_digit).count();
            let n = rest[at + 5..at + 5 + digits].parse::<u64>().ok();
            let closed = rest[at + 5 + digits..].starts_with(']');
            let end = at + 5 + digits + usize::from(closed);
            out.push(Event::Text(CowStr::from(rest[..at].to_string())));
            match n.filter(|_| closed) {
                Some(n) => {
                    let dest = CowStr::from(href(n));
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: dest,
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    out.push(Event::Text(CowStr::from(format!("[obs:{n}]"))));
                    out.push(Event::End(TagEnd::Link));
                }
                None => out.push(Event::Text(CowStr::from(rest[at..end].to_string()))),
            }
            rest = &rest[end..];
        }
        out.push(Event::Text(CowStr::from(rest.to_string())));
    }
    sanitized(out.into_iter())
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
    fn citations_become_links_outside_links_and_code() {
        let href = |n: u64| format!("/campaigns/7#obs-{n}");
        assert_eq!(
            to_html_citing("See [obs:12] and [OBS:3].", href),
            "<p>See <a href=\"/campaigns/7#obs-12\" rel=\"nofollow noopener\">[obs:12]</a> and <a href=\"/campaigns/7#obs-3\" rel=\"nofollow noopener\">[obs:3]</a>.</p>\n"
        );
        assert_eq!(
            to_html_citing("`[obs:1]` [obs:x] [obs:]\n\n    [obs:4]", href),
            "<p><code>[obs:1]</code> [obs:x] [obs:]</p>\n<pre><code>[obs:4]</code></pre>\n"
        );
        assert_eq!(
            to_html_citing("[see [obs:1]](/x)", href),
            "<p><a href=\"/x\" rel=\"nofollow noopener\">see [obs:1]</a></p>\n"
        );
        assert!(to_html_citing("Қ [obs:2] <script>x</script>", href).contains("Қ <a href=\"/campaigns/7#obs-2\""));
        assert!(!to_html_citing("[obs:2] <script>x</script>", href).contains("<script"));
    }

    #[test]
    fn a_document_under_a_page_heading_moves_its_headings_down() {
        let md = "## Figures\n\ntext\n\n### Detail\n";
        assert_eq!(to_html(md).matches("<h2>").count(), 1, "unchanged on its own");
        let under = to_html_under(md, 3);
        assert!(under.contains("<h3>Figures</h3>") && under.contains("<h4>Detail</h4>"), "{under}");
        assert!(to_html_under("# A\n\n###### B", 3).contains("<h6>B</h6>"), "never past h6");
    }

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

    /// The tags of sanitized HTML, each as its lower-case name and attributes. Text never holds a
    /// raw `<` after sanitizing, so every `<` opens a tag; quoted values may hold `>`.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let mut end = rest.len();
            let mut quote: Option<char> = None;
            for (j, c) in rest.char_indices() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '>') => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            let inner = &rest[..end];
            rest = &rest[end.min(rest.len())..];
            let name: String = inner.chars().take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>').collect();
            let mut attrs = Vec::new();
            let mut a = inner[name.len()..].trim_start_matches('/');
            loop {
                a = a.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                if a.is_empty() {
                    break;
                }
                let n: String = a.chars().take_while(|c| !c.is_whitespace() && *c != '=').collect();
                a = &a[n.len()..];
                let mut value = String::new();
                if let Some(v) = a.strip_prefix('=') {
                    let q = v.chars().next().unwrap_or(' ');
                    if q == '"' || q == '\'' {
                        let close = v[1..].find(q).map_or(v.len(), |k| k + 1);
                        value = v[1..close].to_string();
                        a = &v[(close + 1).min(v.len())..];
                    } else {
                        let len = v.find(char::is_whitespace).unwrap_or(v.len());
                        value = v[..len].to_string();
                        a = &v[len..];
                    }
                }
                attrs.push((n.to_lowercase(), value));
            }
            out.push((name.to_lowercase(), attrs));
        }
        out
    }

    /// What makes HTML unsafe to show: a tag that can run or load something, an event or style
    /// attribute, a URL with another scheme than http, https or mailto, a link without our `rel`.
    fn danger(html: &str) -> Option<String> {
        const TAGS: &[&str] = &[
            "script", "svg", "math", "iframe", "frame", "form", "object", "embed", "style", "base", "meta", "link",
            "input", "button", "textarea", "isindex", "select", "applet", "noscript", "template",
        ];
        const URLS: &[&str] =
            &["href", "src", "action", "formaction", "data", "cite", "poster", "xlink:href", "background"];
        for (name, attrs) in tags(html) {
            let name = name.trim_start_matches('/');
            if TAGS.contains(&name) {
                return Some(format!("<{name}>"));
            }
            for (attr, value) in &attrs {
                if attr.starts_with("on") || attr == "style" || attr == "srcdoc" {
                    return Some(format!("{name} {attr}"));
                }
                let v = value.trim().to_lowercase();
                let scheme = v.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
                if URLS.contains(&attr.as_str()) && !matches!(scheme, None | Some("http" | "https" | "mailto")) {
                    return Some(format!("{name} {attr}={value}"));
                }
            }
            let rel = attrs.iter().find(|(a, _)| a == "rel").map(|(_, v)| v.as_str());
            if name == "a" && attrs.iter().any(|(a, _)| a == "href") && rel != Some("nofollow noopener") {
                return Some(format!("a rel={rel:?}"));
            }
        }
        None
    }

    #[test]
    fn the_checker_sees_unsanitized_html() {
        let raw = |md: &str| {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, options()));
            html
        };
        assert_eq!(danger(&raw("<javascript:alert(1)>")).as_deref(), Some("a href=javascript:alert(1)"));
        assert_eq!(danger(&raw("[x](https://gov.kz)")).as_deref(), Some("a rel=None"));
        assert_eq!(danger("<p title=\"a>b\" onclick=\"x\">").as_deref(), Some("p onclick"));
        assert_eq!(danger("<svg>").as_deref(), Some("<svg>"));
        assert_eq!(danger(&to_html("[x](https://gov.kz) [y](/reports/1) [m](mailto:a@b.kz)")), None);
    }

    #[test]
    fn more_xss_payloads_are_neutralised() {
        let payloads = [
            // SVG with a script, inline and as a data: URI.
            "<svg><script>alert(1)</script></svg>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            // Forms, plugins and their URL attributes.
            "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
            "<form><input type=submit formaction=\"javascript:alert(1)\"></form>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<embed src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<isindex action=javascript:alert(1) type=image>",
            "<base href=\"javascript:alert(1)//\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            // MathML and mutation tricks.
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<math href=\"javascript:alert(1)\">x</math>",
            "<math><maction actiontype=\"statusline#\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            // Entity-encoded and obfuscated schemes.
            "<a href=\"javascript&#58;alert(1)\">x</a>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "[x](javascript&#58;alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            // Autolinks and reference-style links.
            "<javascript:alert(1)>",
            "<JAVASCRIPT:alert(1)>",
            "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
            "[x][evil]\n\n[evil]: javascript:alert(1)",
            "[evil]\n\n[evil]: javascript:alert(1) \"title\"",
            "![x][img]\n\n[img]: javascript:alert(1)",
            // Event attributes on otherwise allowed tags.
            "<details open ontoggle=alert(1)>x</details>",
            "<p onmouseover=alert(1)>x</p>",
            "<a href=\"https://gov.kz\" onclick=\"alert(1)\" rel=\"opener\" target=\"_blank\">x</a>",
        ];
        for p in payloads {
            let html = to_html(p);
            assert_eq!(danger(&html), None, "{p} -> {html}");
        }
    }

    #[test]
    fn external_links_get_nofollow_noopener() {
        for md in [
            "[сайт](https://gov.kz)",
            "<https://egov.kz>",
            "[ref]\n\n[ref]: https://adilet.zan.kz/rus/docs/Z1300000088",
            "<a href=\"https://gov.kz\" rel=\"opener\">x</a>",
            "<a href=\"//evil.example\">x</a>",
        ] {
            let html = to_html(md);
            let anchors: Vec<_> = tags(&html).into_iter().filter(|(n, _)| n == "a").collect();
            assert_eq!(anchors.len(), 1, "{md} -> {html}");
            assert!(anchors[0].1.iter().any(|(a, v)| a == "rel" && v == "nofollow noopener"), "{md} -> {html}");
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

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("Акимат «Ромашка»"), "Акимат «Ромашка»");
    }
}
