//! The order a contingent's people are listed in, worked out in memory: SQLite compares
//! bytes, which puts Kazakh letters after Я, and its sorter copies whole rows.

use std::collections::HashMap;

use crate::domain::Person;
use crate::text::push_collation_key;

/// People's positions in roster order: by unit, family name and given name in
/// Kazakh/Russian alphabet order, then service number. Sorted by index, so the sort moves
/// four bytes per person instead of a whole record.
pub(super) fn alphabet_order(people: &[Person]) -> Vec<u32> {
    // All keys in one buffer: one allocation instead of one per person.
    let mut buf: Vec<u8> = Vec::with_capacity(people.len() * 64);
    let mut ends: Vec<usize> = Vec::with_capacity(people.len() + 1);
    ends.push(0);
    for p in people {
        for field in [&p.unit, &p.family_name, &p.given_name] {
            push_collation_key(&mut buf, field);
        }
        ends.push(buf.len());
    }
    let key = |i: u32| &buf[ends[i as usize]..ends[i as usize + 1]];
    let mut order: Vec<u32> = (0..people.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        key(a).cmp(key(b)).then_with(|| {
            people[a as usize]
                .service_number
                .cmp(&people[b as usize].service_number)
        })
    });
    order
}

/// The distinct units of some people, and each person's place in that list: readiness
/// counts by unit without comparing every person's unit name again.
pub(super) fn distinct_units(people: &[Person]) -> (Vec<String>, Vec<u32>) {
    let mut places: HashMap<&str, u32> = HashMap::new();
    let mut units = Vec::new();
    let unit_of = people
        .iter()
        .map(|p| {
            *places.entry(p.unit.as_str()).or_insert_with(|| {
                units.push(p.unit.clone());
                units.len() as u32 - 1
            })
        })
        .collect();
    (units, unit_of)
}

/// Rearranges `v` so that `v[i]` is what was at `order[i]`, in place: following each
/// cycle of the permutation with swaps moves every element once and allocates nothing.
pub(super) fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    assert_eq!(v.len(), order.len());
    for start in 0..order.len() {
        let mut at = start;
        while order[at] as usize != at {
            let next = order[at] as usize;
            order[at] = at as u32; // placed
            if next == start {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_puts_each_element_where_the_order_says() {
        let orders: [&[u32]; 5] = [&[], &[0], &[1, 0], &[2, 0, 1, 4, 3], &[3, 4, 0, 1, 2, 5]];
        for order in orders {
            let mut v: Vec<u32> = (0..order.len() as u32).map(|i| i * 10).collect();
            permute(&mut v, order.to_vec());
            let want: Vec<u32> = order.iter().map(|i| i * 10).collect();
            assert_eq!(v, want, "{order:?}");
        }
    }
}
