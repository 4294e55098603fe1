//! The budgets, through the real binary (see the README's "Budgets"): the
//! photos that pass the checks render, PNG pages have a pixel budget, a
//! render and an export stop at their deadline or memory budget (and
//! `watch` and `apply --watch` stop with them), and `extract` reads hostile
//! PDFs within its limits. The inputs that must be refused with a located
//! error are in `bad_inputs/budgets.rs`.

use std::path::Path;
use std::time::Duration;

use crate::common::*;

/// A real image in `format`, `size` pixels square, encoded by the image crate.
fn photo_bytes(format: image::ImageFormat, size: u32) -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(size, size, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    pixels.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

#[test]
fn photos_that_pass_the_checks_render() {
    use base64::Engine as _;
    let png = photo_bytes(image::ImageFormat::Png, 600);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"120\"><circle cx=\"60\" cy=\"60\" r=\"50\" fill=\"teal\"/><image width=\"60\" height=\"60\" href=\"data:image/png;base64,{}\"/></svg>",
        base64::engine::general_purpose::STANDARD.encode(photo_bytes(image::ImageFormat::Png, 32))
    );
    let photos = [
        ("ada.png", png),
        ("ada.jpg", photo_bytes(image::ImageFormat::Jpeg, 600)),
        ("ada.gif", photo_bytes(image::ImageFormat::Gif, 64)),
        ("ada.webp", photo_bytes(image::ImageFormat::WebP, 64)),
        ("ada.svg", svg.into_bytes()),
        // Print colours, which PDF/A cannot embed: given to the layout as RGB.
        ("ada-cmyk.jpg", std::fs::read(root().join("tests/fixtures/photos/cmyk.jpg")).unwrap()),
    ];
    for (name, bytes) in photos {
        let cv = Scratch::new(&format!("basics:\n  name: Ada\n  image: {name}\n"));
        std::fs::write(cv.dir.path().join(name), bytes).unwrap();
        let check = run(&["check", cv.data_str()]);
        assert_eq!(check.code, 0, "{name}: {}", check.stderr);
        let render = cv.run(&[]);
        assert_eq!(render.code, 0, "{name}: {}", render.stderr);
        let pdf = lopdf::Document::load_mem(&cv.pdf()).unwrap();
        let images = pdf
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| {
                s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|t| t == b"Image")
            })
            .count();
        assert!(images >= 1, "{name}: the photo is in the PDF");
        let text = String::from_utf8_lossy(&cv.pdf()).into_owned();
        assert!(!text.contains("DeviceCMYK"), "{name}: the photo is in RGB");
    }
}

/// Runs cvpdf, killing it after `limit`: `None` when it had to be killed.
fn run_within(args: &[&str], limit: Duration) -> Option<Run> {
    run_bounded(cvpdf().args(args), limit)
}

/// A directory `applications` in `dir`, with one letter, and where its
/// files would go: the arguments of `apply --watch` for them.
fn application(dir: &Path) -> [String; 5] {
    let applications = dir.join("applications");
    std::fs::create_dir_all(&applications).unwrap();
    write(&applications, "acme.md", "---\nto: {name: Claire}\nposition: Engineer\n---\nHello.\n");
    let out = dir.join("applied");
    ["apply", applications.to_str().unwrap(), "--watch", "-o", out.to_str().unwrap()]
        .map(str::to_owned)
}

