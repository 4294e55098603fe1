//! The builder: the view of a loaded CV, its texts resolved to one
//! language, its sections in the order written (see [`build`]).

use super::design::{self, DateFormat, DesignView};
use super::mapping::{AsEntry, non_empty, selected, short_url, without_idle_invisibles};
use super::{
    Attachment, Contact, ContactKind, Decoded, DocumentInfo, Entry, Fit, Header, Paper, Section,
    VERSION, View, printed,
};
use crate::catalogue::{self, SECTIONS, SectionKind};
use crate::diagnostics::{Diagnostic, Location};
use crate::labels::{self, Labels};
use crate::markup::{self, Block};
use crate::model::{Cv, DataPath, Loaded, Text, Visit, language_tag, missing_translation};

/// What to build the view for.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// `--lang`: the language to print in, instead of `meta.lang`. One that
    /// is not a language code is ignored, with a warning.
    pub lang: Option<String>,
    /// Where a file chose `lang` (a letter's front matter), for messages
    /// about it; `None` when `--lang` did.
    pub lang_at: Option<Location>,
    /// The paper size.
    pub paper: Paper,
    /// `--tags`: keep only entries with one of these tags (and untagged ones).
    pub tags: Vec<String>,
    /// The photo's path inside the layout's world, if there is one.
    pub photo: Option<String>,
    /// The data file to attach to the PDF, if `--embed-source` asks.
    pub attachment: Option<Attachment>,
}

/// The region of a language code, as Typst takes it: `pt-br` gives `BR`.
/// Script and variant subtags (`zh-Hant`, `es-419`) name no two-letter
/// region.
fn region_of(code: &str) -> Option<String> {
    code.split('-')
        .skip(1)
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// Where the view's language was chosen, for a message about it: the
/// command line's `--lang`, a letter's `lang`, or the data's `meta.lang`
/// (`en` by default when absent), as said and as located.
pub fn lang_origin(loaded: &Loaded, options: &ViewOptions) -> (String, Option<Location>) {
    match (&options.lang, &options.lang_at) {
        (Some(_), Some(at)) => ("the letter's `lang`".into(), Some(at.clone())),
        (Some(lang), None) => (format!("the option `--lang {lang}`"), None),
        (None, _) => {
            let at = loaded.map.locate(&DataPath::default().key("meta").key("lang"));
            let said = if at.is_some() { "meta.lang" } else { "the default language, en" };
            (said.into(), at)
        }
    }
}

/// Builds the view of a loaded CV. Warnings name missing translations,
/// links that are not addresses, and an unknown language.
pub fn build(loaded: &Loaded, options: &ViewOptions) -> (View, Vec<Diagnostic>) {
    let cv = &loaded.cv;
    let main_lang = cv.lang().to_owned();
    let mut warnings = Vec::new();
    let lang = match options.lang.as_deref().map(|code| (code, language_tag(code))) {
        Some((_, Ok(tag))) => tag,
        Some((code, Err(_))) => {
            warnings.push(Diagnostic::warning(format!(
                "`{code}` is not a language code; using `{main_lang}`"
            )));
            main_lang.clone()
        }
        None => main_lang.clone(),
    };
    let mut builder = Builder {
        loaded,
        lang: lang.clone(),
        main_lang,
        warnings,
        decoded: Vec::new(),
        date_format: DateFormat::new(&cv.design),
    };
    let labels = match labels::for_lang(&lang) {
        Some(labels) => labels,
        None => {
            let (_, written) = lang_origin(loaded, options);
            let mut warning =
                Diagnostic::warning(format!("no labels for language `{lang}`; using English"))
                    .at_location(written);
            if let Some(hint) = crate::model::country_meant(&lang) {
                warning = warning.with_hint(hint);
            }
            let shipped = format!("cvpdf ships {}", crate::languages::LANGUAGES.join(", "));
            builder.warnings.push(warning.with_hint(shipped));
            labels::english()
        }
    };

    let header = builder.header(options.photo.clone());
    let mut sections = Vec::new();
    for key in written_order(loaded) {
        sections.extend(builder.sections(key, labels, &options.tags));
    }
    sections.retain(|s| !s.entries.is_empty() || !s.body.is_empty() || !s.items.is_empty());
    let titles = builder.titles();
    design::arrange(&mut sections, &cv.design, &titles);

    let keywords = cv
        .skills
        .iter()
        .flat_map(|s| s.name.iter().chain(&s.keywords))
        .map(|t| builder.resolve(t, &DataPath::default()))
        .filter(|k| !k.is_empty())
        .collect();
    let document = DocumentInfo::new(&header.name, &header.label, keywords, &mut builder.warnings);
    let long_lines = super::long_lines::long_lines(&header, &sections);
    let view = View {
        version: VERSION,
        region: region_of(&lang),
        lang,
        paper: options.paper,
        labels,
        document,
        header,
        sections,
        fit: Fit::default(),
        attachment: options.attachment.clone(),
        design: DesignView::new(&cv.design),
        // Set when the characters are collected for the glyph check.
        compose_glyphs: true,
        long_lines,
        decoded: builder.decoded,
    };
    (view, builder.warnings)
}

/// The catalogue's section keys in the order the data writes them, then
/// the others.
fn written_order(loaded: &Loaded) -> Vec<&'static str> {
    let mut order: Vec<&str> = loaded
        .map
        .top_level_keys()
        .iter()
        .filter_map(|k| catalogue::find(k).map(|s| s.key))
        .collect();
    let unwritten: Vec<&str> =
        SECTIONS.iter().map(|s| s.key).filter(|k| !order.contains(k)).collect();
    order.extend(unwritten);
    order
}

