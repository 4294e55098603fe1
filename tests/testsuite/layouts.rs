//! The built-in layouts on the seed, the JSON Resume files and extreme CVs.

use crate::common::*;

fn conformance_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/jsonresume"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// A CV with `jobs` jobs of five highlights each.
fn many_jobs(jobs: usize) -> String {
    let mut yaml = String::from("basics:\n  name: Grace Hopper\n  label: Rear admiral\nwork:\n");
    for i in 0..jobs {
        let year = 2030 - i;
        yaml += &format!(
            "  - name: Employer {i}\n    position: Engineer {i}\n    startDate: \"{}\"\n    endDate: \"{year}\"\n    highlights:\n",
            year - 1
        );
        for h in 0..5 {
            yaml += &format!(
                "      - Shipped improvement {h} of the compiler pipeline, cutting build times for every team by a third.\n"
            );
        }
    }
    yaml
}

/// A career of `jobs` jobs whose names, roles and places are long, as the
/// issue that asked for running entries together had them: at every step
/// but that one, each job takes two lines.
fn long_career(jobs: usize) -> String {
    let mut yaml = String::from("basics:\n  name: Grace Hopper\n  label: Rear admiral\nwork:\n");
    for i in 0..jobs {
        let year = 2030 - i;
        yaml += &format!(
            "  - name: Company number {i} International Holdings\n    position: Senior Staff Principal Engineer, team {i}\n    location: San Francisco, California\n    startDate: \"{}-03\"\n    endDate: \"{year}-01\"\n    highlights:\n",
            year - 1
        );
        for h in 0..3 {
            yaml += &format!(
                "      - Shipped improvement {h} of the compiler pipeline, cutting build times for every team by a third.\n"
            );
        }
    }
    yaml
}

#[test]
fn long_careers_fit_by_running_the_oldest_jobs_together() {
    // (jobs, layout and options, the word that leads the paragraph)
    let cases: [(usize, &[&str], &str); 4] = [
        (40, &["--layout", "onepage", "--lang", "fr"], "Auparavant"),
        (60, &["--layout", "onepage", "--lang", "es"], "Anteriormente"),
        (80, &["--layout", "onepage"], "Earlier"),
        (40, &["--layout", "classic", "--max-pages", "1"], "Earlier"),
    ];
    std::thread::scope(|scope| {
        for (jobs, options, earlier) in cases {
            scope.spawn(move || {
                let cv = Scratch::new(&long_career(jobs));
                let result = cv.run(options);
                assert_eq!(result.code, 0, "{jobs} jobs {options:?}: {}", result.stderr);
                assert!(
                    result.stderr.contains("oldest of those run together in one paragraph"),
                    "the note says so: {}",
                    result.stderr
                );
                let pdf = cv.pdf();
                assert_eq!(page_count(&pdf), 1, "{jobs} jobs {options:?}");
                let text = normalise(&pdf_text(&pdf));
                assert!(text.contains(&format!("{earlier} Company number")), "{text}");
                for i in 0..jobs {
                    for part in [
                        format!("Company number {i} International Holdings"),
                        format!("Senior Staff Principal Engineer, team {i}"),
                    ] {
                        assert!(text.contains(&part), "{jobs} jobs {options:?}: `{part}` lost");
                    }
                }
                // The oldest are run in with their years, the newest keep their line.
                assert!(text.contains(&format!(
                    "team {}, {}–{})",
                    jobs - 1,
                    2030 - jobs,
                    2031 - jobs
                )));
                assert!(!text.contains("team 0,"), "{text}");
            });
        }
    });
}