#[test]
fn a_layout_that_never_ends_stops_at_the_deadline() {
    let cv = Scratch::new("basics: {name: Ada}\n");
    // 10^10 iterations: Typst stops `while` loops at 10,000, not `for` loops.
    let layout = write(
        cv.dir.path(),
        "endless.typ",
        "#import \"common.typ\": *\n#for i in range(100000) { for j in range(100000) { } }\n",
    );
    let limit = Duration::from_secs(60);
    let render = run_within(
        &["--data", cv.data_str(), "--layout", &layout, "--timeout", "1", "--output", "-"],
        limit,
    )
    .expect("the render stops at its deadline");
    assert_eq!(render.code, 1, "{}", render.stderr);
    assert!(render.stderr.contains("endless.typ did not finish in 1 s"), "{}", render.stderr);
    assert!(render.stderr.contains("hint: Typst has no time limit"), "{}", render.stderr);
    assert!(render.stdout.is_empty(), "nothing written");

    // Watch mode cannot stop the compile either: it says so and ends.
    let out = cv.dir.path().join("watched.pdf");
    let watch = run_within(
        &[
            "watch",
            "--data",
            cv.data_str(),
            "--layout",
            &layout,
            "--timeout",
            "1",
            "--output",
            out.to_str().unwrap(),
        ],
        limit,
    )
    .expect("watch ends when a compile runs past its deadline");
    assert_eq!(watch.code, 1, "{}", watch.stderr);
    assert!(watch.stderr.contains("watch stops"), "{}", watch.stderr);
    assert!(!out.exists());

    // So does `apply --watch`, building a letter and its CV.
    let apply = application(cv.dir.path());
    let apply = [&apply.each_ref().map(String::as_str)[..], &["--data", cv.data_str()]].concat();
    let watch = run_within(&[&apply[..], &["--layout", &layout, "--timeout", "1"]].concat(), limit)
        .expect("apply --watch ends when a compile runs past its deadline");
    assert_eq!(watch.code, 1, "{}", watch.stderr);
    assert!(watch.stderr.contains("endless.typ did not finish in 1 s"), "{}", watch.stderr);
    assert!(watch.stderr.contains("watch stops"), "{}", watch.stderr);
    assert!(!cv.dir.path().join("applied").exists(), "nothing written");

    // A built-in layout has the same deadline; 0 waits for ever.
    let builtin = cv.run(&["--timeout", "0.001"]);
    assert_eq!(builtin.code, 1, "{}", builtin.stderr);
    assert!(
        builtin.stderr.contains("the classic layout did not finish in 1 ms"),
        "{}",
        builtin.stderr
    );
    assert!(builtin.stderr.contains("please report it"), "{}", builtin.stderr);
    assert_eq!(cv.run(&["--timeout", "0"]).code, 0);
    for bad in ["-1", "soon", "1e30"] {
        assert_eq!(cv.run(&["--timeout", bad]).code, 2, "--timeout {bad}");
    }
}

/// Layouts that ask for about 9.6 GB: at once (an array repeated), and a
/// 32-byte value at a time (a range, its array doubling as it grows).
const GREEDY_LAYOUTS: [(&str, &str); 2] =
    [("repeat.typ", "(0,) * 300000000"), ("range.typ", "range(300000000)")];

