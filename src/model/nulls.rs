//! Nulls read as absent, as people leave keys for later (`highlights:`)
//! and tools write `null` for what they do not know.

use serde::{Deserialize, Deserializer};

/// Reads a list whose key has no value (null) as empty, as people write
/// `highlights:` and leave it for later, and a null item as an empty one,
/// as editors write `[null, "…"]`: the view leaves empty items out, and the
/// items keep their indices, by which messages point into the file.
pub(super) fn null_as_default<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    let items = Option::<Vec<Option<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items.into_iter().map(Option::unwrap_or_default).collect())
}

/// Reads a mapping whose key has no value (`design:`, `design: null`) as
/// absent: its defaults.
pub(super) fn null_as_absent<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a mapping's null values as absent keys (`titles: {work: null}`).
pub(super) fn null_values_absent<'de, D, T>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let map = Option::<std::collections::BTreeMap<String, Option<T>>>::deserialize(deserializer)?;
    Ok(map.unwrap_or_default().into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}
