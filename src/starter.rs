//! `cvpdf init`: a commented starter CV, its schema, a Makefile, an example
//! job application and a GitHub workflow.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Error};

/// The starter CV.
pub const CV: &str = include_str!("starter/cv.yaml");
/// The starter Makefile.
pub const MAKEFILE: &str = include_str!("starter/Makefile");
/// The example job application: a cover letter with the CV's tailoring.
pub const APPLICATION: &str = include_str!("starter/applications/example.md");
/// The GitHub workflow, with `CVPDF_RELEASE` standing for this release's tag.
const WORKFLOW_TEMPLATE: &str = include_str!("starter/cv.yml");
/// Keeps the rendered files out of the user's repository.
pub const GITIGNORE: &str = "# Rendered by cvpdf: `make` makes them again.\nout/\n";

/// The GitHub workflow `init` writes: it renders the CV with the action of
/// this very release (`cvpdf/cvpdf@v<version>`), so that CI makes the bytes
/// this binary makes.
pub fn workflow() -> String {
    WORKFLOW_TEMPLATE.replace("CVPDF_RELEASE", concat!("v", env!("CARGO_PKG_VERSION")))
}

/// Writes `cv.yaml`, `cv.schema.json`, `Makefile`, `applications/example.md`,
/// `.github/workflows/cv.yml` and `.gitignore` into `dir` (made if needed),
/// all or none, refusing to overwrite any file. Returns the paths written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let files = [
        ("cv.yaml", CV.to_owned()),
        ("cv.schema.json", crate::model::json_schema() + "\n"),
        ("Makefile", MAKEFILE.to_owned()),
        ("applications/example.md", APPLICATION.to_owned()),
        (".github/workflows/cv.yml", workflow()),
        (".gitignore", GITIGNORE.to_owned()),
    ];
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::invalid(
            Diagnostic::error(format!(
                "{} already {}: nothing written",
                existing.join(", "),
                if existing.len() == 1 { "exists" } else { "exist" }
            ))
            .with_hint("run `cvpdf init` in a new directory, such as `cvpdf init my-cv`"),
        ));
    }
    let files: Vec<(PathBuf, &[u8])> =
        files.iter().map(|(name, text)| (dir.join(name), text.as_bytes())).collect();
    crate::output::write_files(&files)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_cv_is_valid() {
        let loaded = crate::model::load("cv.yaml", CV.as_bytes()).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.cv.work.len(), 1);
    }

    #[test]
    fn the_example_application_is_valid() {
        let letter = crate::letter::load("example.md", APPLICATION.as_bytes()).unwrap();
        assert!(letter.warnings.is_empty(), "{:?}", letter.warnings);
        assert_eq!(letter.front.layout.as_deref(), Some("classic"));
    }

    #[test]
    fn init_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(write(dir.path()).unwrap().len(), 6);
        assert!(write(dir.path()).is_err());
    }

    #[test]
    fn the_workflow_uses_this_release_of_the_action() {
        let workflow = workflow();
        let expected = format!("uses: cvpdf/cvpdf@v{}\n", env!("CARGO_PKG_VERSION"));
        assert!(workflow.contains(&expected), "{workflow}");
        assert!(!workflow.contains("CVPDF_RELEASE"));
    }

    #[test]
    fn an_existing_workflow_is_never_overwritten_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let workflows = dir.path().join(".github/workflows");
        std::fs::create_dir_all(&workflows).unwrap();
        std::fs::write(workflows.join("cv.yml"), "mine").unwrap();
        let error = write(dir.path()).unwrap_err();
        assert!(format!("{error:?}").contains("cv.yml already exists"), "{error:?}");
        assert_eq!(std::fs::read_to_string(workflows.join("cv.yml")).unwrap(), "mine");
        assert!(!dir.path().join("cv.yaml").exists(), "all or nothing");
    }
}
