//! The shipped languages: each one's tag and its labels file, embedded in
//! the binary. A leaf: the model checks a CV's language against
//! [`LANGUAGES`], and `crate::labels` reads the files.

/// The shipped files: `(tag, text)` for each, and [`LANGUAGES`], from one
/// list of tags.
macro_rules! shipped {
    ($($tag:literal),* $(,)?) => {
        /// Each shipped language's tag and the text of `labels/TAG.toml`.
        pub const FILES: &[(&str, &str)] =
            &[$(($tag, include_str!(concat!("../labels/", $tag, ".toml")))),*];

        /// The languages whose labels ship with cvpdf, by their tag: a
        /// language (`pt`), or a language and region (`pt-BR`) where the
        /// region writes differently.
        pub const LANGUAGES: &[&str] = &[$($tag),*];
    };
}

shipped![
    "en", "fr", "es", "de", "it", "pt", "pt-BR", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro",
    "hu", "el", "tr", "ru", "uk", "ar", "he", "fa", "hi", "zh", "ja", "ko",
];
