//! The letter as plain text, for the forms of job portals: the letter's
//! parts in reading order, paragraphs separated by blank lines.

use super::view::LetterView;
use crate::markup::{Block, plain_text};
use crate::view::View;

/// The letter as text: sender, recipient, place and date, subject,
/// opening, body, closing and signature.
pub fn render(view: &View, letter: &LetterView) -> String {
    let contacts: Vec<&str> = view.header.contacts.iter().map(|c| c.text.as_str()).collect();
    let mut sender = vec![view.header.name.clone(), view.header.label.clone()];
    sender.extend(letter.sender.address.iter().cloned());
    sender.push(contacts.join(" · "));
    let to = &letter.recipient;
    let mut recipient = vec![to.name.clone(), to.organisation.clone()];
    recipient.extend(to.address.iter().cloned());
    let subject = [letter.subject_label.as_str(), &letter.subject].join(" ");
    let mut paragraphs = vec![
        lines(&sender),
        lines(&recipient),
        letter.dateline.clone(),
        if letter.subject.is_empty() { String::new() } else { subject.trim().to_owned() },
        plain_text(&letter.opening),
    ];
    paragraphs
        .extend(letter.body.iter().map(|block| plain_text(std::slice::from_ref::<Block>(block))));
    paragraphs.push(plain_text(&letter.closing));
    paragraphs.push(letter.signature.clone());
    let kept: Vec<String> = paragraphs.into_iter().filter(|p| !p.trim().is_empty()).collect();
    kept.join("\n\n") + "\n"
}

/// Non-empty lines, one a line.
fn lines(lines: &[String]) -> String {
    lines.iter().filter(|l| !l.trim().is_empty()).cloned().collect::<Vec<_>>().join("\n")
}
