use super::*;

fn day(d: u8) -> Moment {
    Moment { year: 2026, month: 12, day: d, time: (0, 0, 0) }
}

fn lang(code: &str) -> &'static Words {
    for_lang(code).unwrap_or_else(|| panic!("no letter words for {code}"))
}

#[test]
fn dates_and_subjects_follow_each_language() {
    let fr = lang("fr-FR");
    assert_eq!(fr.dateline("Paris", &fr.date(&day(1), None)), "Paris, le 1er décembre 2026");
    assert_eq!(fr.dateline("", &fr.date(&day(2), None)), "Le 2 décembre 2026");
    assert_eq!(english().date(&day(1), Some("US")), "December 1, 2026");
    assert_eq!(english().date(&day(1), None), "1 December 2026");
    assert_eq!(lang("es").date(&day(3), None), "3 de diciembre de 2026");
    assert_eq!(fr.subject("Ingénieur DevOps"), "Candidature au poste d’Ingénieur DevOps");
    assert_eq!(fr.subject("Chef de projet"), "Candidature au poste de Chef de projet");
    assert_eq!(
        fr.closing("Madame,"),
        "Je vous prie d’agréer, Madame, l’expression de mes salutations distinguées."
    );
    assert_eq!(
        fr.closing(""),
        "Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées."
    );
    assert_eq!(english().opening("Claire Martin"), "Dear Claire Martin,");
    assert_eq!(english().title("Acme", "Ada"), "Letter to Acme — Ada");
    assert_eq!(english().title("", "Ada"), "Letter — Ada");
    assert!(for_lang("eo").is_none());
}

#[test]
fn each_language_dates_and_greets_as_its_letters_do() {
    let de = lang("de-AT");
    assert_eq!(de.dateline("Berlin", &de.date(&day(1), None)), "Berlin, 1. Dezember 2026");
    assert_eq!(de.opening(""), "Sehr geehrte Damen und Herren,");
    assert_eq!(de.opening("Claire Martin"), "Guten Tag Claire Martin,");
    assert_eq!(de.closing("Guten Tag Claire Martin,"), "Mit freundlichen Grüßen");
    assert_eq!(de.subject_label, "");
    assert_eq!(lang("it").date(&day(1), None), "1º dicembre 2026");
    assert_eq!(
        lang("pt-BR").dateline("São Paulo", &lang("pt-BR").date(&day(1), None)),
        "São Paulo, 1º de dezembro de 2026."
    );
    assert_eq!(lang("pl").date(&day(24), None), "24 grudnia 2026 r.");
    assert_eq!(lang("pl").opening("Anna Nowak"), "Szanowni Państwo,");
    assert_eq!(lang("ru").date(&day(5), None), "5 декабря 2026 г.");
    assert_eq!(lang("hu").date(&day(5), None), "2026. december 5.");
    assert_eq!(lang("fi").date(&day(5), None), "5. joulukuuta 2026");
    assert_eq!(lang("ja").dateline("東京", &lang("ja").date(&day(1), None)), "2026年12月1日");
    assert_eq!(lang("ko").date(&day(9), None), "2026년 12월 9일");
    assert_eq!(lang("he").date(&day(9), None), "9 בדצמבר 2026");
    assert_eq!(lang("ar").dateline("القاهرة", "9 ديسمبر 2026"), "القاهرة في 9 ديسمبر 2026");
    assert_eq!(lang("tr").opening("Claire Martin"), "Sayın Claire Martin,");
    assert_eq!(lang("zh").application_title("Acme", "Ada"), "致Acme的求职申请 — Ada");
}

/// Languages with no opening that names one person without a gender:
/// their named opening is the one to anyone.
const NO_NEUTRAL_NAMED_OPENING: &[&str] = &["fr", "pl", "cs", "ro", "el", "ja"];

#[test]
fn every_language_has_every_letter_word_in_its_patterns() {
    for &tag in crate::languages::LANGUAGES {
        let words = lang(tag);
        assert_eq!(words.lang, tag);
        for (name, pattern, holes) in [
            ("date", &words.date, &["{day}", "{month}", "{year}"][..]),
            ("dateline", &words.dateline, &["{date}"]),
            ("dateAlone", &words.date_alone, &["{date}"]),
            ("subject", &words.subject, &["{position}"]),
            ("letterTo", &words.letter_to, &["{to}"]),
            ("applicationTo", &words.application_to, &["{to}"]),
        ] {
            for hole in holes {
                assert_eq!(pattern.matches(hole).count(), 1, "{tag}: {name} = {pattern:?}");
            }
        }
        // Without a place, the date line holds none.
        assert!(!words.date_alone.contains("{place}"), "{tag}");
        let unnamed = NO_NEUTRAL_NAMED_OPENING.contains(&tag);
        assert_eq!(words.opening_named.contains("{name}"), !unnamed, "{tag}");
        assert_eq!(words.opening_named == words.opening, unnamed, "{tag}");
        let said = [&words.opening, &words.closing, &words.letter, &words.application];
        for word in said.into_iter().chain(&words.months).chain([&words.first_day]) {
            assert!(!word.trim().is_empty() && word.trim() == word, "{tag}: {word:?}");
            assert!(!word.contains('{') || word.contains("{address}"), "{tag}: {word:?}");
        }
        assert_eq!(words.subject_label.trim(), words.subject_label, "{tag}");
        assert_eq!(words.subject_elided.is_some(), tag == "fr", "{tag}: only French elides");
    }
}
