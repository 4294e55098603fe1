//! Unit tests of [`super`].

use super::*;

#[test]
fn reads_regular_files_and_records_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.typ");
    std::fs::write(&file, "hello").unwrap();
    assert_eq!(read(&file, Kind::Layout).unwrap(), b"hello");
    let canonical = file.canonicalize().unwrap();
    assert!(inputs().iter().any(|i| i.path.as_deref() == Some(&canonical)));
    assert!(matches!(read(dir.path(), Kind::Layout), Err(Refusal::NotRegular(_))));
    assert!(matches!(read(&dir.path().join("no"), Kind::Layout), Err(Refusal::NotFound)));
}

#[test]
fn within_refuses_escapes_and_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("layout");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "x").unwrap();
    std::fs::write(root.join(".env"), "x").unwrap();
    std::fs::write(dir.path().join("outside.txt"), "x").unwrap();
    std::fs::write(root.join("ok.txt"), "ok").unwrap();
    let within = |p: &str| read_within(&root, Path::new(p), Kind::LayoutFile);
    assert_eq!(within("ok.txt").unwrap(), b"ok");
    assert!(matches!(within("../outside.txt"), Err(Refusal::Outside)));
    assert!(matches!(within(".env"), Err(Refusal::Hidden(_))));
    assert!(matches!(within(".git/config"), Err(Refusal::Hidden(_))));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("outside.txt"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(root.join(".env"), root.join("env")).unwrap();
        assert!(matches!(within("link"), Err(Refusal::Outside)));
        assert!(matches!(within("env"), Err(Refusal::Hidden(_))));
    }
}

#[test]
fn limits_and_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    std::fs::write(&big, vec![b'#'; Kind::Data.limit() as usize + 10]).unwrap();
    assert!(matches!(read(&big, Kind::Data), Err(Refusal::TooLarge { size: Some(_), .. })));
    assert_eq!(megabytes(2 * MB), "2 MB");
    assert_eq!(megabytes(2 * MB + MB / 10), "2.1 MB");
    let stdin = Source::Stdin;
    assert_eq!(stdin.data_path(b" {\"basics\": {}}"), Path::new("cv.json"));
    assert_eq!(stdin.data_path(b"basics: {}"), Path::new("cv.yaml"));
}
