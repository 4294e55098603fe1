//! `--shard K/N`: the K-th of N parts of a directory of CVs, so that N CI
//! runners (a job matrix) render it together, each CV exactly once.
//!
//! A CV's part follows from its file name alone: the 64-bit FNV-1a hash of
//! the name's UTF-8 bytes (`ada.yaml`), `h`, puts it in part
//! `⌊h · N / 2⁶⁴⌋ + 1`. Adding, removing or renaming a file moves no other
//! file between parts, and the split is the same on every machine, from
//! every working directory, whatever the directory is called. The high bits
//! of the hash choose the part: FNV-1a's low bits follow the names' last
//! characters too closely (its lowest bit is the parity of the bytes).

use std::fmt;
use std::hash::Hasher;
use std::str::FromStr;

use crate::batch::Job;
use crate::gate::Source;

/// The most parts a directory may be split into.
pub const MAX_SHARDS: u32 = 10_000;

/// One of `count` parts, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl FromStr for Shard {
    type Err = String;

    /// Reads `K/N`, with `1 ≤ K ≤ N ≤` [`MAX_SHARDS`].
    ///
    /// # Errors
    /// A sentence saying what a shard is, or which number is out of range.
    fn from_str(text: &str) -> Result<Self, String> {
        let number = |part: &str| {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| part.parse::<u32>().unwrap_or(u32::MAX))
        };
        let Some((Some(index), Some(count))) =
            text.split_once('/').map(|(k, n)| (number(k), number(n)))
        else {
            return Err("a shard is K/N, such as 2/3: the 2nd of 3 parts of the CVs".into());
        };
        if !(1..=MAX_SHARDS).contains(&count) {
            return Err(format!("N, the number of parts, is from 1 to {MAX_SHARDS}"));
        }
        if !(1..=count).contains(&index) {
            return Err(format!("K, the part, is from 1 to N ({count})"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The part, from 1 to `count`, that a file named `name` belongs to.
    pub fn of(name: &str, count: u32) -> u32 {
        let mut hasher = fnv::FnvHasher::default();
        hasher.write(name.as_bytes());
        let part = (u128::from(hasher.finish()) * u128::from(count)) >> 64;
        // Below `count`, which is a u32.
        part as u32 + 1
    }

    /// Whether this part holds `source`. Standard input, one CV without a
    /// name, is in part 1.
    pub fn contains(&self, source: &Source) -> bool {
        let Some(path) = source.path() else { return self.index == 1 };
        let name = path.file_name().unwrap_or(path.as_os_str()).to_string_lossy();
        Self::of(&name, self.count) == self.index
    }

    /// This part of a plan made for every CV ([`crate::batch::plan`], which
    /// refuses names that collide anywhere in the directory, so that a part's
    /// verdict does not depend on N): its CVs, in their order, and their
    /// jobs (every layout of a CV), pointing into the CVs kept.
    pub fn select(&self, sources: Vec<Source>, jobs: Vec<Job>) -> (Vec<Source>, Vec<Job>) {
        let mut kept = Vec::new();
        let moved: Vec<Option<usize>> = sources
            .into_iter()
            .map(|source| {
                self.contains(&source).then(|| {
                    kept.push(source);
                    kept.len() - 1
                })
            })
            .collect();
        let jobs = jobs
            .into_iter()
            .filter_map(|job| Some(Job { data: moved.get(job.data).copied().flatten()?, ..job }))
            .collect();
        (kept, jobs)
    }

    /// What a run of this part takes: `shard 2/3: 7 of the 20 CVs`.
    fn describe(&self, kept: usize, total: usize) -> String {
        let of = match total {
            1 => "the one CV".to_owned(),
            _ => format!("the {total} CVs"),
        };
        match kept {
            0 => format!("shard {self}: none of {of}"),
            _ => format!("shard {self}: {kept} of {of}"),
        }
    }
}

/// The part of a plan that `shard` takes (all of it without a shard): its
/// CVs and their jobs, as [`Shard::select`] makes them, and a note saying
/// what the part holds.
pub fn take(
    shard: Option<Shard>,
    sources: Vec<Source>,
    jobs: Vec<Job>,
) -> (Vec<Source>, Vec<Job>, Option<String>) {
    let Some(shard) = shard else { return (sources, jobs, None) };
    let total = sources.len();
    let (sources, jobs) = shard.select(sources, jobs);
    let note = shard.describe(sources.len(), total);
    (sources, jobs, Some(note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{layouts, plan};
    use crate::render::Format;

    #[test]
    fn fnv_1a_gives_its_reference_values() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv):
        // the split may never change under the users' feet.
        let fnv = |text: &str| {
            let mut hasher = fnv::FnvHasher::default();
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv("foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(Shard::of("a", 2), 2);
        assert_eq!(Shard::of("a", 1), 1);
    }

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        assert_eq!("10000/10000".parse::<Shard>().unwrap().to_string(), "10000/10000");
        for bad in ["", "3", "/3", "1/", "0/3", "4/3", "1/0", "1/10001", "-1/3", "+1/3", "a/b"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} was taken");
        }
        let far = "1/99999999999999999999".parse::<Shard>().unwrap_err();
        assert!(far.contains("from 1 to 10000"), "{far}");
    }

    #[test]
    fn parts_are_even_and_each_name_is_in_one() {
        for count in [2, 3, 7] {
            let mut sizes = vec![0_usize; count as usize];
            for i in 0..7000 {
                let name = format!("cv-{i}.yaml");
                let part = Shard::of(&name, count);
                sizes[part as usize - 1] += 1;
                let holders = (1..=count).filter(|&index| {
                    Shard { index, count }.contains(&Source::File(format!("team/{name}").into()))
                });
                assert_eq!(holders.count(), 1);
            }
            let mean = 7000 / count as usize;
            assert!(sizes.iter().all(|&n| n.abs_diff(mean) < mean / 10), "{count}: {sizes:?}");
        }
        // The name alone counts: not the directory, nor how it is written.
        let a = Source::File("team/ada.yaml".into());
        let b = Source::File("/elsewhere/./ada.yaml".into());
        assert!((1..=7).all(|index| Shard { index, count: 7 }.contains(&a)
            == Shard { index, count: 7 }.contains(&b)));
        assert!(Shard { index: 1, count: 3 }.contains(&Source::Stdin));
        assert!(!Shard { index: 2, count: 3 }.contains(&Source::Stdin));
    }

    #[test]
    fn selects_every_layout_of_its_cvs() {
        let sources: Vec<Source> =
            (0..12).map(|i| Source::File(format!("team/cv-{i}.yaml").into())).collect();
        let all = layouts("all").unwrap();
        let jobs = plan(&sources, &all, true, Format::Pdf, None).unwrap();
        let mut outputs = Vec::new();
        for index in 1..=3 {
            let shard = Shard { index, count: 3 };
            let (kept, jobs) = shard.select(sources.clone(), jobs.clone());
            assert!(kept.iter().all(|s| shard.contains(s)));
            assert_eq!(jobs.len(), kept.len() * all.len());
            for job in jobs {
                let stem = kept[job.data].path().unwrap().file_stem().unwrap().to_owned();
                let prefix = format!("out/{}-", stem.to_string_lossy());
                assert!(job.output.name().starts_with(&prefix), "{}", job.output.name());
                outputs.push(job.output.name());
            }
        }
        outputs.sort();
        let mut whole: Vec<String> = jobs.iter().map(|j| j.output.name()).collect();
        whole.sort();
        assert_eq!(outputs, whole);
    }
}
