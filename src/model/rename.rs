//! A deserializer that reads some keys by other names as the data streams
//! through it: the keys of [`Renames`], at their paths.
//!
//! The data stays streamed, so each field still asks for the type it wants
//! (a date written `2015` reaches a text field as the text `2015`), and the
//! wrappers outside it (unknown keys, error paths) see the new names.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use super::source_map::DataPath;

/// Keys to read by another name: the path of each as the file writes its
/// key (its parent already renamed) and the name to read it by.
#[derive(Debug, Default)]
pub(super) struct Renames {
    /// Path of the key → its new name.
    pub keys: HashMap<DataPath, &'static str>,
    /// Keys written by an old name beside the new one: ignored, and
    /// already reported.
    pub dropped: HashSet<DataPath>,
}

/// Wraps a deserializer so that it reads the keys of `renames` by their
/// new names.
pub(super) struct Renaming<'r, D> {
    inner: D,
    /// Where the value being read is; `None` under a key that is not text.
    path: Option<DataPath>,
    renames: &'r Renames,
}

impl<'r, D> Renaming<'r, D> {
    pub(super) fn new(inner: D, renames: &'r Renames) -> Self {
        Self { inner, path: Some(DataPath::default()), renames }
    }
}

/// Forwards `deserialize_*` methods to the inner deserializer with a
/// wrapped visitor.
macro_rules! forward_deserialize {
    ($wrap:ident; $($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                let visitor = $wrap { visitor, path: self.path, renames: self.renames, key: self.key };
                self.inner.$method($($arg,)* visitor)
            }
        )*
    };
}

/// The `deserialize_*` methods of [`Deserializer`], for the macro above.
macro_rules! all_deserialize_methods {
    ($macro:ident!($wrap:ident)) => {
        $macro!($wrap;
            deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
            deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
            deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
            deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
            deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
            deserialize_option(); deserialize_unit();
            deserialize_unit_struct(name: &'static str);
            deserialize_newtype_struct(name: &'static str);
            deserialize_seq(); deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize);
            deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            deserialize_identifier(); deserialize_ignored_any();
        );
    };
}

/// Forwards `deserialize_*` methods with a visitor that wraps maps and
/// sequences.
macro_rules! forward_value {
    ($wrap:ident; $($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method($($arg,)* $wrap { visitor, path: self.path, renames: self.renames })
            }
        )*
    };
}

/// The value side: a deserializer whose visitor wraps maps and sequences.
impl<'de, D: Deserializer<'de>> Deserializer<'de> for Renaming<'_, D> {
    type Error = D::Error;

    all_deserialize_methods!(forward_value!(Wrap));

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Forwards the `visit_*` methods that hold no nested data.
macro_rules! forward_visits {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

/// A visitor that wraps the maps and sequences it is given.
struct Wrap<'r, V> {
    visitor: V,
    path: Option<DataPath>,
    renames: &'r Renames,
}

impl<'de, 'r, V: Visitor<'de>> Visitor<'de> for Wrap<'r, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visits! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Renaming { inner, path: self.path, renames: self.renames })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Renaming {
            inner,
            path: self.path,
            renames: self.renames,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Seq { inner, path: self.path, renames: self.renames, index: 0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Map { inner, path: self.path, renames: self.renames, key: None })
    }

    // Tagged YAML values: read as they are, nothing renamed inside.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// A value at a known path, for `next_element_seed` and `next_value_seed`.
struct Seed<'r, T> {
    seed: T,
    path: Option<DataPath>,
    renames: &'r Renames,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(Renaming { inner, path: self.path, renames: self.renames })
    }
}

struct Seq<'r, A> {
    inner: A,
    path: Option<DataPath>,
    renames: &'r Renames,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let path = self.path.as_ref().map(|p| p.index(self.index));
        self.index += 1;
        self.inner.next_element_seed(Seed { seed, path, renames: self.renames })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Map<'r, A> {
    inner: A,
    path: Option<DataPath>,
    renames: &'r Renames,
    /// The last key read, by its new name; `None` for a key that is not text.
    key: Option<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.key = None;
        let seed =
            KeySeed { seed, path: self.path.as_ref(), renames: self.renames, key: &mut self.key };
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let path = self.path.as_ref().zip(self.key.take()).map(|(p, key)| p.key(&key));
        self.inner.next_value_seed(Seed { seed, path, renames: self.renames })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key: read, renamed if `renames` says so, and remembered in `key`.
struct KeySeed<'a, 'r, K> {
    seed: K,
    path: Option<&'a DataPath>,
    renames: &'r Renames,
    key: &'a mut Option<String>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<K::Value, D::Error> {
        self.seed.deserialize(KeyDeserializer {
            inner,
            path: self.path,
            renames: self.renames,
            key: self.key,
        })
    }
}

struct KeyDeserializer<'a, 'r, D> {
    inner: D,
    path: Option<&'a DataPath>,
    renames: &'r Renames,
    key: &'a mut Option<String>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, '_, D> {
    type Error = D::Error;

    all_deserialize_methods!(forward_deserialize!(KeyVisitor));

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

struct KeyVisitor<'a, 'r, V> {
    visitor: V,
    path: Option<&'a DataPath>,
    renames: &'r Renames,
    key: &'a mut Option<String>,
}

impl<V> KeyVisitor<'_, '_, V> {
    /// The name to read `key` by, remembered for the value's path.
    fn name<'k>(&mut self, key: &'k str) -> &'k str {
        let new = self.path.and_then(|p| self.renames.keys.get(&p.key(key)).copied());
        let name = new.unwrap_or(key);
        *self.key = Some(name.to_owned());
        name
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visits! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<Self::Value, E> {
        let name = self.name(v);
        self.visitor.visit_str(name)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<Self::Value, E> {
        let name = self.name(v);
        self.visitor.visit_str(name)
    }

    fn visit_string<E: de::Error>(mut self, v: String) -> Result<Self::Value, E> {
        let name = self.name(&v).to_owned();
        self.visitor.visit_string(name)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    // A key that is a collection or tagged: read as it is.
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(inner)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}
