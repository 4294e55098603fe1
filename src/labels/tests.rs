use super::*;
use crate::languages::LANGUAGES;

fn d(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn lang(code: &str) -> &'static Labels {
    for_lang(code).unwrap_or_else(|| panic!("no labels for {code}"))
}

#[test]
fn every_file_reads_with_every_word() {
    for (tag, text) in FILES {
        let labels = parse(tag, text).unwrap_or_else(|e| panic!("labels/{tag}.toml: {e}"));
        assert_eq!(labels.lang, *tag);
        assert!(text.starts_with("# "), "labels/{tag}.toml: a comment says what it holds");
        let dates = &labels.dates;
        for (name, pattern, holes) in [
            ("named", &dates.named, ["{month}", "{year}"]),
            ("numeric", &dates.numeric, ["{month}", "{year}"]),
            ("range", &dates.range, ["{start}", "{end}"]),
            ("years", &dates.years, ["{start}", "{end}"]),
            ("pageOf", &labels.page_of, ["{page}", "{total}"]),
        ] {
            for hole in holes {
                assert_eq!(pattern.matches(hole).count(), 1, "{tag}: {name} = {pattern:?}");
            }
        }
        let words = [&labels.present, &labels.courses, &labels.score, &labels.roles];
        let words = words.into_iter().chain(&labels.months).chain([&labels.earlier]);
        for word in words {
            assert!(!word.trim().is_empty() && word.trim() == word, "{tag}: {word:?}");
        }
    }
    assert_eq!(all().count(), LANGUAGES.len());
}

#[test]
fn a_missing_or_unknown_word_is_an_error_not_english() {
    let en = FILES[0].1;
    let missing = en.replace("present = \"present\"\n", "");
    assert!(parse("xx", &missing).unwrap_err().contains("missing field `present`"));
    let unknown = en.replace("courses =", "cuorses =");
    assert!(parse("xx", &unknown).unwrap_err().contains("unknown field `cuorses`"));
    let untitled = en.replace("awards = \"Awards\"\n", "");
    assert!(parse("xx", &untitled).unwrap_err().contains("no title for `awards`"));
    let extra = en.replace("[sections]\n", "[sections]\nsections = \"Other\"\n");
    let error = parse("xx", &extra).unwrap_err();
    assert!(error.contains("`sections` is no titled section of the catalogue"), "{error}");
    let month = en.replace(", \"Dec\"]", "]");
    assert!(parse("xx", &month).is_err());
    let named = format!("lang = \"de\"\n{en}");
    assert!(parse("xx", &named).unwrap_err().contains("the file's name"));
}

#[test]
fn every_language_titles_exactly_the_titled_sections() {
    let catalogue = crate::catalogue::SECTIONS.iter();
    let titled: Vec<&str> = catalogue.filter(|s| s.titled).map(|s| s.key).collect();
    assert_eq!(titled.len(), 11);
    for labels in all() {
        let json = serde_json::to_string(&labels.sections).unwrap();
        let written: Vec<&str> = json.split('"').skip(1).step_by(4).collect();
        assert_eq!(written[0], "summary", "{}", labels.lang);
        assert_eq!(written[1..], titled[..], "{}", labels.lang);
        assert_eq!(labels.sections.get("sections"), None);
    }
}

#[test]
fn a_region_picks_its_file_else_its_language() {
    assert_eq!(lang("pt-BR").lang, "pt-BR");
    assert_eq!(lang("pt_br").lang, "pt-BR");
    assert_eq!(lang("pt-Latn-BR").lang, "pt-BR");
    assert_eq!(lang("pt").lang, "pt");
    assert_eq!(lang("pt-PT").lang, "pt");
    assert_eq!(lang("pt-AO").lang, "pt");
    assert_eq!(lang("fr-CA").lang, "fr");
    assert_eq!(lang("EN").lang, "en");
    assert_eq!(lang("no").lang, "nb");
    assert_eq!(lang("nb-NO").lang, "nb");
    assert_eq!(lang("zh-Hans").lang, "zh");
    assert_eq!(lang("zh-CN").lang, "zh");
    assert!(for_lang("zh-Hant").is_none());
    assert!(for_lang("zh_tw").is_none());
    assert!(for_lang("zh-Hant-HK").is_none());
    assert_eq!(lang("nn").lang, "nb");
    assert!(for_lang("eo").is_none());
    assert_eq!(lang("pt-BR").sections.get("languages"), Some("Idiomas"));
    assert_eq!(lang("pt").sections.get("languages"), Some("Línguas"));
}

