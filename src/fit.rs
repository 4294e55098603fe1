//! Fitting a CV into a page limit: compile, count the pages, adapt the view,
//! compile again. Typst's caches make the repeats cheap.
//!
//! What a layout gives up, in order: spacing, then font size (layouts keep
//! body text at 8.5 pt or more), then long texts for each entry's one-line
//! `short` summary, then the oldest entries down to their title line, then
//! the sections the data marks optional. Content is given up only when the
//! tightest typography cannot hold it; the typography is then loosened again
//! as far as the chosen content allows.

use std::collections::HashMap;

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::catalogue::{self, SectionKind};
use crate::diagnostics::Error;
use crate::render::{Compiled, Renderer};
use crate::view::{Fit, Section, View};

mod search;
use search::{first_fitting, first_fitting_near};

/// Spacing and font-size factors, loosest first: spacing gives way first,
/// then the font size, down to 85% (layouts also keep an 8.5 pt floor).
const TYPOGRAPHY: [(f64, f64); 11] = [
    (1.0, 1.0),
    (0.8, 1.0),
    (0.6, 1.0),
    (0.4, 1.0),
    (0.2, 1.0),
    (0.0, 1.0),
    (0.0, 0.97),
    (0.0, 0.94),
    (0.0, 0.91),
    (0.0, 0.88),
    (0.0, 0.85),
];

/// The label of the markers `common.typ` places at the start of the header
/// and of each section, and at the end of the content.
pub const MARKER: &str = "cvpdf-section";

/// A fitted document and what was given up for it.
pub struct Fitted {
    /// The compiled document.
    pub compiled: Compiled,
    /// The view it was compiled from.
    pub view: View,
    /// What was changed, for the user: empty when nothing was.
    pub steps: Vec<String>,
}

/// Why a CV cannot fit, even with every step.
#[derive(Debug)]
pub struct Overflow {
    /// The page limit.
    pub max_pages: usize,
    /// How many pages the content needs at the tightest setting.
    pub needed: f64,
    /// The parts of the CV (`header`, then section ids) with their titles and
    /// lengths in pages, longest first.
    pub parts: Vec<(String, String, f64)>,
}

/// The result of fitting.
pub enum Outcome {
    /// It fits.
    Fitted(Box<Fitted>),
    /// It cannot.
    Overflow(Overflow),
}

/// The ways to give up content, from none to all: one-line summaries, then
/// the oldest entries condensed to their title line one by one, optional
/// sections left out, and last the oldest entries run together into one
/// paragraph per section, one by one.
struct Plan {
    has_short: bool,
    /// Entries to condense, oldest first, as (section, entry) indices.
    condense: Vec<(usize, usize)>,
    /// Optional sections to drop, by index, in the order they go.
    drop: Vec<usize>,
    /// Entries to run together, oldest first: those of the sections that
    /// stay, but the newest of each, so that "Earlier" follows an entry.
    run_in: Vec<(usize, usize)>,
}

