//! Language tags as people write them, read into one form (BCP 47's
//! case): `meta.lang`, `--lang`, a letter's `lang` and the keys of a
//! translated text all go through [`language_tag`].

use super::keys::{Closeness, closest};

/// The shipped languages' tags (and Nynorsk's, whose labels are Bokmål's,
/// `labels::ALIASES`) with the other codes that name them (ISO 639-2 and
/// -3, a withdrawn one) and their names in English and in themselves, lower
/// case: what a person may write instead of the tag.
const NAMES: &[(&str, &[&str], &[&str])] = &[
    ("en", &["eng"], &["english"]),
    ("fr", &["fra", "fre"], &["french", "français", "francais"]),
    ("es", &["spa"], &["spanish", "español", "espanol", "castellano"]),
    ("de", &["deu", "ger"], &["german", "deutsch"]),
    ("it", &["ita"], &["italian", "italiano"]),
    ("pt", &["por"], &["portuguese", "português", "portugues"]),
    ("pt-BR", &[], &["brazilian", "brazilian portuguese", "brasileiro"]),
    ("nl", &["nld", "dut"], &["dutch", "nederlands", "flemish"]),
    ("sv", &["swe"], &["swedish", "svenska"]),
    ("da", &["dan"], &["danish", "dansk"]),
    ("nb", &["nob", "nor"], &["norwegian", "norsk", "bokmål", "bokmal"]),
    ("nn", &["nno"], &["nynorsk", "norwegian nynorsk"]),
    ("fi", &["fin"], &["finnish", "suomi"]),
    ("pl", &["pol"], &["polish", "polski"]),
    ("cs", &["ces", "cze"], &["czech", "čeština", "cestina"]),
    ("ro", &["ron", "rum"], &["romanian", "română", "romana"]),
    ("hu", &["hun"], &["hungarian", "magyar"]),
    ("el", &["ell", "gre"], &["greek", "ελληνικά"]),
    ("tr", &["tur"], &["turkish", "türkçe", "turkce"]),
    ("ru", &["rus"], &["russian", "русский"]),
    ("uk", &["ukr"], &["ukrainian", "українська"]),
    ("ar", &["ara"], &["arabic", "العربية"]),
    ("he", &["heb", "iw"], &["hebrew", "עברית"]),
    ("fa", &["fas", "per"], &["persian", "farsi", "فارسی"]),
    ("hi", &["hin"], &["hindi", "हिन्दी", "हिंदी"]),
    ("zh", &["zho", "chi"], &["chinese", "mandarin", "中文", "汉语"]),
    ("ja", &["jpn"], &["japanese", "日本語"]),
    ("ko", &["kor"], &["korean", "한국어"]),
];

/// A language tag in BCP 47's case, from one as people write it: any case,
/// `_` for `-`, a POSIX locale's codeset and modifier (`pt_BR.UTF-8`,
/// `de_DE@euro`) left out, a shipped language's three-letter code as its
/// two-letter one (`fra` gives `fr`). `pt_br` gives `pt-BR`, `ZH-hans`
/// gives `zh-Hans`. Whether labels ship for the tag is `labels`' business.
///
/// # Errors
/// A hint when `written` is no tag: the code meant, if it names a shipped
/// language (`French`, `deutsch`) or nearly does, and how tags are written.
pub fn language_tag(written: &str) -> Result<String, String> {
    let posix = written.trim().split(['.', '@']).next().unwrap_or_default();
    let mut subtags = posix.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default().to_ascii_lowercase();
    let rest: Vec<&str> = subtags.collect();
    let is_tag = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && rest.iter().all(|s| (1..=8).contains(&s.len()) && s.chars().all(char::is_alphanumeric))
        && rest.iter().all(|s| s.is_ascii());
    if !is_tag {
        return Err(meant(written));
    }
    let primary = NAMES
        .iter()
        .find(|(_, codes, _)| codes.contains(&primary.as_str()))
        .map_or(primary, |(tag, _, _)| (*tag).to_owned());
    let mut tag = primary;
    for subtag in rest {
        tag.push('-');
        match subtag.len() {
            4 if subtag.chars().all(|c| c.is_ascii_alphabetic()) => {
                tag.push_str(&subtag[..1].to_ascii_uppercase());
                tag.push_str(&subtag[1..].to_ascii_lowercase());
            }
            2 => tag.push_str(&subtag.to_ascii_uppercase()),
            _ => tag.push_str(&subtag.to_ascii_lowercase()),
        }
    }
    Ok(tag)
}