#[test]
fn onepage_fits_the_seed_on_one_page_and_says_how() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let result = run(&["--layout", "onepage", "--verbose", "--output", out.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    // The fit search's cost, counted rather than timed: the fitting step
    // and the one below it, the page filled, and one more compile at most
    // (it took 6 when it compiled the loosest typography of the level and a
    // hopeless CV's last level before trying the first).
    let compiles: usize = result
        .stderr
        .split(" compiles")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no compile count: {}", result.stderr));
    assert!(compiles <= 4, "{compiles} compiles to fit the seed");
    assert!(
        result.stderr.contains("onepage: fitted by"),
        "stderr says what was condensed: {}",
        result.stderr
    );
    assert!(!result.stderr.contains("run together"), "{}", result.stderr);
    let pdf = std::fs::read(&out).unwrap();
    assert_eq!(page_count(&pdf), 1);
    let text = normalise(&pdf_text(&pdf));
    let seed = std::fs::read_to_string(root().join("data/cv.yaml")).unwrap();
    let employers: Vec<&str> = seed.lines().filter_map(|l| l.strip_prefix("  - name: ")).collect();
    assert_eq!(employers.len(), 15);
    for employer in employers {
        assert!(text.contains(employer), "onepage lacks employer {employer}");
    }
}

#[test]
fn onepage_fits_every_json_resume_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    for file in conformance_files() {
        let data = file.to_str().unwrap();
        let result =
            run(&["--data", data, "--layout", "onepage", "--output", out.to_str().unwrap()]);
        assert_eq!(result.code, 0, "{data}: {}", result.stderr);
        assert!(!result.stderr.contains("run together"), "{data}: {}", result.stderr);
        assert_eq!(page_count(&std::fs::read(&out).unwrap()), 1, "{data}");
    }
}