impl Plan {
    fn new(view: &View) -> Self {
        let has_short = view.sections.iter().flat_map(|s| &s.entries).any(|e| !e.short.is_empty());
        let mut dated: Vec<(usize, usize)> = Vec::new();
        for (s, section) in view.sections.iter().enumerate() {
            if section.kind != SectionKind::Entries {
                continue;
            }
            for (e, entry) in section.entries.iter().enumerate() {
                if entry.last_date.is_some() {
                    dated.push((s, e));
                }
            }
        }
        // Oldest first: by last date, entries that go on last; among
        // equals, the one written later.
        let key = |&(s, e): &(usize, usize)| {
            let entry = &view.sections[s].entries[e];
            let date = entry
                .last_date
                .as_ref()
                .map(|d| (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31)));
            (entry.ongoing, date, std::cmp::Reverse((s, e)))
        };
        dated.sort_by_key(key);
        // Optional sections go from the bottom of the CV up; the
        // catalogue's undroppable ones (jobs) always stay.
        let droppable = |s: &Section| catalogue::find(&s.id).is_none_or(|row| row.droppable);
        let drop: Vec<usize> = (0..view.sections.len())
            .rev()
            .filter(|&s| view.sections[s].optional && droppable(&view.sections[s]))
            .collect();
        let mut run_in = Vec::new();
        for (i, &(s, e)) in dated.iter().enumerate() {
            let newer_stays = dated[i + 1..].iter().any(|&(later, _)| later == s);
            if newer_stays && !drop.contains(&s) {
                run_in.push((s, e));
            }
        }
        Self { has_short, condense: dated, drop, run_in }
    }

    /// The number of content levels: full, then each further step.
    fn levels(&self) -> usize {
        self.before_run_in() + 1 + self.run_in.len()
    }

    /// The last level that runs no entry in.
    fn before_run_in(&self) -> usize {
        usize::from(self.has_short) + self.condense.len() + self.drop.len()
    }

    /// The view at a content level and a typography step.
    fn apply(&self, base: &View, level: usize, typography: usize) -> View {
        let mut view = base.clone();
        let (spacing, scale) = TYPOGRAPHY[typography];
        let short_levels = usize::from(self.has_short);
        let short = self.has_short && level >= 1;
        view.fit = Fit { spacing, scale, short, fill: false };
        let condensed = level.saturating_sub(short_levels).min(self.condense.len());
        for &(s, e) in &self.condense[..condensed] {
            view.sections[s].entries[e].condensed = true;
        }
        let dropped = level.saturating_sub(short_levels + self.condense.len()).min(self.drop.len());
        let ran_in = level.saturating_sub(self.before_run_in()).min(self.run_in.len());
        for &(s, e) in &self.run_in[..ran_in] {
            view.sections[s].entries[e].run_in = true;
        }
        let mut gone: Vec<usize> = self.drop[..dropped].to_vec();
        gone.sort_unstable();
        for s in gone.into_iter().rev() {
            view.sections.remove(s);
        }
        view
    }

    /// What a content level and typography step give up, in words.
    fn describe(&self, base: &View, level: usize, typography: usize) -> Vec<String> {
        let mut steps = Vec::new();
        let (spacing, scale) = TYPOGRAPHY[typography];
        if spacing < 1.0 {
            steps.push(format!("spacing tightened to {:.0}%", 50.0 + 50.0 * spacing));
        }
        if scale < 1.0 {
            steps.push(format!("text at {:.0}% of its size", scale * 100.0));
        }
        if self.has_short && level >= 1 {
            steps.push("one-line summaries for the entries that have one".into());
        }
        let short_levels = usize::from(self.has_short);
        let condensed = level.saturating_sub(short_levels).min(self.condense.len());
        let titles = |entries: &[(usize, usize)]| {
            let titles: Vec<&str> =
                entries.iter().map(|&(s, e)| base.sections[s].entries[e].title.as_str()).collect();
            some(&titles)
        };
        if condensed > 0 {
            let names = titles(&self.condense[..condensed]);
            steps.push(format!("the {condensed} oldest entries condensed to one line ({names})"));
        }
        let dropped = level.saturating_sub(short_levels + self.condense.len()).min(self.drop.len());
        if dropped > 0 {
            let titles: Vec<&str> =
                self.drop[..dropped].iter().map(|&s| base.sections[s].title.as_str()).collect();
            steps.push(format!("optional sections left out ({})", titles.join(", ")));
        }
        let ran_in = level.saturating_sub(self.before_run_in()).min(self.run_in.len());
        if ran_in > 0 {
            let names = titles(&self.run_in[..ran_in]);
            steps.push(format!(
                "the {ran_in} oldest of those run together in one paragraph ({names})"
            ));
        }
        steps
    }
}

