//! JSON Resume's dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and
//! `meta.lastModified` with an optional time of day.

use std::cmp::Ordering;

/// A date with optional month and day, as JSON Resume allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The year, 1000 to 2999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: Option<u8>,
    /// The day of the month.
    pub day: Option<u8>,
}

/// Why a text is not a [`PartialDate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// It is not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Form,
    /// Its year is outside 1000 to 2999.
    Year(u16),
    /// Its month is not 1 to 12.
    Month(u16),
    /// Its month has no such day.
    Day(u16),
}

impl DateError {
    /// The reason in words, for the date as the data writes it, `text`.
    pub fn explain(self, text: &str) -> String {
        match self {
            Self::Form => format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
            Self::Year(year) => format!("year {year} is out of range"),
            Self::Month(month) => format!("month {month} does not exist (`{text}`)"),
            Self::Day(day) => format!("day {day} does not exist in that month (`{text}`)"),
        }
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date
    /// exists.
    ///
    /// # Errors
    ///
    /// What is wrong: [`DateError::explain`] says it in words.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, len: usize| -> Result<u16, DateError> {
            let digits = part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| part.parse().ok()).flatten().ok_or(DateError::Form)
        };
        if parts.is_empty() || parts.len() > 3 {
            return Err(DateError::Form);
        }
        let year = number(parts[0], 4)?;
        if !(1000..3000).contains(&year) {
            return Err(DateError::Year(year));
        }
        let month = match parts.get(1) {
            Some(part) => {
                let month = number(part, 2)?;
                if !(1..=12).contains(&month) {
                    return Err(DateError::Month(month));
                }
                Some(month as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(part), Some(month)) => {
                let day = number(part, 2)?;
                let last = days_in_month(year, month);
                if day == 0 || day > u16::from(last) {
                    return Err(DateError::Day(day));
                }
                Some(day as u8)
            }
            _ => None,
        };
        Ok(Self { year, month, day })
    }

    /// Whether `self` is certainly before `other`, comparing only the parts
    /// both give (2015 is not before 2015-06).
    pub fn is_before(&self, other: &Self) -> bool {
        let pairs = [
            (Some(self.year), Some(other.year)),
            (self.month.map(u16::from), other.month.map(u16::from)),
            (self.day.map(u16::from), other.day.map(u16::from)),
        ];
        for (a, b) in pairs {
            match (a, b) {
                (Some(a), Some(b)) => match a.cmp(&b) {
                    Ordering::Less => return true,
                    Ordering::Greater => return false,
                    Ordering::Equal => {}
                },
                _ => return false,
            }
        }
        false
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A moment from `meta.lastModified`: a full date and an optional time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The date, with month and day.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
    /// Hour, minute and second in UTC, midnight when absent.
    pub time: (u8, u8, u8),
}

impl Moment {
    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` (or a space)
    /// and a `Z` or `±HH:MM` offset, which is applied to give UTC.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (date, time) = match text.find(['T', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        // `last tuesday` is not a date, whatever `last` alone would be.
        let date = PartialDate::parse(date).map_err(|why| match why {
            DateError::Form => {
                format!("`{text}` is not a date: write YYYY-MM-DD, optionally with a time")
            }
            why => why.explain(date.trim()),
        })?;
        let (Some(month), Some(day)) = (date.month, date.day) else {
            return Err(format!("`{text}` needs a full date: YYYY-MM-DD, optionally with a time"));
        };
        let mut moment = Self { year: date.year, month, day, time: (0, 0, 0) };
        if let Some(time) = time {
            let bad = || format!("`{text}` has a bad time: write HH:MM or HH:MM:SS");
            let (clock, offset) = match time.find(['Z', '+', '-']) {
                Some(i) => (&time[..i], &time[i..]),
                None => (time, ""),
            };
            let fields: Vec<u8> = clock
                .split(':')
                .map(|f| if f.len() == 2 { f.parse().ok() } else { None })
                .collect::<Option<_>>()
                .ok_or_else(bad)?;
            let (h, m, s) = match fields[..] {
                [h, m] => (h, m, 0),
                [h, m, s] => (h, m, s),
                _ => return Err(bad()),
            };
            if h > 23 || m > 59 || s > 59 {
                return Err(bad());
            }
            moment.time = (h, m, s);
            let offset_minutes = parse_offset(offset).ok_or_else(bad)?;
            moment = moment.shifted(-offset_minutes);
        }
        Ok(moment)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let (h, m, s) = self.time;
        days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)
    }

    /// The moment at a number of seconds since the Unix epoch, in UTC.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let year = u16::try_from(year).ok().filter(|y| (1000..10000).contains(y))?;
        let time = ((rest / 3600) as u8, (rest % 3600 / 60) as u8, (rest % 60) as u8);
        Some(Self { year, month, day, time })
    }

    fn shifted(self, minutes: i64) -> Self {
        Self::from_unix_seconds(self.unix_seconds() + minutes * 60).unwrap_or(self)
    }
}

fn parse_offset(offset: &str) -> Option<i64> {
    match offset {
        "" | "Z" => Some(0),
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let digits = offset[1..].replace(':', "");
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            Some(sign * (hours * 60 + minutes))
        }
    }
}

// Howard Hinnant's days-from-civil algorithm, for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        assert_eq!(PartialDate::parse("2014").unwrap().month, None);
        assert_eq!(PartialDate::parse("2014-06").unwrap().month, Some(6));
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
        assert_eq!(PartialDate::parse("2015-13"), Err(DateError::Month(13)));
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("June 2014").is_err());
        assert!(PartialDate::parse("14").is_err());
    }

    #[test]
    fn compares_only_given_parts() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert!(d("2014").is_before(&d("2015")));
        assert!(!d("2015").is_before(&d("2015-06")));
        assert!(d("2015-05").is_before(&d("2015-06")));
        assert!(!d("2016").is_before(&d("2015-06")));
    }

    #[test]
    fn moments_round_trip_through_unix_time() {
        let m = Moment::parse("2017-12-24T15:53:00").unwrap();
        assert_eq!(m.unix_seconds(), 1_514_130_780);
        assert_eq!(Moment::from_unix_seconds(1_514_130_780), Some(m));
        let shifted = Moment::parse("2017-12-24T15:53+01:00").unwrap();
        assert_eq!(shifted.time, (14, 53, 0));
        assert_eq!(Moment::parse("1970-01-01").unwrap().unix_seconds(), 0);
        assert!(Moment::parse("2017-12").is_err());
        assert!(Moment::parse("2017-12-24T25:00").is_err());
    }
}
