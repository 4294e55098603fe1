//! Messages of a readable length, that point at the bulk (README,
//! "Messages"): a huge value is quoted by its start, whatever message
//! quotes it, and the fit error names the part that holds the bulk.

use crate::common::*;

#[test]
fn a_huge_value_is_quoted_by_its_start() {
    let huge = "x".repeat(5_000);
    let cases = [
        format!("meta: {{lang: {huge}}}\n"),
        format!("design:\n  dateFormat: {huge}\n"),
        format!("design:\n  colors: {{accent: {huge}}}\n"),
        format!("design:\n  fonts: {{body: {huge}}}\n"),
        format!("design:\n  photo: {{shape: {huge}}}\n"),
        format!("design:\n  sections: {{order: [{huge}]}}\n"),
        format!("design:\n  layouts: {{ovni: {{ink: {huge}}}}}\n"),
        format!("work:\n  - name: A\n    startDate: {huge}\n"),
        format!("basics:\n  email: {huge}\n"),
    ];
    for case in cases {
        let cv = Scratch::new(&format!("basics:\n  name: Ada\n{}", case.replace("basics:\n", "")));
        let run = run(&["check", "--data", cv.data_str()]);
        assert_eq!(run.code, 1, "{}", &case[..40]);
        assert!(run.stderr.contains(&format!("{}…", "x".repeat(60))), "{}", run.stderr);
        assert!(!run.stderr.contains(&"x".repeat(200)), "{}", run.stderr);
        assert!(run.stderr.len() < 2_500, "{}: {} bytes", &case[..40], run.stderr.len());
    }
}

#[test]
fn the_fit_error_points_at_the_bulk() {
    // A hundred and twenty profiles and a one-line summary: the header is the longest
    // part, and its bulk is the profiles, not the summary.
    let profiles: String = (0..120)
        .map(|i| format!("    - {{network: Network{i}, username: someone-{i}, url: https://example.org/u/someone-{i}}}\n"))
        .collect();
    let cv = Scratch::new(&format!(
        "basics:\n  name: Ada Lovelace\n  summary: Builds things.\n  profiles:\n{profiles}\
         interests:\n{}",
        (0..30).map(|i| format!("  - name: Interest number {i}\n")).collect::<String>()
    ));
    let run = cv.run(&["--layout", "onepage"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cv.yaml:4:3"), "{}", run.stderr);
    assert!(run.stderr.contains("the header (name, contacts and summary"), "{}", run.stderr);
    assert!(!run.stderr.contains("Summary ("), "{}", run.stderr);
}
