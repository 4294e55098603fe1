//! The release workflow, what it publishes (binaries, their sums, the
//! container image) and the package those are built from.

use super::*;

#[test]
fn release_runs_on_pushed_v_tags_only() {
    let release = parse(RELEASE);
    assert_eq!(keys(&release["on"]), ["push"], "the release runs on pushes only");
    let push = &release["on"]["push"];
    assert_eq!(keys(push), ["tags"], "the release runs on tags, not branches");
    let tags: Vec<&str> = push["tags"]
        .as_sequence()
        .expect("a list of tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(tags, ["v*"]);
    assert_eq!(
        release["permissions"]["contents"].as_str(),
        Some("write"),
        "creating a release writes"
    );
}

#[test]
fn release_builds_every_target_on_its_own_runner() {
    let release = parse(RELEASE);
    let binary = job(&release, "binary");
    let matrix = binary["strategy"]["matrix"]["include"].as_sequence().expect("a matrix");
    let targets: Vec<&str> = matrix.iter().filter_map(|m| m["target"].as_str()).collect();
    assert_eq!(targets, TARGETS);
    let mut runners: Vec<&str> = matrix.iter().filter_map(|m| m["os"].as_str()).collect();
    runners.sort_unstable();
    runners.dedup();
    assert_eq!(runners.len(), TARGETS.len(), "one runner per target: {runners:?}");
    assert_eq!(binary["runs-on"].as_str(), Some("${{ matrix.os }}"));

    let script = job_scripts(binary);
    let has = |text: &str| script.contains(text);
    assert!(has("cargo build --release --locked --target \"$TARGET\""), "{script}");
    assert!(has("asset=\"cvpdf-${VERSION}-${TARGET}${ext}\""), "the asset's name: {script}");
    assert!(has("static-pie linked"), "the Linux binaries are checked to be static");
    assert!(has("--layout all --output smoke/"), "each binary renders on its runner");
    assert!(has("musl-gcc"), "mimalloc's C is compiled for musl");
}

#[test]
fn release_uploads_every_pdf_every_binary_and_their_sha256_sums() {
    let release = parse(RELEASE);
    let publish = job(&release, "publish");
    let all = job_scripts(publish);
    let has = |text: &str| all.contains(text);

    assert!(has("\"$cvpdf\" --layout all --output dist"), "every layout is rendered: {all}");
    assert!(
        has("SOURCE_DATE_EPOCH") && has("git log -1 --format=%ct"),
        "the PDFs carry the tagged commit's date"
    );
    // Every built-in layout is one of the PDFs that `cvpdf --layout all
    // --output dist` writes, and the release checks it.
    for layout in crate::common::builtin_layouts() {
        let pdf = format!("cv-{layout}.pdf");
        assert!(has(&pdf), "the release does not check {pdf}: layout `{layout}` is not released");
    }
    // Every binary is checked for before the release is written.
    for target in TARGETS {
        let name = asset("${VERSION}", target);
        let suffix = name.trim_start_matches("cvpdf-${VERSION}-");
        assert!(has(suffix), "publish does not check for {name}: {all}");
    }
    assert!(has("sha256sum -- * > SHA256SUMS"), "no SHA-256 file");
    assert!(
        has("gh release create \"$TAG\" dist/*") && has("gh release upload \"$TAG\" dist/*"),
        "everything in dist/ is attached to the release: {all}"
    );
    let env = |scope: &Value, key: &str| scope["env"][key].as_str().map(str::to_owned);
    let steps = publish["steps"].as_sequence().unwrap();
    assert!(
        steps.iter().any(|s| env(s, "GH_TOKEN").as_deref() == Some("${{ github.token }}")),
        "gh gets the workflow's token"
    );
    assert_eq!(env(publish, "TAG").as_deref(), Some("${{ github.ref_name }}"));
    assert_eq!(
        publish["needs"].as_sequence().map(Vec::len),
        Some(2),
        "publish waits for the version check and every binary"
    );
}

/// `[package.metadata.binstall]`'s `pkg-url`, expanded as cargo-binstall does.
fn binstall_url(target: &str) -> String {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let field = |key: &str| {
        let line = manifest.lines().find(|l| l.starts_with(&format!("{key} = \"")));
        let line = line.unwrap_or_else(|| panic!("Cargo.toml has no `{key}`"));
        line.split('"').nth(1).unwrap().to_owned()
    };
    assert_eq!(field("pkg-fmt"), "bin", "the assets are bare binaries");
    let ext = if target.contains("-windows-") { ".exe" } else { "" };
    field("pkg-url")
        .replace("{ repo }", &field("repository"))
        .replace("{ name }", env!("CARGO_PKG_NAME"))
        .replace("{ version }", env!("CARGO_PKG_VERSION"))
        .replace("{ target }", target)
        .replace("{ binary-ext }", ext)
}

#[test]
fn cargo_binstall_points_at_the_release_assets() {
    let version = env!("CARGO_PKG_VERSION");
    for target in TARGETS {
        let url = binstall_url(target);
        let expected = format!("/releases/download/v{version}/{}", asset(version, target));
        assert!(url.starts_with("https://github.com/"), "{url}");
        assert!(url.ends_with(&expected), "{url} is not the release's {expected}");
    }
}

/// The paths that `include_str!` and `include_bytes!` read, relative to the
/// crate's root.
fn included_files() -> Vec<String> {
    let mut found = Vec::new();
    for path in crate::common::files_under(&root().join("src")) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for macro_call in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in text.match_indices(macro_call) {
                let rest = &text[at + macro_call.len()..];
                let relative = &rest[..rest.find('"').unwrap()];
                let file = path.parent().unwrap().join(relative);
                let file = file.canonicalize().unwrap_or(file);
                let file = file.strip_prefix(root().canonicalize().unwrap()).unwrap();
                found.push(file.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

#[test]
fn the_package_holds_the_layouts_the_fonts_and_their_licences() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["package", "--list", "--locked", "--allow-dirty", "--offline"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let listed: Vec<&str> = stdout.lines().collect();
    for dir in ["layouts", "fonts"] {
        for path in crate::common::files_under(&root().join(dir)) {
            let relative = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
            assert!(listed.contains(&relative.as_str()), "{relative} is not packaged");
        }
    }
    for licence in ["inter", "libertinus-serif", "comic-neue", "fira-code"] {
        let file = format!("fonts/{licence}/OFL.txt");
        assert!(listed.contains(&file.as_str()), "{file} is not packaged");
    }
    // The package builds: every file the sources embed is in it.
    let included = included_files();
    assert!(included.len() > 10, "{included:?}");
    for file in included {
        assert!(listed.contains(&file.as_str()), "{file} is embedded but not packaged");
    }
    // Tests and CI files stay out of it.
    for prefix in ["tests/", ".github/", "docs/", "target/"] {
        assert!(!listed.iter().any(|f| f.starts_with(prefix)), "{prefix} is packaged: {listed:?}");
    }
}

#[test]
fn the_container_image_builds_and_renders_a_cv() {
    let docker = Command::new("docker").arg("info").output();
    if !docker.is_ok_and(|output| output.status.success()) {
        // Not a linter CI can install: the image is built where Docker runs
        // (GitHub's runners, release.yml's image job), skipped elsewhere.
        use std::io::Write;
        let message = "SKIPPED: no Docker daemon (`docker info` fails): the image was not built";
        let _ = writeln!(std::io::stderr().lock(), "{message}");
        return;
    }
    let tag = format!("cvpdf-test:{}", std::process::id());
    // The Dockerfile's stages, with an unoptimised build: minutes, not ten.
    let build = Command::new("docker")
        .current_dir(root())
        .args(["build", "--build-arg", "PROFILE=dev", "--tag", &tag, "."])
        .env("DOCKER_BUILDKIT", "1")
        .output()
        .unwrap();
    assert!(build.status.success(), "docker build:\n{}", String::from_utf8_lossy(&build.stderr));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("data/cv.yaml"), dir.path().join("cv.yaml")).unwrap();
    let mut run = Command::new("docker");
    run.args(["run", "--rm", "--network", "none"]);
    #[cfg(unix)]
    {
        // The files written belong to the directory's owner, not to root.
        use std::os::unix::fs::MetadataExt;
        let owner = dir.path().metadata().unwrap();
        run.args(["--user", &format!("{}:{}", owner.uid(), owner.gid())]);
    }
    let volume = format!("{}:/work", dir.path().display());
    let output = run.args(["-v", &volume, &tag, "--layout", "onepage"]).output().unwrap();
    let size = Command::new("docker")
        .args(["image", "inspect", "--format", "{{.Size}}", &tag])
        .output()
        .unwrap();
    let _ = Command::new("docker").args(["rmi", &tag]).output();
    assert!(output.status.success(), "docker run:\n{}", String::from_utf8_lossy(&output.stderr));
    let pdf = std::fs::read(dir.path().join("out/cv-onepage.pdf")).expect("the image renders");
    assert_eq!(common::page_count(&pdf), 1);
    eprintln!("the image (dev profile) is {} bytes", String::from_utf8_lossy(&size.stdout).trim());
}

#[test]
fn the_release_publishes_the_image_from_the_binaries_it_ran() {
    let release = parse(RELEASE);
    let image = job(&release, "image");
    let needs: Vec<&str> =
        image["needs"].as_sequence().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(needs.contains(&"binary"), "{needs:?}");
    assert_eq!(image["permissions"]["packages"].as_str(), Some("write"));
    let script = job_scripts(image);
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("FROM scratch AS release\n"), "{dockerfile}");
    assert!(dockerfile.contains("COPY dist/image/cvpdf-${TARGETARCH} /cvpdf"), "{dockerfile}");
    for (arch, target) in [("amd64", TARGETS[0]), ("arm64", TARGETS[1])] {
        let copy = format!("cp \"dist/cvpdf-${{VERSION}}-{target}\" dist/image/cvpdf-{arch}");
        assert!(script.contains(&copy), "{copy}: {script}");
    }
    assert!(script.contains("--platform linux/amd64,linux/arm64 --target release"), "{script}");
}