/// Names for a message: all of them, or the first three and how many more.
fn some(names: &[&str]) -> String {
    match names {
        [first, second, third, _, _, ..] => {
            format!("{first}, {second}, {third} and {} more", names.len() - 3)
        }
        _ => names.join(", "),
    }
}

/// The most the tightest typography can shrink a CV, as a factor of its
/// length: a CV longer than the page limit by more than this needs content
/// steps, and fitting goes straight to them.
const MOST_TYPOGRAPHY_SAVES: f64 = 0.6;

/// What the tightest typography usually keeps of a CV's length (from 0.65
/// to 0.71 on the seed and the JSON Resume samples): the guess for the
/// loosest typography's length when only the tightest was compiled.
const TYPOGRAPHY_USUALLY_KEEPS: f64 = 0.67;

/// More characters than any layout holds on a page at 8.5 pt: a CV with
/// more text than this per allowed page is not compiled in full at all.
const MORE_THAN_A_PAGE_HOLDS: usize = 12_000;

/// The compiles made while fitting, by content level and typography step.
struct Attempts<'a> {
    renderer: &'a mut Renderer,
    plan: &'a Plan,
    base: &'a View,
    max_pages: usize,
    /// Each compile with its page count and its length in pages.
    tried: HashMap<(usize, usize), (Compiled, usize, f64)>,
}

impl Attempts<'_> {
    /// Whether the CV fits at a level and step, compiling if not done yet:
    /// whatever the markers say, the page count decides.
    fn fits(&mut self, level: usize, typography: usize) -> Result<bool, Error> {
        Ok(self.attempt(level, typography)?.0 <= self.max_pages)
    }

    /// How many pages the CV takes at a level and step, as a fraction.
    fn length(&mut self, level: usize, typography: usize) -> Result<f64, Error> {
        Ok(self.attempt(level, typography)?.1)
    }

    /// The page count and length at a level and step, compiling once.
    fn attempt(&mut self, level: usize, typography: usize) -> Result<(usize, f64), Error> {
        if let Some((_, pages, length)) = self.tried.get(&(level, typography)) {
            return Ok((*pages, *length));
        }
        let compiled = self.renderer.compile(&self.plan.apply(self.base, level, typography))?;
        let (pages, length) = (compiled.document.pages().len(), measure(&compiled.document).1);
        self.tried.insert((level, typography), (compiled, pages, length));
        Ok((pages, length))
    }

    /// The page count and length at a level and step, if compiled.
    fn known(&self, level: usize, typography: usize) -> Option<(usize, f64)> {
        self.tried.get(&(level, typography)).map(|(_, pages, length)| (*pages, *length))
    }

    /// The first content level that fits at the tightest typography, if
    /// any. Entries run in only when nothing else is left to give up; a CV
    /// too long to hold even in full (`hopeless`) checks that first.
    fn content_level(&mut self, hopeless: bool) -> Result<Option<usize>, Error> {
        let tightest = TYPOGRAPHY.len() - 1;
        let (before, last) = (self.plan.before_run_in(), self.plan.levels() - 1);
        // Level 1 first, as a fitting CV needs it anyway; a hopeless CV that
        // does not fit there checks the last level before running in, so as
        // not to gallop through all.
        let skip = hopeless
            && before < last
            && !(far_too_long(self.base, self.max_pages) || self.fits(1, tightest)?)
            && !self.fits(before, tightest)?;
        if !skip && let Some(level) = first_fitting(1, before, |l| self.fits(l, tightest))? {
            return Ok(Some(level));
        }
        if before == last || !self.fits(last, tightest)? {
            return Ok(None);
        }
        // Each entry run in saves about as much as the others: start from
        // the share of them that the overflow needs, then search around it.
        let (from, to) = (self.length(before, tightest)?, self.length(last, tightest)?);
        let share =
            ((from - self.max_pages as f64) / (from - to).max(f64::EPSILON)).clamp(0.0, 1.0);
        let guess =
            before + ((share * (last - before) as f64).ceil() as usize).clamp(1, last - before);
        first_fitting_near(before + 1, last, guess, |l| self.fits(l, tightest)).map(Some)
    }

    /// The compile at a level and step, compiled now if it was not kept.
    fn take(&mut self, level: usize, typography: usize) -> Result<Compiled, Error> {
        match self.tried.remove(&(level, typography)) {
            Some((compiled, ..)) => Ok(compiled),
            None => self.renderer.compile(&self.plan.apply(self.base, level, typography)),
        }
    }
}