#[test]
fn formats_dates_per_language() {
    let fr = lang("fr-FR");
    assert_eq!(fr.range(Some(&d("2004")), Some(&d("2006"))), "2004 – 2006");
    assert_eq!(fr.range(Some(&d("2014")), Some(&d("2014"))), "2014");
    assert_eq!(fr.range(Some(&d("2015-02")), None), "févr. 2015 – aujourd’hui");
    assert_eq!(english().range(Some(&d("2015-02-03")), None), "Feb 2015 – present");
    assert_eq!(lang("es").date(&d("2019-01")), "ene. 2019");
    assert_eq!(english().years(Some(&d("2001-03")), Some(&d("2003-01"))), "2001–2003");
    assert_eq!(english().years(Some(&d("2014-02")), Some(&d("2014-09"))), "2014");
    assert_eq!(fr.years(Some(&d("2020-05")), None), "2020–aujourd’hui");
    assert_eq!(english().range(None, Some(&d("2019-03"))), "Mar 2019");
    assert_eq!(english().range(None, None), "");
}

#[test]
fn each_language_writes_its_own_dates() {
    let mar = d("2019-03");
    let cases = [
        ("en", "Mar 2019", "03/2019"),
        ("de", "März 2019", "03/2019"),
        ("fr", "mars 2019", "03/2019"),
        ("sv", "mars 2019", "2019-03"),
        ("hu", "2019. márc.", "2019. 03."),
        ("ja", "2019年3月", "2019/03"),
        ("zh", "2019年3月", "2019.03"),
        ("ko", "2019년 3월", "2019.03"),
        ("ru", "март 2019", "03.2019"),
        ("ar", "مارس 2019", "03/2019"),
    ];
    for (code, named, numeric) in cases {
        let labels = lang(code);
        assert_eq!(labels.date_in(&mar, DateStyle::Named), named, "{code}");
        assert_eq!(labels.date_in(&mar, DateStyle::Numeric), numeric, "{code}");
        assert_eq!(labels.date_in(&d("2019"), DateStyle::Numeric), "2019", "{code}");
    }
    // Finnish, Polish and Czech CVs write numbers by default.
    assert_eq!(lang("fi").date(&mar), "03/2019");
    assert_eq!(lang("pl").range(Some(&mar), None), "03.2019 – obecnie");
    assert_eq!(lang("cs").date(&d("2019-11")), "11/2019");
    assert_eq!(lang("de").range(Some(&d("2019-05")), None), "Mai 2019 – heute");
    assert_eq!(lang("ru").range(Some(&mar), Some(&d("2021-12"))), "март 2019 — дек. 2021");
    assert_eq!(lang("ja").range(Some(&mar), None), "2019年3月 〜 現在");
    assert_eq!(lang("ja").years(Some(&mar), None), "2019〜現在");
    assert_eq!(lang("ko").range(Some(&mar), None), "2019년 3월 ~ 현재");
    assert_eq!(lang("pt-BR").range(Some(&mar), None), "mar. 2019 – atual");
}

#[test]
fn the_view_serialises_labels_in_camel_case_and_catalogue_order() {
    let json = serde_json::to_string(&english().sections).unwrap();
    assert!(json.starts_with(r#"{"summary":"Summary","work":"Experience","#), "{json}");
    assert!(json.ends_with(r#""references":"References","projects":"Projects"}"#), "{json}");
    let json = serde_json::to_value(lang("hu")).unwrap();
    assert_eq!(json["pageOf"], "{page}/{total}. oldal");
    assert_eq!(json["lang"], "hu");
    assert_eq!(json["dates"]["default"], "named");
    assert_eq!(json["layouts"]["ovni"]["end"], "Adás vége");
}

#[test]
fn a_missing_letter_word_is_an_error_not_english() {
    let en = FILES[0].1;
    let missing = en.replace("closing = \"Yours sincerely,\"\n", "");
    let error = parse("xx", &missing).unwrap_err();
    assert!(error.contains("missing field `closing`"), "{error}");
    let table = &en[..en.find("\n# A cover letter's words").unwrap()];
    let error = parse("xx", table).unwrap_err();
    assert!(error.contains("missing field `letter`"), "{error}");
}