#[test]
fn onepage_fits_forty_jobs_and_keeps_a_line_for_each() {
    let cv = Scratch::new(&many_jobs(40));
    let result = cv.run(&["--layout", "onepage"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("oldest entries condensed"), "{}", result.stderr);
    let pdf = cv.pdf();
    assert_eq!(page_count(&pdf), 1);
    // Spaces of every kind read as one (a separator is glued with
    // non-breaking ones).
    let text = normalise(&pdf_text(&pdf)) + " ";
    for i in 0..40 {
        assert!(text.contains(&format!("Employer {i} ")), "job {i} lost its line");
        assert!(text.contains(&format!("Engineer {i}")), "job {i} lost its role");
    }
}

#[test]
fn an_impossible_cv_fails_and_writes_nothing() {
    let words = "lorem ipsum dolor sit amet ".repeat(4000);
    let cv = Scratch::new(&format!("basics:\n  name: Long Winded\n  summary: {words}\n"));
    let result = cv.run(&["--layout", "onepage"]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("does not fit on 1 page"), "{}", result.stderr);
    assert!(result.stderr.contains("pages, "), "it says by how much: {}", result.stderr);
    assert!(
        result.stderr.contains(&format!("{}:3:", cv.data_str())),
        "it points at the summary: {}",
        result.stderr
    );
    assert!(!cv.out.exists(), "no PDF is written");
}

#[test]
fn max_pages_fits_any_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cv.pdf");
    let result =
        run(&["--layout", "classic", "--max-pages", "2", "--output", out.to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("classic: fitted by"), "{}", result.stderr);
    assert_eq!(page_count(&std::fs::read(&out).unwrap()), 2);
    assert_eq!(run(&["--max-pages", "0"]).code, 2);
}

#[test]
fn classic_and_ovni_hold_every_sentence_of_the_seed() {
    // pdf-extract reads a spaced hyphen as a soft one when hyphenation
    // used the glyph first (see `normalise`), and an address broken after
    // a slash as two words: both compare the same either way.
    let squash = |s: &str| s.replace(" - ", "-").replace("/ ", "/");
    let sentences: Vec<String> = seed_sentences().iter().map(|s| squash(s)).collect();
    for layout in unlimited_layouts() {
        let pdf = render_seed(layout);
        let text = squash(&normalise(&body_text(&pdf, "James DevOps")));
        let missing: Vec<&String> =
            sentences.iter().filter(|s| !text.contains(s.as_str())).collect();
        assert!(missing.is_empty(), "{layout} lacks: {missing:#?}");
    }
}

#[test]
fn later_pages_have_the_running_header_and_the_first_has_none() {
    for layout in unlimited_layouts() {
        let pages = pdf_pages(&render_seed(layout));
        assert!(pages.len() > 1, "{layout}: the seed takes several pages");
        let first_line = |page: &String| page.lines().next().unwrap_or_default().trim().to_owned();
        assert_ne!(first_line(&pages[0]), "James DevOps", "{layout}: page 1");
        for (i, page) in pages.iter().enumerate().skip(1) {
            assert_eq!(first_line(page), "James DevOps", "{layout}: page {}", i + 1);
        }
    }
}

#[test]
fn every_layout_renders_every_json_resume_file_and_both_papers() {
    for layout in unlimited_layouts() {
        for file in conformance_files() {
            let pdf = render(&file, layout, &[]);
            assert!(page_count(&pdf) >= 1);
        }
        let letter = render(&root().join("data/cv.yaml"), layout, &["--paper", "us-letter"]);
        assert!(page_count(&letter) >= 2);
    }
}

#[test]
fn labels_follow_the_language() {
    let french = normalise(&pdf_text(&render_seed("classic")));
    assert!(french.contains("Expérience professionnelle") && french.contains("Page 1/"));
    let english =
        normalise(&pdf_text(&render(&root().join("data/cv.yaml"), "classic", &["--lang", "en"])));
    assert!(english.contains("Experience") && !english.contains("Expérience professionnelle"));
    let spanish =
        normalise(&pdf_text(&render(&root().join("data/cv.yaml"), "classic", &["--lang", "es"])));
    assert!(spanish.contains("Experiencia profesional") && spanish.contains("Página 1/"));

    let cv = Scratch::new(
        "meta: {lang: eo}\nbasics: {name: A}\nwork:\n  - {name: X, startDate: 2020-03}\n",
    );
    let result = cv.run(&[]);
    assert_eq!(result.code, 0);
    assert!(
        result.stderr.contains("no labels for language `eo`; using English"),
        "{}",
        result.stderr
    );
    let text = normalise(&pdf_text(&cv.pdf()));
    assert!(text.contains("Mar 2020 – present"), "{text}");
    // A score that already says "Mention" gets no second one.
    let cv = Scratch::new(
        "meta: {lang: fr}\nbasics: {name: A}\neducation:\n  - {institution: U, score: Mention bien}\n  - {institution: V, score: 16/20}\n",
    );
    assert_eq!(cv.run(&[]).code, 0);
    let text = normalise(&pdf_text(&cv.pdf()));
    assert!(text.contains("Mention bien") && text.contains("16/20"), "{text}");
    assert_eq!(text.matches("Mention").count(), 2, "{text}");
}

/// The lines of a PDF as they are seen, page by page: words on one
/// baseline (whatever their size), left to right, cut where a wide gap
/// parts columns (the dates and the text, a title and the place on the
/// right).
fn seen_lines(pdf: &[u8]) -> Vec<Vec<String>> {
    let mut words = pdf_words(pdf);
    words.sort_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap());
    let mut rows: Vec<Vec<Word>> = Vec::new();
    for word in words {
        match rows.last_mut() {
            Some(row)
                if row[0].page == word.page && (word.y - row[0].y).abs() <= row[0].size * 0.3 =>
            {
                row.push(word)
            }
            _ => rows.push(vec![word]),
        }
    }
    let mut lines = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap());
        let mut line: Vec<String> = Vec::new();
        let mut end = f64::NEG_INFINITY;
        for word in row {
            if !line.is_empty() && word.x0 - end > word.size * 1.5 {
                lines.push(std::mem::take(&mut line));
            }
            end = word.x1;
            line.push(word.text);
        }
        lines.push(line);
    }
    lines
}