#[test]
fn a_layout_that_takes_too_much_memory_stops_at_the_budget() {
    let cv = Scratch::new("basics: {name: Ada}\n");
    std::fs::write(&cv.out, "the earlier PDF").unwrap();
    let out = cv.out.to_str().unwrap();
    let limit = Duration::from_secs(120);
    // A low budget keeps the test light; `ulimit -v` makes a budget that
    // does not hold an abort (exit 134), not a machine out of memory.
    let budgeted = |args: &[&str]| {
        run_bounded(
            cvpdf_with_memory_limit(4 * 1024 * 1024).env("CVPDF_MEMORY", "0.25").args(args),
            limit,
        )
        .expect("cvpdf stops at the budget")
    };
    // A directory of CVs: its workers wait for the renders and report.
    let team = cv.dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    for name in ["ada", "bob"] {
        write(&team, &format!("{name}.yaml"), &format!("basics: {{name: {name}}}\n"));
    }
    let pdfs = cv.dir.path().join("pdfs");
    let (team, pdfs) = (team.to_str().unwrap(), format!("{}/", pdfs.display()));
    // A letter and its CV, built again after each save, written into `pdfs`.
    let mut apply = application(cv.dir.path());
    apply[4] = pdfs.clone();
    for (name, code) in GREEDY_LAYOUTS {
        let layout = write(
            cv.dir.path(),
            name,
            &format!("#import \"common.typ\": *\n#let a = {code}\n#a.len()\n"),
        );
        let expected = format!("{name} used more than 0.25 GiB of memory");
        for command in ["render", "check", "watch", "directory", "apply --watch"] {
            let mut args = vec!["--data", cv.data_str(), "--layout", &layout];
            match command {
                "check" => args.insert(0, "check"),
                "watch" => args.splice(0..0, ["watch", "--output", out]).for_each(drop),
                "directory" => {
                    args.splice(0..2, ["--data", team, "--output", &pdfs]).for_each(drop)
                }
                "apply --watch" => {
                    args.splice(0..0, apply.each_ref().map(String::as_str)).for_each(drop)
                }
                _ => args.extend(["--output", out]),
            }
            let result = budgeted(&args);
            assert_eq!(result.code, 1, "{name}, {command}: {}", result.stderr);
            assert!(result.stderr.contains(&expected), "{name}, {command}: {}", result.stderr);
            assert!(result.stderr.contains("--memory-limit GIB"), "{}", result.stderr);
            if command.contains("watch") {
                assert!(result.stderr.contains("watch stops"), "{}", result.stderr);
            }
            assert_eq!(std::fs::read(&cv.out).unwrap(), b"the earlier PDF", "{command}");
            let left: Vec<_> = std::fs::read_dir(cv.dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with('.'))
                .collect();
            assert!(left.is_empty(), "{command}: temporary files left: {left:?}");
            assert!(std::fs::read_dir(&pdfs).map_or(true, |mut d| d.next().is_none()));
        }
    }
    // The same budget renders a real CV in every layout, and 0 lifts it.
    let seed = root().join("data/cv.yaml");
    let dir = cv.dir.path().to_str().unwrap();
    let all = budgeted(&["--data", seed.to_str().unwrap(), "--layout", "all", "--output", dir]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    for bad in ["-1", "lots", "1e30"] {
        assert_eq!(cv.run(&["--memory-limit", bad]).code, 2, "--memory-limit {bad}");
    }
    assert_eq!(cv.run(&["--memory-limit", "0"]).code, 0);
}

/// The seed CV with its work repeated `times` over: a long career, which
/// `onepage` fits in many compiles.
fn long_seed(times: usize) -> String {
    let seed = std::fs::read_to_string(root().join("data/cv.yaml")).unwrap();
    let (head, rest) = seed.split_once("\nwork:\n").unwrap();
    // The items end at the next top-level key.
    let end = rest
        .lines()
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        .map(|line| line.len() + 1)
        .sum::<usize>();
    format!("{head}\nwork:\n{}{}", rest[..end].repeat(times), &rest[end..])
}

/// A batch whose renders together pass the memory budget: a thread stops
/// wherever it is, perhaps holding one of Typst's caches, and the run must
/// still end, with exit 1, the budget's hint, and whole files only. Before
/// the fix, a worker clearing the cache waited for ever on the stopped
/// thread: this batch hung 10 times in 10.
#[test]
fn a_batch_that_passes_the_memory_budget_ends() {
    let dir = tempfile::tempdir().unwrap();
    let cvs = dir.path().join("cvs");
    std::fs::create_dir(&cvs).unwrap();
    for entry in std::fs::read_dir(root().join("tests/realworld")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
            std::fs::copy(&path, cvs.join(path.file_name().unwrap())).unwrap();
        }
    }
    for n in 1..=3 {
        std::fs::write(cvs.join(format!("long-career-{n}.yaml")), long_seed(8)).unwrap();
    }
    let (cvs, pdfs) = (cvs.to_str().unwrap(), format!("{}/pdfs/", dir.path().display()));
    let args = ["--data", cvs, "--layout", "all", "--output", &pdfs, "--memory-limit", "0.0625"];
    // `check` gives the same verdict, one CV after another.
    let check = ["check", "--data", cvs, "--layout", "all", "--memory-limit", "0.0625"];
    for (round, args) in [&args[..], &args, &args, &check].into_iter().enumerate() {
        let _ = std::fs::remove_dir_all(&pdfs);
        let run = run_bounded(cvpdf().args(args), Duration::from_secs(120))
            .unwrap_or_else(|| panic!("round {round}: the batch never ended"));
        assert_eq!(run.code, 1, "round {round}: {}", run.stderr);
        // The render that passed the budget is named; those it cut short
        // are said once.
        assert!(run.stderr.contains("used more than 64 MiB"), "{round}: {}", run.stderr);
        // And which CV it was rendering.
        let named = ["in the render of ", "in the check of "]
            .iter()
            .any(|n| run.stderr.contains(&format!("{n}{cvs}/")));
        assert!(named, "round {round}: the CV is not named: {}", run.stderr);
        let cut = run.stderr.matches("not rendered: the run stopped when it passed").count();
        assert!(cut <= 1, "round {round}: said {cut} times: {}", run.stderr);
        assert!(run.stderr.contains("--memory-limit GIB"), "round {round}: {}", run.stderr);
        let written =
            if Path::new(&pdfs).exists() { files_under(Path::new(&pdfs)) } else { vec![] };
        for file in written {
            let bytes = std::fs::read(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.starts_with('.'), "round {round}: temporary file {name} left");
            assert!(bytes.starts_with(b"%PDF") && bytes.trim_ascii_end().ends_with(b"%%EOF"));
            assert!(run.stdout.contains(&name), "round {round}: {name} written, not reported");
        }
    }
}

