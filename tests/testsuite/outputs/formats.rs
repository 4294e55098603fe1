//! What each format writes: PDF page ranges, one text file per CV, pages
//! into special files, names of another format, and the checks made
//! before anything renders.

use super::*;

#[test]
fn pages_of_a_pdf_are_written_untagged_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), long_cv()).unwrap();
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "2", "--output", "two.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("two.pdf: 1 page"), "{}", run.stdout);
    assert!(run.stderr.contains("untagged") && run.stderr.contains("PDF/A-2b"), "{}", run.stderr);
    assert!(run.stderr.contains("PDF/UA-1"), "the warning names what is given up");
    let pdf = std::fs::read(d.join("two.pdf")).unwrap();
    assert_eq!(page_count(&pdf), 1);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(doc.catalog().unwrap().get(b"StructTreeRoot").is_err(), "untagged");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "PDF/A-2b");
    assert!(!pdf_text(&pdf).contains("Company 0"), "page 2 only");

    // Without a standard that needs tags, no warning; with --strict, none
    // is given up silently.
    let run = run_in(
        d,
        &["--data", "cv.yaml", "--pages", "1-2", "--pdf-standard", "none", "-o", "a.pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(page_count(&std::fs::read(d.join("a.pdf")).unwrap()), 2);
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "1", "--strict", "-o", "b.pdf"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!d.join("b.pdf").exists());
    // The attached source comes back from a page range too (PDF/A-3b).
    let run = run_in(d, &["--data", "cv.yaml", "--pages", "1", "--embed-source", "-o", "c.pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("PDF/A-3b"), "{}", run.stderr);
    let back = run_in(d, &["extract", "c.pdf"]);
    assert_eq!(back.stdout, long_cv());
}

#[test]
fn a_page_range_past_the_end_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::write(d.join("cv.pdf"), "the earlier PDF").unwrap();
    let before = snapshot(d);
    for format in ["pdf", "png", "svg"] {
        let output = format!("cv.{format}");
        let run =
            run_in(d, &["--data", "cv.yaml", "--format", format, "--pages", "2-3", "-o", &output]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stderr.contains("the CV has 1 page"), "{format}: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{format}");
    }
}

#[test]
fn plain_text_is_one_file_per_cv_whatever_the_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), "basics:\n  name: Ada\n").unwrap();
    let files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    for layout in ["onepage", "all"] {
        let run = run_in(d, &["--layout", layout, "--format", "txt"]);
        assert_eq!(run.code, 0, "{layout}: {}", run.stderr);
        assert_eq!(run.stdout.trim(), "out/cv.txt", "{layout}");
        assert_eq!(files(&d.join("out")), ["cv.txt"], "{layout}: one file, named for the CV");
        assert!(std::fs::read_to_string(d.join("out/cv.txt")).unwrap().starts_with("Ada"));
    }
    // One result: it may go to standard output, or to a file named.
    let run = run_in(d, &["--layout", "all", "--format", "txt", "--output", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Ada"), "{}", run.stdout);
    let run = run_in(d, &["--layout", "all", "--format", "txt", "--output", "ada.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(d.join("ada.txt").is_file());
    // A directory of CVs: one text file per CV, named after it.
    let team = d.join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join("ada.yaml"), "basics: {name: Ada}\n").unwrap();
    std::fs::write(team.join("bob.yaml"), "basics: {name: Bob}\n").unwrap();
    let run =
        run_in(d, &["--data", "team", "--layout", "all", "--format", "txt", "--output", "texts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files(&d.join("texts")), ["ada.txt", "bob.txt"]);
}

#[cfg(unix)]
#[test]
fn per_page_formats_write_into_special_files_never_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::write(d.join("long.yaml"), long_cv()).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.png")).unwrap();
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("stdout.png")).unwrap();
    make_fifo(&d.join("pipe.svg"));
    let before = snapshot(d);
    let png = ["--format", "png", "--ppi", "10"];
    // One page goes into a device, and down standard output as `-` would.
    let run = run_in(d, &[&png[..], &["--data", "cv.yaml", "-o", "null.png"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let args = [&png[..], &["--data", "cv.yaml", "-o", "stdout.png"]].concat();
    let piped = cvpdf().current_dir(d).args(args).output().unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", String::from_utf8_lossy(&piped.stderr));
    assert!(piped.stdout.starts_with(b"\x89PNG"), "the page is on standard output");
    // A FIFO someone reads gets its one page.
    let reader = {
        let pipe = d.join("pipe.svg");
        std::thread::spawn(move || std::fs::read(pipe).unwrap())
    };
    let run = run_in(d, &["--data", "cv.yaml", "--format", "svg", "-o", "pipe.svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(reader.join().unwrap().starts_with(b"<svg"));
    assert_eq!(snapshot(d), before, "no numbered file beside a special one");
    // Several pages cannot all go into one: exit 2, as for `-o -`; one
    // chosen with --pages can.
    for output in ["null.png", "stdout.png"] {
        let run = run_in(d, &[&png[..], &["--data", "long.yaml", "-o", output]].concat());
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("cannot all go"), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{output}");
    }
    let one = [&png[..], &["--data", "long.yaml", "--pages", "2", "-o", "null.png"]].concat();
    assert_eq!(run_in(d, &one).code, 0);
    assert_eq!(snapshot(d), before);
}

#[test]
fn an_output_named_for_another_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    let before = snapshot(d);
    for (format, output) in
        [("png", "notes.txt"), ("pdf", "cv.png"), ("txt", "cv.pdf"), ("svg", "cv.yml")]
    {
        let run = run_in(d, &["--data", "cv.yaml", "--format", format, "-o", output]);
        assert_eq!(run.code, 2, "{format} {output}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("--format {format}")), "{}", run.stderr);
        assert_eq!(snapshot(d), before, "{format} {output}");
    }
    // Any case, and names that are no format's (a Makefile's `$@.tmp`).
    for output in ["cv.PDF", "cv.pdf.tmp", "cv"] {
        let run = run_in(d, &["--data", "cv.yaml", "-o", output]);
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        assert!(d.join(output).is_file(), "{output}");
    }
}

#[cfg(unix)]
#[test]
fn every_output_is_checked_before_anything_renders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cv.yaml"), CV).unwrap();
    std::fs::create_dir(d.join("team")).unwrap();
    std::fs::write(d.join("team/ada.yaml"), CV).unwrap();
    std::fs::write(d.join("exists.pdf"), "a file").unwrap();
    make_fifo(&d.join("fifo"));
    std::fs::create_dir_all(d.join("out")).unwrap();
    std::fs::write(d.join("decoy.txt"), "DECOY").unwrap();
    std::os::unix::fs::symlink("../decoy.txt", d.join("out/cv-ovni.pdf")).unwrap();
    std::os::unix::fs::symlink("../decoy.txt", d.join("out/cv-classic-2.png")).unwrap();
    std::os::unix::fs::symlink("nowhere", d.join("dangling")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.pdf")).unwrap();
    let before = snapshot(d);
    let cases: [&[&str]; 11] = [
        &["--layout", "all", "-o", "exists.pdf"],
        &["--layout", "all", "-o", "fifo"],
        &["--layout", "all", "-o", "null.pdf"],
        &["--layout", "all", "-o", "out/"],
        &["--data", "team", "-o", "exists.pdf"],
        &["-o", "exists.pdf/cv.pdf"],
        &["-o", "exists.pdf/new/cv.pdf"],
        &["-o", "dangling/cv.pdf"],
        &["--format", "png", "-o", "out/"],
        &["-o", ""],
        &["eject", "exists.pdf"],
    ];
    for args in cases {
        let run = run_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("rendered"), "{args:?}: rendered first: {}", run.stderr);
        assert_eq!(snapshot(d), before, "{args:?}");
    }
}