/// Fits `view` into `max_pages` pages with the renderer's layout.
pub fn fit(renderer: &mut Renderer, base: &View, max_pages: usize) -> Result<Outcome, Error> {
    let plan = Plan::new(base);
    let mut attempts = Attempts { renderer, plan: &plan, base, max_pages, tried: HashMap::new() };
    let max = max_pages as f64;
    let tightest = TYPOGRAPHY.len() - 1;
    let last = plan.levels() - 1;

    let hopeless = last > 0 && text_length(base) > max_pages * MORE_THAN_A_PAGE_HOLDS;
    if !hopeless && attempts.fits(0, 0)? {
        return fitted(attempts, 0, 0);
    }
    let level = if !hopeless
        && attempts.length(0, 0)? * MOST_TYPOGRAPHY_SAVES <= max
        && attempts.fits(0, tightest)?
    {
        Some(0)
    } else if last == 0 {
        // Nothing to give up but typography: the tightest decides.
        attempts.fits(0, tightest)?.then_some(0)
    } else {
        attempts.content_level(hopeless)?
    };
    let Some(level) = level else {
        let compiled = attempts.take(last, tightest)?;
        return Ok(Outcome::Overflow(overflow(&compiled.document, max_pages)));
    };

    // The loosest typography that holds this content (the tightest does):
    // search from a guess interpolated between the loosest and the tightest
    // lengths, the loosest estimated when it was not compiled.
    let tight = attempts.length(level, tightest)?;
    let (low, loose) = match attempts.known(level, 0) {
        Some((pages, _)) if pages <= max_pages => return fitted(attempts, level, 0),
        Some((_, length)) => (1, length),
        None => (0, tight / TYPOGRAPHY_USUALLY_KEEPS),
    };
    let share = ((loose - max) / (loose - tight).max(f64::EPSILON)).clamp(0.0, 1.0);
    let guess = ((share * tightest as f64).ceil() as usize).clamp(low, tightest);
    let typography = first_fitting_near(low, tightest, guess, |t| attempts.fits(level, t))?;
    fitted(attempts, level, typography)
}

/// The result at a level and step. When something was given up, the page
/// is compiled once more with `fill`, so that the layout spreads the room
/// left (which hides the content's length, so attempts go without it).
fn fitted(mut attempts: Attempts, level: usize, typography: usize) -> Result<Outcome, Error> {
    let mut compiled = attempts.take(level, typography)?;
    let mut view = attempts.plan.apply(attempts.base, level, typography);
    if (level, typography) != (0, 0) {
        view.fit.fill = true;
        let filled = attempts.renderer.compile(&view)?;
        if filled.document.pages().len() <= attempts.max_pages {
            compiled = filled;
        } else {
            view.fit.fill = false;
        }
    }
    Ok(Outcome::Fitted(Box::new(Fitted {
        compiled,
        steps: attempts.plan.describe(attempts.base, level, typography),
        view,
    })))
}

/// Whether the CV has more than twice the text a hopeless one has: then
/// even its first content steps cannot make it fit.
fn far_too_long(view: &View, max_pages: usize) -> bool {
    text_length(view) > 2 * max_pages * MORE_THAN_A_PAGE_HOLDS
}