/// A directory whose CVs pass the memory budget while they are read: two
/// of nearly 2 MB, 6,000 jobs each. A thread reading one stops where it
/// stands, and the run must still end, with exit 1 and the budget said
/// once, as `check` of the same directory does. Before the fix the run
/// waited for the readers for ever: 21 hangs in 21.
#[test]
fn a_directory_that_passes_the_budget_while_it_is_read_ends() {
    let dir = tempfile::tempdir().unwrap();
    let cvs = dir.path().join("cvs");
    std::fs::create_dir(&cvs).unwrap();
    let mut yaml = String::from("basics: {name: Big Load}\nwork:\n");
    for i in 0..6000 {
        let items: Vec<String> = (0..10).map(|j| format!("item {i}.{j} x")).collect();
        yaml += &format!(
            "- name: Company {i}\n  position: Engineer {i}\n  startDate: '2010-01'\n  highlights: [{}]\n",
            items.join(", ")
        );
    }
    for n in 1..=2 {
        std::fs::write(cvs.join(format!("big-{n}.yaml")), &yaml).unwrap();
    }
    let (cvs, pdfs) = (cvs.to_str().unwrap(), format!("{}/pdfs/", dir.path().display()));
    let render = ["--data", cvs, "--output", &pdfs, "--memory-limit", "0.0625"];
    let check = ["check", "--data", cvs, "--memory-limit", "0.0625"];
    for args in [&render[..], &check] {
        let run = run_bounded(cvpdf().args(args), Duration::from_secs(120))
            .unwrap_or_else(|| panic!("{args:?} never ended"));
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("64 MiB") && run.stderr.contains("--memory-limit GIB"),
            "{}",
            run.stderr
        );
        for line in run.stderr.lines().filter(|l| l.starts_with("error")) {
            assert_eq!(run.stderr.matches(line).count(), 1, "said twice: {}", run.stderr);
        }
        assert!(!Path::new(&pdfs).exists() || files_under(Path::new(&pdfs)).is_empty());
    }
}