/// A CV whose contact line, title lines and keywords wrap in every layout.
const SEPARATED_CV: &str = "meta: {lang: en}
basics:
  name: Ada Lovelace
  label: Analytical engine programmer
  email: augusta.ada.king.countess.of.lovelace@example.org
  phone: \"+44 20 7946 0958\"
  url: https://ada-lovelace.example.org/portfolio
  location: {city: London, countryCode: GB}
  profiles:
    - {network: GitHub, username: ada, url: https://github.com/ada-lovelace}
    - {network: LinkedIn, username: ada, url: https://linkedin.com/in/ada-lovelace}
    - {network: Mastodon, username: ada@mathstodon.xyz}
publications:
  - name: Sketch of the Analytical Engine invented by Charles Babbage, with notes
    publisher: Scientific Memoirs
    url: https://en.wikisource.org/wiki/Scientific_Memoirs/3/Sketch_of_the_Analytical_Engine
    releaseDate: \"1843\"
projects:
  - name: Note G
    startDate: \"1843\"
    keywords: [Bernoulli numbers, loops, punched cards, Jacquard loom, difference engine, analytical engine, poetical science, first program, operations, variables]
work:
";

/// [`SEPARATED_CV`] with jobs whose names grow a word at a time, so that
/// their title lines wrap at every place.
fn separated_cv() -> String {
    let words = "Analytical Engine Programming Department of the Royal Society for the Improvement of Natural Knowledge in London";
    let words: Vec<&str> = words.split(' ').collect();
    let mut yaml = SEPARATED_CV.to_owned();
    for n in 4..=words.len() {
        yaml += &format!(
            "  - name: {}\n    position: Translator and annotator of the memoir\n    location: London, Marylebone\n    startDate: \"{}\"\n",
            words[..n].join(" "),
            1820 + n
        );
    }
    yaml
}

#[test]
fn a_separator_never_ends_or_starts_a_line() {
    let cv = Scratch::new(&separated_cv());
    let mut files = conformance_files();
    files.insert(0, cv.data.clone());
    let mut dangling = Vec::new();
    // The separators each layout sets between items: `·`, and in ovni `•`
    // too (classic's list bullets are `•`, at the start of their lines).
    for layout in builtin_layouts() {
        let separators: &[char] = if layout == "ovni" { &['·', '•'] } else { &['·'] };
        for file in &files {
            let lines = seen_lines(&render(file, layout, &[]));
            let name = file.file_name().unwrap().to_string_lossy();
            dangling.extend(
                lines
                    .iter()
                    .filter(|l| {
                        l[0].starts_with(separators) || l[l.len() - 1].ends_with(separators)
                    })
                    .map(|line| format!("{layout}, {name}: {}", line.join(" "))),
            );
            let seen = lines.iter().flatten().filter(|w| w.starts_with(separators)).count();
            assert!(file != &cv.data || seen >= 3, "{layout}: no separators in {lines:?}");
        }
    }
    assert!(
        dangling.is_empty(),
        "lines that end or start with a separator:\n{}",
        dangling.join("\n")
    );
}

/// Renders `yaml` in every built-in layout, without a warning; returns each
/// layout's PDF.
fn render_silently(yaml: &str) -> Vec<(&'static str, Vec<u8>)> {
    let cv = Scratch::new(yaml);
    builtin_layouts()
        .map(|layout| {
            let result = cv.run(&["--layout", layout]);
            assert_eq!(result.code, 0, "{layout}: {}", result.stderr);
            assert!(!result.stderr.contains("warning"), "{layout}: {}", result.stderr);
            (layout, cv.pdf())
        })
        .collect()
}

/// Names longer than the columns they go in: a compound surname beside a
/// 90-character e-mail address, a one-word name, long employers, schools,
/// skills and referees.
const LONG_NAMES: &str = "basics:
  name: Maximiliana Oberhollenzollernstein-Kettenbrückenwald
  email: maximiliana.oberhollenzollernstein-kettenbrueckenwald@verkehrsinfrastruktur-beratung.example.de
work:
  - name: Verkehrsinfrastrukturfinanzierungsgesellschaft Norddeutschland
    position: Beraterin
    startDate: \"2018\"
education:
  - institution: Rheinisch-Westfälische Hochschule für Brückenbaukunde
    startDate: \"2010\"
skills:
  - name: Finanzierungsstrukturierungsmethodenkompetenz
    level: Expertin
    keywords: [Excel]
  - name: Kostenrechnung
references:
  - name: Bartholomäus Wendelin Oberhollenzollernstein-Kettenbrückenwald
    reference: She structured the hardest deals of the decade.
";

#[test]
fn names_are_never_hyphenated_nor_run_out_of_their_column() {
    let names = [
        "Maximiliana",
        "Oberhollenzollernstein-Kettenbrückenwald",
        "Verkehrsinfrastrukturfinanzierungsgesellschaft",
        "Rheinisch-Westfälische",
        "Brückenbaukunde",
        "Finanzierungsstrukturierungsmethodenkompetenz",
        "Bartholomäus",
        "Oberhollenzollernsteinkettenbrückenwaldmeisterin",
    ];
    let one_word = LONG_NAMES.replace(
        "Maximiliana Oberhollenzollernstein-Kettenbrückenwald",
        "Oberhollenzollernsteinkettenbrückenwaldmeisterin",
    );
    for yaml in [LONG_NAMES, &one_word] {
        for (layout, pdf) in render_silently(yaml) {
            let (pages, outside) = pdf_pages_and_outside(&pdf, 34.0);
            assert!(outside.is_empty(), "{layout}: text in the margins: {outside:?}");
            let text = pages.join("\n");
            let lines: Vec<String> = text.lines().map(normalise).collect();
            let whole = normalise(&text);
            for name in names.iter().filter(|n| yaml.contains(**n)) {
                let in_lines: usize = lines.iter().map(|l| l.matches(name).count()).sum();
                assert!(
                    in_lines > 0 && in_lines >= whole.matches(name).count(),
                    "{layout}: {name} is broken across lines:\n{text}"
                );
            }
        }
    }
}

#[test]
fn empty_parts_print_nothing_not_even_a_separator_or_a_heading() {
    let yaml = "basics: {name: Yuki Tanabe}
work:
  - {position: Freelance illustrator, startDate: \"2019\"}
  - {summary: Contract work for two studios.}
  - {}
  - null
awards: [{title: \"\", awarder: null}, null]
interests: [{name: \"\", keywords: [null, \"\"]}]
references: [{reference: A joy to work with.}]
projects: [{url: \"https://rain.example.org/zine\"}]
";
    for (layout, pdf) in render_silently(yaml) {
        let text = normalise(&pdf_text(&pdf));
        for printed in ["Freelance illustrator", "Contract work", "A joy to work with.", "rain."] {
            assert!(text.contains(printed), "{layout}: {printed:?} is missing: {text}");
        }
        for dangling in ["— Freelance", "· Freelance", "with. —", "· rain.", "— rain."] {
            assert!(!text.contains(dangling), "{layout}: {dangling:?} in {text}");
        }
        for heading in ["Awards", "Interests"] {
            assert!(!text.contains(heading), "{layout}: an empty section's heading: {text}");
        }
    }
}

#[test]
fn a_long_name_in_the_header_is_set_smaller_or_wraps_ragged_never_justified() {
    let names = [
        "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff",
        "Pedro de Alcântara Francisco Antônio João Carlos Xavier de Paula Miguel Rafael",
    ];
    for name in names {
        let yaml = format!("basics:\n  name: {name}\n  label: Engenheiro de Software\n");
        for (layout, pdf) in render_silently(&yaml) {
            let words: Vec<Word> = pdf_words(&pdf)
                .into_iter()
                .filter(|w| w.page == 1 && w.size > 14.0 && name.contains(w.text.as_str()))
                .collect();
            assert!(words.len() >= name.split(' ').count(), "{layout}: {words:?}");
            for pair in words.windows(2).filter(|p| (p[0].y - p[1].y).abs() < 1.0) {
                // A word space is about a quarter of an em.
                let gap = (pair[1].x0 - pair[0].x1) / pair[0].size;
                assert!(
                    gap < 0.4,
                    "{layout}: `{} {}` in the name are {gap:.2} em apart",
                    pair[0].text,
                    pair[1].text
                );
            }
        }
    }
}
