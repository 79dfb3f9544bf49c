//! The sorted keys of the params shapes the facade has seen, per thread, in the slots the
//! facade numbers (`lib/signed-params.js` keeps the same few shapes in the same slots).
//! With them a request sends only its values (see `interleave_params`).

use std::cell::RefCell;

/// As many slots as the facade remembers shapes.
const SLOTS: usize = 8;

struct Shape {
    keys: Vec<Box<[u8]>>,
    /// A key held a lone surrogate (read as U+FFFD): JavaScript might pair it with a
    /// neighbouring value's, so such shapes are always left to the facade.
    lone_surrogates: bool,
}

/// The parameter-text buffer is kept between calls unless one request made it larger.
const RETAINED_CAPACITY: usize = 64 << 10;

thread_local! {
    static SHAPES: RefCell<Vec<Option<Shape>>> = const { RefCell::new(Vec::new()) };
    static PARAMS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

pub fn set_shape(slot: usize, keys: Vec<String>) {
    if slot >= SLOTS {
        return;
    }
    let lone_surrogates = keys.iter().any(|key| key.contains('\u{fffd}'));
    let keys = keys
        .into_iter()
        .map(|key| key.into_bytes().into())
        .collect();
    SHAPES.with(|shapes| {
        let mut shapes = shapes.borrow_mut();
        if shapes.len() <= slot {
            shapes.resize_with(slot + 1, || None);
        }
        if let Some(entry) = shapes.get_mut(slot) {
            *entry = Some(Shape {
                keys,
                lone_surrogates,
            });
        }
    });
}

/// How many keys the shape in `slot` has (0 for an empty slot).
pub fn key_count(slot: usize) -> usize {
    SHAPES.with(|shapes| {
        shapes
            .borrow()
            .get(slot)
            .and_then(Option::as_ref)
            .map_or(0, |shape| shape.keys.len())
    })
}

/// Runs `work` with the parameter text of the shape in `slot` and these values (see
/// `interleave_params`), built in a buffer kept per thread; `None` when the slot is
/// empty, its keys had lone surrogates or the lengths do not fit the values.
pub fn with_shape<T>(
    slot: usize,
    values: &str,
    value_lengths: &[u32],
    work: impl FnOnce(&[u8]) -> T,
) -> Option<T> {
    SHAPES.with(|shapes| {
        let shapes = shapes.borrow();
        let Some(Some(shape)) = shapes.get(slot) else {
            return None;
        };
        if shape.lone_surrogates {
            return None;
        }
        PARAMS.with(|params| {
            let mut params = params.try_borrow_mut().ok()?;
            params.clear();
            if !twilio_signature::interleave_params(&shape.keys, values, value_lengths, &mut params)
            {
                return None;
            }
            let result = work(&params);
            if params.capacity() > RETAINED_CAPACITY {
                *params = Vec::new();
            }
            Some(result)
        })
    })
}
