//! The CV as plain text, for the forms of job portals: every word of the
//! view in data order, paragraphs separated by blank lines, no layout.

use crate::catalogue::SectionKind;
use crate::markup::{Block, plain_text};
use crate::view::{ContactKind, Entry, View};

/// The view as text.
pub fn render(view: &View) -> String {
    let mut out = Text::default();
    let header = &view.header;
    out.line(&header.name);
    out.line(&header.label);
    let contacts: Vec<String> = header
        .contacts
        .iter()
        .map(|c| match c.kind {
            ContactKind::Profile if !c.network.is_empty() => format!("{}: {}", c.network, c.text),
            _ => c.text.clone(),
        })
        .collect();
    out.line(&contacts.join(" · "));
    out.blocks(&header.summary);
    for section in &view.sections {
        out.heading(&section.title);
        for entry in &section.entries {
            out.entry(entry, section.kind);
        }
        out.blocks(&section.body);
        for item in &section.items {
            out.blocks(item);
        }
    }
    out.finish()
}

#[derive(Default)]
struct Text {
    paragraphs: Vec<String>,
}

impl Text {
    fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.paragraphs.push(text.to_owned());
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.line(&plain_text(std::slice::from_ref(block)));
        }
    }

    fn heading(&mut self, title: &str) {
        self.paragraphs.push(format!("{title}\n{}", "=".repeat(title.chars().count())));
    }

    fn entry(&mut self, entry: &Entry, kind: SectionKind) {
        let mut head = entry.title.clone();
        if !entry.subtitle.is_empty() {
            head += if kind == SectionKind::Compact { ": " } else { " — " };
            head += &entry.subtitle;
        }
        if kind == SectionKind::Compact && !entry.keywords.is_empty() {
            head += if entry.subtitle.is_empty() { ": " } else { " — " };
            head += &entry.keywords.join(", ");
        }
        let details: Vec<&str> = [entry.dates.as_str(), entry.location.as_str()]
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect();
        if !details.is_empty() {
            head += &format!(" ({})", details.join(", "));
        }
        if let Some(url) = &entry.url {
            head += &format!(" <{url}>");
        }
        self.line(&head);
        if kind == SectionKind::Compact {
            return;
        }
        self.line(&entry.description);
        self.blocks(&entry.summary);
        self.blocks(&entry.body);
        let highlights: Vec<String> =
            entry.highlights.iter().map(|h| format!("- {}", plain_text(h))).collect();
        self.line(&highlights.join("\n"));
        self.line(&entry.keywords.join(", "));
    }

    fn finish(self) -> String {
        self.paragraphs.join("\n\n") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load;
    use crate::view::{ViewOptions, build};

    #[test]
    fn text_holds_everything_in_order() {
        let yaml = "basics:\n  name: Ada\n  label: Engineer\n  email: ada@example.org\n  summary: Loves **engines**.\nwork:\n  - name: Analytical\n    position: Programmer\n    startDate: 1842\n    highlights: [\"First [program](https://example.org/notes)\"]\nskills:\n  - {name: Maths, keywords: [Bernoulli, Numbers]}\n";
        let loaded = load("cv.yaml", yaml.as_bytes()).unwrap();
        let text = render(&build(&loaded, &ViewOptions::default()).0);
        assert_eq!(
            text,
            "Ada\n\nEngineer\n\nada@example.org\n\nLoves engines.\n\nExperience\n==========\n\nAnalytical — Programmer (1842 – present)\n\n- First program <https://example.org/notes>\n\nSkills\n======\n\nMaths: Bernoulli, Numbers\n"
        );
    }
}