pub(super) struct Builder<'a> {
    loaded: &'a Loaded,
    lang: String,
    main_lang: String,
    warnings: Vec<Diagnostic>,
    decoded: Vec<Decoded>,
    date_format: DateFormat,
}

impl Builder<'_> {
    /// A text in the chosen language; warns when it falls back.
    fn resolve(&mut self, text: &Text, path: &DataPath) -> String {
        let (resolved, instead) = text.resolve(&self.lang, &self.main_lang);
        if let Some(instead) = instead {
            let at = self.loaded.map.locate(path);
            let warning = missing_translation(path, at, &self.lang, instead, &self.main_lang);
            self.warnings.push(warning);
        }
        without_idle_invisibles(resolved.trim())
    }

    /// `design.sections.titles`, each resolved to the view's language.
    fn titles(&mut self) -> Vec<(String, String)> {
        let root = DataPath::default().key("design").key("sections").key("titles");
        let titles = &self.loaded.cv.design.sections.titles;
        titles
            .iter()
            .map(|(key, title)| (key.clone(), self.plain(Some(title), &root.key(key))))
            .collect()
    }

    /// A one-line field's text: see [`markup::one_line`].
    pub(super) fn plain(&mut self, text: Option<&Text>, path: &DataPath) -> String {
        text.map(|t| markup::one_line(&self.resolve(t, path)).into_owned()).unwrap_or_default()
    }

    pub(super) fn markdown(&mut self, text: Option<&Text>, path: &DataPath) -> Vec<Block> {
        let Some(text) = text else { return Vec::new() };
        let resolved = self.resolve(text, path);
        let parsed = markup::parse(&resolved, true);
        let (warnings, decoded) = (&mut self.warnings, &mut self.decoded);
        printed::check(self.loaded, path, &resolved, &parsed.blocks, warnings, decoded);
        for problem in parsed.problems {
            self.warnings.push(
                Diagnostic::warning(format!("`{path}`: {}", problem.message))
                    .at_location(self.loaded.map.locate(path))
                    .with_hint(problem.hint),
            );
        }
        parsed.blocks
    }

    pub(super) fn markdown_list(&mut self, items: &[Text], path: &DataPath) -> Vec<Vec<Block>> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.markdown(Some(item), &path.index(i)))
            .filter(|blocks| !blocks.is_empty())
            .collect()
    }

    pub(super) fn words(&mut self, items: &[Text], path: &DataPath) -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| markup::one_line(&self.resolve(item, &path.index(i))).into_owned())
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn header(&mut self, image: Option<String>) -> Header {
        let basics = &self.loaded.cv.basics;
        let path = DataPath::default().key("basics");
        let mut contacts = Vec::new();
        let mut contact = |kind, network: String, text: String, url: Option<String>| {
            if !text.is_empty() {
                contacts.push(Contact { kind, network, text, url });
            }
        };
        if let Some(email) = non_empty(basics.email.as_deref()) {
            contact(
                ContactKind::Email,
                String::new(),
                email.to_owned(),
                Some(format!("mailto:{email}")),
            );
        }
        if let Some(phone) = non_empty(basics.phone.as_deref()) {
            let dial: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
            contact(
                ContactKind::Phone,
                String::new(),
                phone.to_owned(),
                Some(format!("tel:{dial}")),
            );
        }
        if let Some(url) = non_empty(basics.url.as_deref()) {
            contact(ContactKind::Url, String::new(), short_url(url), Some(url.to_owned()));
        }
        if let Some(location) = &basics.location {
            let lpath = path.key("location");
            let city = self.plain(location.city.as_ref(), &lpath.key("city"));
            let region = self.plain(location.region.as_ref(), &lpath.key("region"));
            let country = location.country_code.clone().unwrap_or_default();
            let parts: Vec<String> =
                [city, region, country].into_iter().filter(|p| !p.is_empty()).collect();
            contact(ContactKind::Location, String::new(), parts.join(", "), None);
        }
        let profiles: Vec<(String, String, Option<String>)> = basics
            .profiles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let network =
                    self.plain(p.network.as_ref(), &path.key("profiles").index(i).key("network"));
                let url = non_empty(p.url.as_deref()).map(str::to_owned);
                let text = match (non_empty(p.username.as_deref()), &url) {
                    (_, Some(url)) => short_url(url),
                    (Some(user), None) => user.to_owned(),
                    (None, None) => String::new(),
                };
                (network, text, url)
            })
            .collect();
        for (network, text, url) in profiles {
            contact(ContactKind::Profile, network, text, url);
        }
        Header {
            name: self.plain(basics.name.as_ref(), &path.key("name")),
            label: self.plain(basics.label.as_ref(), &path.key("label")),
            summary: self.markdown(basics.summary.as_ref(), &path.key("summary")),
            image,
            contacts,
        }
    }

    /// The section(s) for one top-level key: one for a list of entries,
    /// one per free section for `sections`.
    fn sections(&mut self, key: &str, labels: &Labels, tags: &[String]) -> Vec<Section> {
        let loaded = self.loaded;
        let cv: &Cv = &loaded.cv;
        let Some(row) = catalogue::find(key) else { return Vec::new() };
        if row.kind == SectionKind::Text {
            return self.free_sections(&DataPath::default().key(key), tags);
        }
        let mut mapper = Mapper { builder: self, labels, tags, entries: Vec::new() };
        cv.visit_entries(key, &mut mapper);
        let mut entries = mapper.entries;
        // An entry's role, degree or awarder stands in for its missing name,
        // with no separator left dangling before it; a level stays a level.
        let entries_kind = row.kind == SectionKind::Entries;
        for entry in entries.iter_mut().filter(|e| entries_kind && e.title.is_empty()) {
            entry.title = std::mem::take(&mut entry.subtitle);
        }
        vec![Section {
            id: key.to_owned(),
            title: labels.sections.get(key).unwrap_or_default().to_owned(),
            kind: row.kind,
            optional: cv.meta.optional_sections.iter().any(|s| s == key),
            entries,
            body: Vec::new(),
            items: Vec::new(),
            chars: 0,
        }]
    }

    fn entries<T: AsEntry>(
        &mut self,
        list: &[T],
        root: &DataPath,
        labels: &Labels,
        tags: &[String],
    ) -> Vec<Entry> {
        list.iter()
            .enumerate()
            .filter(|(_, e)| selected(e.tags(), tags))
            .map(|(i, e)| {
                let path = root.index(i);
                let mut entry = e.entry(self, &path, labels);
                entry.dated(labels, self.date_format, e.dates());
                entry.body = self.markdown(e.body(), &path.key("body"));
                entry.short = self.markdown(e.short(), &path.key("short"));
                entry.chars = [&entry.summary, &entry.body]
                    .into_iter()
                    .chain(&entry.highlights)
                    .map(|blocks| markup::plain_text(blocks).chars().count())
                    .sum::<usize>()
                    + entry.description.chars().count();
                entry
            })
            .filter(|entry| !entry.is_empty())
            .collect()
    }

    fn free_sections(&mut self, root: &DataPath, tags: &[String]) -> Vec<Section> {
        let loaded = self.loaded;
        let cv = &loaded.cv;
        cv.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| selected(&s.tags, tags))
            .map(|(i, free)| {
                let path = root.index(i);
                let id = free.id(&self.main_lang);
                let body = self.markdown(free.body.as_ref(), &path.key("body"));
                let items = self.markdown_list(&free.items, &path.key("items"));
                let chars = std::iter::once(&body)
                    .chain(&items)
                    .map(|blocks| markup::plain_text(blocks).chars().count())
                    .sum();
                Section {
                    optional: free.optional || cv.meta.optional_sections.contains(&id),
                    id,
                    title: self.plain(free.title.as_ref(), &path.key("title")),
                    kind: SectionKind::Text,
                    entries: Vec::new(),
                    body,
                    items,
                    chars,
                }
            })
            .collect()
    }
}

/// Maps a section's entries, whatever their type.
struct Mapper<'b, 'a, 'l, 't> {
    builder: &'b mut Builder<'a>,
    labels: &'l Labels,
    tags: &'t [String],
    entries: Vec<Entry>,
}

impl<T: AsEntry> Visit<T> for Mapper<'_, '_, '_, '_> {
    fn visit(&mut self, key: &'static str, entries: &[T]) {
        let root = DataPath::default().key(key);
        self.entries = self.builder.entries(entries, &root, self.labels, self.tags);
    }
}
#[cfg(test)]
mod tests;