#[test]
fn extract_refuses_a_pdf_over_its_size_limit_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("huge.pdf");
    // Sparse: 101 MiB that take no room on disk.
    std::fs::File::create(&pdf).unwrap().set_len(101 << 20).unwrap();
    let out = dir.path().join("cv.yaml");
    let result = run(&["extract", pdf.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("more than the 100 MB allowed"), "{}", result.stderr);
    assert!(!out.exists());
}

#[test]
fn png_pages_have_a_pixel_budget() {
    let cv = Scratch::new("basics: {name: Ada}\n");
    let out = cv.dir.path().join("page.png");
    let png = |extra: &[&str]| {
        let mut args = vec!["--data", cv.data_str(), "--format", "png", "--output"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(extra);
        run(&args)
    };
    let written = || {
        std::fs::read_dir(cv.dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".png"))
            .count()
    };
    // The documented maximum on A4: 557 megapixels, 2.2 GB.
    let a4 = png(&["--ppi", "2400"]);
    assert_eq!(a4.code, 2, "{}", a4.stderr);
    assert!(a4.stderr.contains("would be 19843 × 28063 pixels"), "{}", a4.stderr);
    assert!(a4.stderr.contains("use --ppi 1017 or less"), "{}", a4.stderr);
    let letter = png(&["--ppi", "1035", "--paper", "us-letter"]);
    assert_eq!(letter.code, 2, "{}", letter.stderr);
    assert!(letter.stderr.contains("use --ppi 1034 or less"), "{}", letter.stderr);
    assert_eq!(written(), 0, "nothing is drawn");

    // A small page takes 2400 ppi; a huge one not even the default.
    let layout = |page: &str| {
        write(
            cv.dir.path(),
            "page.typ",
            &format!("#set page(width: {page}, height: {page})\nAda\n"),
        )
    };
    let small = png(&["--ppi", "2400", "--layout", &layout("1in")]);
    assert_eq!(small.code, 0, "{}", small.stderr);
    let pixels = image::image_dimensions(cv.dir.path().join("page-1.png")).unwrap();
    assert_eq!(pixels, (2400, 2400));
    let huge = png(&["--layout", &layout("500cm")]);
    assert_eq!(huge.code, 2, "{}", huge.stderr);
    assert!(huge.stderr.contains("use --ppi 50 or less"), "{}", huge.stderr);
    let vast = png(&["--layout", &layout("3000cm")]);
    assert_eq!(vast.code, 2, "{}", vast.stderr);
    assert!(vast.stderr.contains("export it as PDF or SVG"), "{}", vast.stderr);
    assert_eq!(written(), 1, "only the small page");
}

/// Runs cvpdf as [`run_within`] does, under a 4 GiB memory limit where the
/// shell can set one.
fn run_limited(args: &[&str], limit: Duration) -> Option<Run> {
    run_bounded(cvpdf_with_memory_limit(4 * 1024 * 1024).args(args), limit)
}