/// How many characters of text the CV has in full.
fn text_length(view: &View) -> usize {
    let summary = crate::markup::plain_text(&view.header.summary).chars().count();
    summary
        + view
            .sections
            .iter()
            .map(|s| s.chars + s.entries.iter().map(|e| e.chars).sum::<usize>())
            .sum::<usize>()
}

/// The markers a layout placed (`header`, section ids, `end`), each with its
/// position in pages (2.5 is the middle of the third page), and the length
/// of the content in pages: where `end` is, else the page count.
fn measure(document: &PagedDocument) -> (Vec<(String, f64)>, f64) {
    let pages = document.pages();
    let page_height =
        |index: usize| pages.get(index).map_or(1.0, |p| p.frame.size().y.to_pt().max(1.0));
    let introspector = document.introspector();
    let mut marks: Vec<(String, f64)> = Vec::new();
    if let Some(label) = Label::new(PicoStr::intern(MARKER)) {
        for element in introspector.query(&Selector::Label(label)).iter() {
            let (Some(location), Some(meta)) =
                (element.location(), element.to_packed::<MetadataElem>())
            else {
                continue;
            };
            let Some(position) = introspector.position(location) else {
                continue;
            };
            let page = position.page.get() - 1;
            let at = page as f64 + position.point.y.to_pt() / page_height(page);
            if let Value::Str(id) = &meta.value {
                marks.push((id.to_string(), at));
            }
        }
    }
    let end = marks.iter().find(|(id, _)| id == "end").map(|(_, at)| *at);
    // Without an end marker, only whole pages are known.
    let length = end.unwrap_or(pages.len() as f64).max(pages.len() as f64 - 1.0);
    (marks, length)
}

/// What overflows and by how much, from the markers the layout placed.
fn overflow(document: &PagedDocument, max_pages: usize) -> Overflow {
    let (marks, needed) = measure(document);
    let mut parts: Vec<(String, String, f64)> = Vec::new();
    for (i, (mark, start)) in marks.iter().enumerate() {
        if mark == "end" {
            continue;
        }
        let next = marks.get(i + 1).map_or(needed, |(_, at)| *at);
        let (id, title) = mark.split_once(':').unwrap_or((mark, mark));
        // A title in the other direction than the CV's comes isolated
        // (`isolated` in layouts/lib/inline.typ): its marks never print.
        let title = title.trim_matches(|c| matches!(c, '\u{2066}'..='\u{2069}'));
        parts.push((id.to_owned(), title.to_owned(), next - start));
    }
    parts.sort_by(|a, b| b.2.total_cmp(&a.2));
    Overflow { max_pages, needed, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_go_first_and_the_newest_of_a_section_never_runs_in() {
        let yaml = "basics: {name: A}\nwork:\n  - {name: Now, startDate: 1990-01}\n  - {name: B, startDate: 2010, endDate: 2020}\n  - {name: C, startDate: 2000, endDate: 2005}\neducation:\n  - {institution: U, startDate: 1995, endDate: 1999}\n";
        let loaded = crate::model::load("cv.yaml", yaml.as_bytes()).unwrap();
        let view = crate::view::build(&loaded, &crate::view::ViewOptions::default()).0;
        let plan = Plan::new(&view);
        let title = |&(s, e): &(usize, usize)| view.sections[s].entries[e].title.clone();
        let condense: Vec<String> = plan.condense.iter().map(title).collect();
        assert_eq!(condense, ["U", "C", "B", "Now"], "an ongoing job is the newest");
        let run_in: Vec<String> = plan.run_in.iter().map(title).collect();
        assert_eq!(run_in, ["C", "B"], "the newest of each section keeps its line");
        let view = plan.apply(&view, plan.levels() - 1, 0);
        let work = &view.sections[0].entries;
        assert!(work.iter().all(|e| e.condensed) && !work[0].run_in && work[1].run_in);
        assert_eq!(work[2].years, "2000–2005");
    }
}
