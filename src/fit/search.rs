//! Searching a monotonic predicate over a range of steps, in as few
//! compiles as possible: fitting's levels and typography steps.

use crate::diagnostics::Error;

/// The smallest value in `low..=high` for which `fits` holds, if any, given
/// that once it holds it holds for every larger value. It gallops up from
/// `low` (1, 2, 4… steps), because the answer is usually near it, then
/// bisects the last stride.
pub(super) fn first_fitting(
    low: usize,
    high: usize,
    mut fits: impl FnMut(usize) -> Result<bool, Error>,
) -> Result<Option<usize>, Error> {
    let mut failed = None;
    let mut stride = 1;
    let mut probe = low;
    loop {
        if fits(probe)? {
            break;
        }
        if probe == high {
            return Ok(None);
        }
        failed = Some(probe);
        probe = (probe + stride).min(high);
        stride *= 2;
    }
    // `probe` fits and everything up to `failed` does not.
    let (mut low, mut high) = (failed.map_or(probe, |f| f + 1), probe);
    while low < high {
        let middle = low + (high - low) / 2;
        if fits(middle)? {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Ok(Some(high))
}

/// The smallest value in `low..=high` for which `fits` holds, given that it
/// holds at `high` and, once it holds, for every larger value: searched from
/// a guess, galloping down from it when it fits and up when it does not,
/// then bisecting the last stride.
pub(super) fn first_fitting_near(
    low: usize,
    high: usize,
    guess: usize,
    mut fits: impl FnMut(usize) -> Result<bool, Error>,
) -> Result<usize, Error> {
    if !fits(guess)? {
        return Ok(first_fitting(guess + 1, high, fits)?.unwrap_or(high));
    }
    let (mut fitting, mut stride) = (guess, 1);
    while fitting > low {
        let probe = fitting.saturating_sub(stride).max(low);
        if !fits(probe)? {
            // The answer is in probe + 1..=fitting, and `fitting` fits.
            if probe + 1 == fitting {
                return Ok(fitting);
            }
            return Ok(first_fitting(probe + 1, fitting - 1, fits)?.unwrap_or(fitting));
        }
        fitting = probe;
        stride *= 2;
    }
    Ok(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_fitting_finds_the_boundary_quickly() {
        for boundary in 0..40 {
            let mut calls = 0;
            let found = first_fitting(0, 39, |x| {
                calls += 1;
                Ok(x >= boundary)
            })
            .unwrap();
            assert_eq!(found, Some(boundary));
            assert!(calls <= 12, "{calls} calls for {boundary}: not a scan");
            if boundary <= 1 {
                assert!(calls <= 2, "an answer at the start costs little");
            }
        }
        assert_eq!(first_fitting(0, 5, |_| Ok(false)).unwrap(), None);
    }

    #[test]
    fn first_fitting_near_finds_the_boundary_from_any_guess() {
        for boundary in 10..=50 {
            for guess in 10..=50 {
                let mut calls = 0;
                let found = first_fitting_near(10, 50, guess, |x| {
                    calls += 1;
                    Ok(x >= boundary)
                })
                .unwrap();
                assert_eq!(found, boundary, "from {guess}");
                assert!(calls <= 16, "{calls} calls from {guess} for {boundary}");
                if guess == boundary {
                    assert!(calls <= 2, "a right guess costs little");
                }
            }
        }
    }
}