/// Countries' codes that people write for their language (`jp` for
/// Japanese), with the shipped language meant.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("jp", "Japan", "ja"),
    ("cz", "Czechia", "cs"),
    ("dk", "Denmark", "da"),
    ("gr", "Greece", "el"),
    ("ua", "Ukraine", "uk"),
    ("cn", "China", "zh"),
    ("kr", "Korea", "ko"),
    ("se", "Sweden", "sv"),
    ("il", "Israel", "he"),
    ("ir", "Iran", "fa"),
    ("br", "Brazil", "pt-BR"),
    ("gb", "the United Kingdom", "en"),
    ("us", "the United States", "en"),
    ("at", "Austria", "de"),
];

/// For a tag whose language ships no labels but whose code is a
/// country's that people write for its language (`jp`, `cz`, `gr`), the
/// hint naming the language's own code.
pub fn country_meant(tag: &str) -> Option<String> {
    let primary = tag.split('-').next()?.to_ascii_lowercase();
    let (code, country, lang) = COUNTRIES.iter().find(|(code, ..)| *code == primary)?;
    Some(format!("`{code}` is {country}'s country code: did you mean the language `{lang}`?"))
}

/// The hint for a value that is no tag: the shipped language it names or
/// nearly names, and how to write one.
fn meant(written: &str) -> String {
    let how = "a language code such as fr, en or pt-BR (ISO 639, with an optional region)";
    let lower = written.trim().to_lowercase();
    let names: Vec<String> =
        NAMES.iter().flat_map(|(_, _, names)| names.iter().map(|n| (*n).to_owned())).collect();
    let name = match closest(&lower, &names, |_| false) {
        Some(Closeness::Typo(name)) => name,
        _ => return format!("write {how}"),
    };
    let tag = NAMES.iter().find(|(_, _, names)| names.contains(&name.as_str())).map(|n| n.0);
    format!("did you mean `{}`? Write {how}", tag.unwrap_or("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_as_people_write_them() {
        for (written, tag) in [
            ("pt_br", "pt-BR"),
            ("pt_BR.UTF-8", "pt-BR"),
            ("de_DE@euro", "de-DE"),
            (" FR ", "fr"),
            ("zh-hans", "zh-Hans"),
            ("ZH_cn", "zh-CN"),
            ("es-419", "es-419"),
            ("fra", "fr"),
            ("iw", "he"),
            ("nn", "nn"),
            ("nno", "nn"),
            ("NNO", "nn"),
        ] {
            assert_eq!(language_tag(written).as_deref(), Ok(tag), "{written}");
        }
    }

    #[test]
    fn names_get_their_code() {
        for (written, tag) in
            [("French", "fr"), ("deutsch", "de"), ("Englsh", "en"), ("中文", "zh")]
        {
            let hint = language_tag(written).unwrap_err();
            assert!(hint.starts_with(&format!("did you mean `{tag}`?")), "{written}: {hint}");
        }
        assert_eq!(
            country_meant("jp").as_deref(),
            Some("`jp` is Japan's country code: did you mean the language `ja`?")
        );
        assert!(country_meant("ja").is_none() && country_meant("eo").is_none());
        for written in ["", "e", "x-y", "en-", "123", "en-toolongtag"] {
            let hint = language_tag(written).unwrap_err();
            assert!(hint.starts_with("write a language code"), "{written}: {hint}");
        }
    }
}