#[test]
fn extract_reads_only_what_it_needs_of_a_hostile_pdf() {
    use crate::common::pdf::{pdf, stream};
    let dir = tempfile::tempdir().unwrap();
    let head = |pages: &str, names: &str| {
        vec![
            format!("<< /Type /Catalog /Pages {pages} {names} >>").into_bytes(),
            b"<< /Type /Filespec /F (cv.yaml) /AFRelationship /Source /EF << /F 3 0 R >> >>"
                .to_vec(),
            stream("/Type /EmbeddedFile", b"basics: {name: Ada}\n"),
        ]
    };
    // Page trees whose nodes are shared: 4^14 pages from 1.7 KB; a chain of
    // 20,000 nodes; a name tree whose nodes are shared, 4^30 times.
    let mut dag = head("4 0 R", "/AF [2 0 R]");
    for level in 0..14 {
        let kid = format!("{} 0 R ", 5 + level);
        dag.push(format!("<< /Type /Pages /Kids [{}] /Count 1 >>", kid.repeat(4)).into_bytes());
    }
    dag.push(b"<< /Type /Page >>".to_vec());
    let mut chain = head("4 0 R", "/AF [2 0 R]");
    for level in 0..20_000 {
        chain.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", 5 + level).into_bytes());
    }
    chain.push(b"<< /Type /Page >>".to_vec());
    let mut names = head("4 0 R", "/Names << /EmbeddedFiles 5 0 R >>");
    names.push(b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec());
    for level in 0..30 {
        let kid = format!("{} 0 R ", 6 + level);
        names.push(format!("<< /Kids [{}] >>", kid.repeat(4)).into_bytes());
    }
    names.push(b"<< /Names [(cv.yaml) 2 0 R] >>".to_vec());
    for (name, objects) in [("dag", dag), ("chain", chain), ("names", names)] {
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, pdf(&objects, None)).unwrap();
        let result = run_limited(&["extract", path.to_str().unwrap()], Duration::from_secs(60))
            .unwrap_or_else(|| panic!("{name}: extract ends"));
        assert_eq!(result.code, 0, "{name}: {}", result.stderr);
        assert_eq!(result.stdout, "basics: {name: Ada}\n", "{name}");
    }
}

#[test]
fn an_export_that_takes_too_long_stops_at_the_deadline() {
    // A photo that passes the checks but whose filter a PDF export draws as
    // 90 cm of turbulence: minutes in a debug build.
    let cv = Scratch::new("basics:\n  name: Ada\n  image: noise.svg\n");
    write(
        cv.dir.path(),
        "noise.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"1000\"><filter id=\"f\" x=\"-100%\" y=\"-100%\" width=\"300%\" height=\"300%\"><feTurbulence baseFrequency=\"0.9\" numOctaves=\"10\"/></filter><rect width=\"1000\" height=\"1000\" filter=\"url(#f)\"/></svg>",
    );
    let layout = write(
        cv.dir.path(),
        "poster.typ",
        "#import \"common.typ\": *\n#set page(width: 30cm, height: 30cm, margin: 0cm)\n#image(cv.header.image, width: 100%)\n",
    );
    let out = cv.out.to_str().unwrap();
    let args = ["--data", cv.data_str(), "--layout", &layout, "--timeout", "5", "--output", out];
    let run = run_within(&args, Duration::from_secs(60)).expect("the export stops at its deadline");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("writing the PDF did not finish in 5 s"), "{}", run.stderr);
    assert!(!cv.out.exists());
}

/// A PDF string holds at most 32,767 bytes: a huge headline, name or list
/// of keywords renders, the document properties cut with a note, where
/// the export used to fail without a location.
#[test]
fn document_properties_fit_a_pdf_string() {
    let dir = tempfile::tempdir().unwrap();
    let keywords: Vec<String> = (0..3500).map(|i| format!("keyword{i}")).collect();
    let cases = [
        ("label", format!("basics:\n  name: Ada\n  label: \"{}\"\n", "Engineer ".repeat(4000))),
        ("name", format!("basics:\n  name: \"{}\"\n", "Ada ".repeat(9000))),
        (
            "keywords",
            format!(
                "basics:\n  name: Ada\nskills:\n  - name: S\n    keywords: [{}]\n",
                keywords.join(",")
            ),
        ),
        (
            "keyword",
            format!("basics:\n  name: Ada\nskills:\n  - name: \"{}\"\n", "x".repeat(40000)),
        ),
    ];
    for (what, yaml) in cases {
        let data = write(dir.path(), &format!("{what}.yaml"), &yaml);
        let out = dir.path().join(format!("{what}.pdf"));
        let result = run(&["--data", &data, "-o", out.to_str().unwrap()]);
        assert_eq!(result.code, 0, "{what}: {}", result.stderr);
        assert!(result.stderr.contains("note: the PDF's"), "{what}: {}", result.stderr);
        assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 1000), "{what}: no PDF");
    }
}
